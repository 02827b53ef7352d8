"""Production settings hold: the deployment checks pass, HTTPS is enforced, passwords have a policy,
and the static files (ours and node_modules' pinned JS) are served by the app after collectstatic.

Settings are process-wide, so anything that runs *under* config.settings.production runs in a
child process with the environment an operator would set.
"""

import importlib
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import include, path

BASE_DIR = Path(django_settings.BASE_DIR)
HTMX = BASE_DIR / "node_modules" / "htmx.org" / "dist" / "htmx.min.js"


def production_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SHANHAI_", "DJANGO_", "PYTEST_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SHANHAI_SECRET_KEY=secrets.token_urlsafe(60),
        SHANHAI_ALLOWED_HOSTS="shanhai.example.gov.cn,testserver",
        SHANHAI_STATIC_ROOT=str(tmp_path / "static"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    )
    env.update(extra)
    return env


def run(args, env, timeout=120):
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout
    )


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    done = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout


def test_check_deploy_names_an_ssl_redirect_switched_off(tmp_path):
    """The checks are live: the operator's switch is read, and turning HTTPS off is reported."""
    done = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
               production_env(tmp_path, SHANHAI_SSL_REDIRECT="0"))
    assert done.returncode != 0
    assert "security.W008" in done.stdout + done.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SHANHAI_SECRET_KEY"]
    done = run(["manage.py", "check"], env)
    assert done.returncode != 0 and "SHANHAI_SECRET_KEY" in done.stderr


def test_static_files_are_served_by_the_app_after_collectstatic(tmp_path):
    env = production_env(tmp_path)
    collected = run(["manage.py", "collectstatic", "--noinput"], env)
    assert collected.returncode == 0, collected.stderr
    hashed = list((tmp_path / "static" / "vendor" / "htmx").glob("htmx.min.*.js"))
    assert len(hashed) == 1
    assert not (tmp_path / "static" / "vendor" / "echarts" / "echarts.js.map").exists()  # source maps stay behind

    probe = """
import django, json
django.setup()
from django.test import Client
c = Client()
plain = c.get("/static/vendor/htmx/htmx.min.js", HTTP_HOST="shanhai.example.gov.cn")
page = c.get("/login/", secure=True, HTTP_HOST="shanhai.example.gov.cn")
src = next(part.split('"')[0] for part in page.content.decode().split('src="')[1:] if "htmx" in part)
js = c.get(src, secure=True, HTTP_HOST="shanhai.example.gov.cn")
body = b"".join(js.streaming_content) if js.streaming else js.content
print(json.dumps({
    "plain": [plain.status_code, plain.headers.get("Location")],
    "page": [page.status_code, page.headers.get("Strict-Transport-Security")],
    "src": src,
    "js": [js.status_code, js.headers.get("Cache-Control"), body.hex()],
}))
"""
    served = run(["-c", probe], env)
    assert served.returncode == 0, served.stderr
    result = json.loads(served.stdout.strip().splitlines()[-1])
    # Plain HTTP is sent to HTTPS, and HTTPS answers carry HSTS for a year with subdomains.
    assert result["plain"] == [301, "https://shanhai.example.gov.cn/static/vendor/htmx/htmx.min.js"]
    assert result["page"] == [200, "max-age=31536000; includeSubDomains; preload"]
    # The page names the hashed file, and that file is node_modules' htmx, byte for byte, cached for good.
    assert re.fullmatch(r"/static/vendor/htmx/htmx\.min\.[0-9a-f]{12}\.js", result["src"])
    status, cache_control, body = result["js"]
    assert status == 200
    assert "max-age=315360000" in cache_control and "immutable" in cache_control
    assert bytes.fromhex(body) == HTMX.read_bytes()


@pytest.fixture
def production_settings(monkeypatch):
    monkeypatch.setenv("SHANHAI_SECRET_KEY", secrets.token_urlsafe(60))
    module = importlib.import_module("config.settings.production")
    return importlib.reload(module)


def test_production_password_policy_refuses_the_demo_password(production_settings, settings):
    settings.AUTH_PASSWORD_VALIDATORS = production_settings.AUTH_PASSWORD_VALIDATORS
    for weak in ["demo", "shanhai2020", "12345678901", "bijiangbijiang"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Bijiang-2020-xiezuo")  # long, three kinds of character: accepted


def test_production_password_policy_asks_for_three_kinds_of_character(production_settings, settings):
    settings.AUTH_PASSWORD_VALIDATORS = production_settings.AUTH_PASSWORD_VALIDATORS
    with pytest.raises(ValidationError) as refused:
        validate_password("bijiangxiezuobangfu")
    assert any("至少 3 种" in message for message in refused.value.messages)


def test_local_and_test_settings_keep_the_demo_password():
    validate_password("demo")  # no policy outside production: the demo accounts log in with "demo"


def _broken_view(request):
    raise RuntimeError("区划代码表缺失")


urlpatterns = [path("broken/", _broken_view), path("", include("config.urls"))]


def test_server_errors_are_logged_to_stdout_with_the_traceback(client, settings, capsys):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    assert client.get("/broken/").status_code == 500
    assert client.get("/nowhere/").status_code == 404
    out = capsys.readouterr().out
    assert "ERROR django.request" in out and "Internal Server Error: /broken/" in out
    assert "RuntimeError: 区划代码表缺失" in out  # the traceback, for the operator
    assert "/nowhere/" not in out  # a 404 is not an error to act on
