import pytest


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    """Uploaded files go to a directory of the test's own, never var/uploads."""
    settings.SHANHAI_UPLOAD_DIR = tmp_path / "uploads"
    return settings.SHANHAI_UPLOAD_DIR
