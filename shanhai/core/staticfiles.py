"""What `collectstatic` takes from node_modules: the builds a browser loads, not the whole package.

ECharts' dist/ is 46 MB (every build with its source map); collected and compressed for
production it was 143 MB and twenty seconds. The pages load the minified builds, so a file with a
minified sibling, source maps and the ES-module / CommonJS / AMD builds stay behind. Serving
through the finders (runserver, DEBUG) still finds every file.
"""

import fnmatch
import os

from django.contrib.staticfiles.finders import FileSystemFinder

# Builds for bundlers and Node, never for a <script> tag.
NOT_FOR_BROWSERS = ["*.map", "*.mjs", "*.d.ts", "*.esm.*", "*.cjs.*", "*.amd.*", "package.json"]
VENDOR_PREFIX = "vendor/"


def _for_browsers(path: str, storage) -> bool:
    name = os.path.basename(path)
    if any(fnmatch.fnmatchcase(name, pattern) for pattern in NOT_FOR_BROWSERS):
        return False
    if name.endswith(".js") and not name.endswith(".min.js"):
        return not storage.exists(path[: -len(".js")] + ".min.js")
    return True


class BrowserBuildsFinder(FileSystemFinder):
    """STATICFILES_DIRS, with only the browser builds of the vendor/ (node_modules) directories listed."""

    def list(self, ignore_patterns):
        for path, storage in super().list(ignore_patterns):
            if (getattr(storage, "prefix", "") or "").startswith(VENDOR_PREFIX) and not _for_browsers(path, storage):
                continue
            yield path, storage
