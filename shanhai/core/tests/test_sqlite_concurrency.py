"""A county on embedded SQLite: concurrent writes through the API wait their turn instead of failing.

Before WAL, a busy timeout and BEGIN IMMEDIATE, two offices saving at once gave one 500
"database is locked"; fifty gave forty-four. Here a real file database is served by gunicorn
(two worker processes, four threads each) and ten clients create organisations at once.
"""

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from shanhai.core.tests.test_production import BASE_DIR, production_env

CLIENTS = 10
WRITES_EACH = 5

SET_UP = """
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from shanhai.regions.models import Region
Region.objects.create(code="520602000000", level=3, kind="county", name="碧江区", short_name="碧江区")
admin = get_user_model().objects.create_superuser("admin", "", "not-used")
print(Token.objects.create(user=admin).key)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(url, token, payload):
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), method="POST",
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture
def served_sqlite(tmp_path):
    """A migrated file database with one region and a superuser's token, served by gunicorn."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's single-county mode: runs in the SQLite pass")
    db = tmp_path / "county.sqlite3"
    env = production_env(
        tmp_path, DJANGO_SETTINGS_MODULE="config.settings.local", DATABASE_URL=f"sqlite:///{db}",
        SHANHAI_ALLOWED_HOSTS="127.0.0.1",
    )
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=BASE_DIR, check=True, timeout=120)
    token = subprocess.run(
        [*manage, "shell", "-c", SET_UP], env=env, cwd=BASE_DIR, check=True, timeout=60, capture_output=True, text=True
    ).stdout.split()[-1]
    port = free_port()
    log = open(tmp_path / "gunicorn.log", "wb")  # a pipe nobody reads would fill and stall the server
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
         "--timeout", "60", "--no-control-socket", "config.wsgi:application"],  # no socket shared with other servers
        env=env, cwd=BASE_DIR, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/login/", timeout=5)
                break
            except urllib.error.HTTPError as error:
                raise RuntimeError(f"the server answers {error.code} for the login page") from None
            except OSError:  # not listening yet, or still loading the app
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start: " + (tmp_path / "gunicorn.log").read_text()[-2000:]) from None
                time.sleep(0.2)
        yield base, token, db
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def test_sqlite_settings_ask_for_wal_a_busy_timeout_and_immediate_transactions():
    from config.settings import base

    if base.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite's single-county mode: runs in the SQLite pass")
    options = base.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10
    assert "journal_mode=WAL" in options["init_command"]


def test_ten_offices_writing_at_once_all_succeed(served_sqlite):
    base, token, db = served_sqlite
    names = [f"碧江区协作单位{client}-{n}" for client in range(CLIENTS) for n in range(WRITES_EACH)]

    def one_client(client):
        return [
            post(f"{base}/api/orgs/", token, {"name": name, "kind": "department", "region": "520602"})
            for name in names[client * WRITES_EACH:(client + 1) * WRITES_EACH]
        ]

    started = time.monotonic()
    with ThreadPoolExecutor(CLIENTS) as pool:
        answers = [answer for answers in pool.map(one_client, range(CLIENTS)) for answer in answers]
    assert time.monotonic() - started < 45

    failures = [(status, body.decode(errors="replace").partition("<title>")[2][:80]) for status, body in answers
                if status >= 500]
    assert failures == []
    assert [status for status, _ in answers] == [201] * len(names)
    with sqlite3.connect(db) as con:
        stored = {name for (name,) in con.execute("SELECT name FROM orgs_organisation")}
        audited = con.execute("SELECT count(*) FROM core_auditentry WHERE action = 'create'").fetchone()[0]
        journal = con.execute("PRAGMA journal_mode").fetchone()[0]
    assert stored == set(names)  # every write is in the database, each once
    assert audited == len(names)  # and each with its audit row
    assert journal == "wal"
