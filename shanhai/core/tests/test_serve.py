"""`make serve` serves the demo: migrate, collectstatic, then gunicorn under the production settings.

The target itself runs (make with the install stamps taken as up to date, so nothing is installed),
in its own process group on a free port, against a copy of the test database: the demo the session
loaded, written to a temporary SQLite file with SQLite's backup. The pages are fetched over HTTP
with urllib, as a browser would, and the server is stopped again.
"""

import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)
HTMX = BASE_DIR / "node_modules" / "htmx.org" / "dist" / "htmx.min.js"
# make's stamps: -o takes them as up to date, so `make serve` never runs pip or npm here.
STAMPS = [".venv/.stamp-install", "node_modules/.package-lock.json"]
START_TIMEOUT = 40  # seconds for migrate (nothing to do), collectstatic and the first answer


def make_serve(**variables):
    args = ["make", "--no-print-directory", *(a for s in STAMPS for a in ("-o", s)), "serve"]
    args += [f"{k}={v}" for k, v in variables.items()]
    return args


def serve_env(tmp_path, database: Path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SHANHAI_", "DJANGO_", "PYTEST_"))}
    env.update(
        SHANHAI_SECRET_KEY=secrets.token_urlsafe(60),
        SHANHAI_STATIC_ROOT=str(tmp_path / "static"),
        # Plain HTTP on the loopback: no TLS proxy in front here.
        SHANHAI_SSL_REDIRECT="0",
        DATABASE_URL=f"sqlite:///{database}",
        # gunicorn's control socket is one path per user; two servers at once would share it.
        GUNICORN_CMD_ARGS="--no-control-socket",
    )
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def copy_of_the_test_database(target: Path) -> None:
    """The session's demo, committed, into a file gunicorn's workers can open."""
    import sqlite3

    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    copy.close()


def test_make_serve_refuses_to_start_without_a_secret_key(tmp_path):
    env = serve_env(tmp_path, tmp_path / "none.sqlite3")
    del env["SHANHAI_SECRET_KEY"]
    done = subprocess.run(make_serve(PORT=free_port()), cwd=BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=30)
    assert done.returncode != 0
    assert "SHANHAI_SECRET_KEY is not set" in done.stdout + done.stderr
    # It stopped before migrate: no database file was made.
    assert not (tmp_path / "none.sqlite3").exists()


@pytest.mark.django_db
def test_make_serve_answers_the_login_page_and_static_files(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("served from a copy of the SQLite test database; the SQLite pass runs this")
    database = tmp_path / "served.sqlite3"
    copy_of_the_test_database(database)
    port = free_port()
    env = serve_env(tmp_path, database)
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(make_serve(HOST="127.0.0.1", PORT=port, WORKERS=1, THREADS=2),
                                  cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        status, body = None, b""
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, body = fetch(f"{base}/login/")
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.25)
        assert status == 200, f"no answer from make serve ({server.poll()=}):\n{log.read_text()[-3000:]}"
        page = body.decode()
        assert "登录山海系统" in page
        assert 'name="csrfmiddlewaretoken"' in page

        # collectstatic ran: the page names hashed files, and WhiteNoise serves them as they are.
        scripts = re.findall(r'src="(/static/vendor/htmx/htmx\.min\.[0-9a-f]{12}\.js)"', page)
        assert len(scripts) == 1, page
        status, js = fetch(base + scripts[0])
        assert status == 200
        assert js == HTMX.read_bytes()
        status, _ = fetch(f"{base}/static/vendor/htmx/no-such-file.js")
        assert status == 404
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    assert "migrate" in log.read_text()
    assert "Listening at: " + base in log.read_text()
