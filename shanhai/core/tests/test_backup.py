"""Backup and restore round-trip the demo: every table's rows and every attachment come back equal.

The backup is taken from the test database (SQLite in the SQLite pass, PostgreSQL in the PostgreSQL
pass); the restore runs as an operator would run it, `manage.py restore` in its own process, into a
fresh database. The rows are then compared table by table, read through the driver on both sides.

The tests write nothing to the database under test before they back it up: the backup reads it
through a connection of its own, which sees what is committed.
"""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from shanhai.orgs.models import Organisation

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)

ATTACHMENTS = {
    "agreements/昆山市碧江区2019年东西部扶贫协作协议.pdf": b"%PDF-1.4\n" + bytes(range(256)) * 40,
    "ten-haves/2019/有措施-会议纪要.docx": b"PK\x03\x04" + os.urandom(5000),
    "worklogs/昆山驻碧江工作队-2020-05.jpg": b"\xff\xd8\xff\xe0" + os.urandom(2000),
}


@pytest.fixture
def uploads(settings, tmp_path):
    root = tmp_path / "uploads"
    for name, data in ATTACHMENTS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    settings.SHANHAI_UPLOAD_DIR = root
    return root


# ---------------------------------------------------------------- a fresh database to restore into


def _pg_connect(dbname):
    import psycopg

    s = connection.settings_dict
    return psycopg.connect(dbname=dbname, user=s["USER"] or None, password=s["PASSWORD"] or None,
                           host=s["HOST"] or None, port=s["PORT"] or None, autocommit=True)


@pytest.fixture
def fresh_database(tmp_path):
    """(DATABASE_URL of an empty database, function reading a table's rows from it)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored" / "shanhai.sqlite3"

        def rows(table):
            with sqlite3.connect(path) as conn:
                return sorted(map(repr, conn.execute(f'SELECT * FROM "{table}"')))

        yield f"sqlite:///{path}", rows
        return

    s = connection.settings_dict
    name = f"{s['NAME']}_restore"[:63]  # beside this run's own test database, never another run's
    with _pg_connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = f"{s['USER']}:{s['PASSWORD']}@" if s["PASSWORD"] else f"{s['USER']}@"

    def rows(table):
        with _pg_connect(name) as conn:
            return sorted(map(repr, conn.execute(f'SELECT * FROM "{table}"')))

    try:
        yield f"postgres://{auth}{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}", rows
    finally:
        with _pg_connect("postgres") as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def source_rows(table):
    """A table of the database under test, through the same kind of driver as the restored side."""
    if connection.vendor == "sqlite":
        raw = sqlite3.connect(connection.settings_dict["NAME"], uri=True)  # the shared in-memory test database
        try:
            return sorted(map(repr, raw.execute(f'SELECT * FROM "{table}"')))
        finally:
            raw.close()
    with _pg_connect(connection.settings_dict["NAME"]) as conn:
        return sorted(map(repr, conn.execute(f'SELECT * FROM "{table}"')))


def restore(backup, database_url, upload_dir, *extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=database_url,
               SHANHAI_UPLOAD_DIR=str(upload_dir))
    return subprocess.run([sys.executable, "manage.py", "restore", str(backup), *extra], cwd=BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=300)


def all_tables():
    return sorted(connection.introspection.table_names())


# ---------------------------------------------------------------- the round trip


def test_backup_writes_a_manifest_with_every_tables_rows_and_every_attachment(tmp_path, uploads, capsys):
    call_command("backup", str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["engine"] == connection.vendor
    assert set(manifest["tables"]) == set(all_tables())
    assert manifest["tables"]["orgs_organisation"]["rows"] == Organisation.objects.count() > 20
    assert set(manifest["uploads"]) == set(ATTACHMENTS)
    assert all(len(t["sha256"]) == 64 for t in manifest["tables"].values())
    assert (tmp_path / "backup" / "uploads" / "agreements" / "昆山市碧江区2019年东西部扶贫协作协议.pdf").read_bytes() == (
        ATTACHMENTS["agreements/昆山市碧江区2019年东西部扶贫协作协议.pdf"]
    )
    assert "备份完成" in capsys.readouterr().out


def test_restore_into_a_fresh_database_gives_back_every_row_and_every_file(tmp_path, uploads, fresh_database):
    database_url, restored_rows = fresh_database
    call_command("backup", str(tmp_path / "backup"))

    done = restore(tmp_path / "backup", database_url, tmp_path / "restored-uploads")
    assert done.returncode == 0, done.stderr
    assert "恢复完成并已核对" in done.stdout

    differing = [t for t in all_tables() if restored_rows(t) != source_rows(t)]
    assert differing == []
    assert len(restored_rows("orgs_organisation")) == Organisation.objects.count()
    restored = {p.relative_to(tmp_path / "restored-uploads").as_posix(): p.read_bytes()
                for p in (tmp_path / "restored-uploads").rglob("*") if p.is_file()}
    assert restored == ATTACHMENTS


def test_restore_refuses_a_database_in_use_unless_forced(tmp_path, uploads, fresh_database):
    database_url, restored_rows = fresh_database
    call_command("backup", str(tmp_path / "backup"))
    assert restore(tmp_path / "backup", database_url, tmp_path / "up").returncode == 0

    again = restore(tmp_path / "backup", database_url, tmp_path / "up")
    assert again.returncode != 0
    assert "已有数据" in again.stderr and "auth_user" in again.stderr and "--force" in again.stderr

    forced = restore(tmp_path / "backup", database_url, tmp_path / "up", "--force")
    assert forced.returncode == 0, forced.stderr
    assert restored_rows("auth_user") == source_rows("auth_user")


def test_an_archive_round_trips_too(tmp_path, uploads, fresh_database):
    database_url, restored_rows = fresh_database
    call_command("backup", str(tmp_path / "shanhai-2020-05-18.tar.gz"))
    done = restore(tmp_path / "shanhai-2020-05-18.tar.gz", database_url, tmp_path / "up")
    assert done.returncode == 0, done.stderr
    assert restored_rows("pairings_pairing") == source_rows("pairings_pairing")
    assert (tmp_path / "up" / "worklogs" / "昆山驻碧江工作队-2020-05.jpg").read_bytes() == (
        ATTACHMENTS["worklogs/昆山驻碧江工作队-2020-05.jpg"]
    )


def test_a_damaged_backup_is_refused_before_anything_is_restored(tmp_path, uploads, fresh_database):
    database_url, restored_rows = fresh_database
    call_command("backup", str(tmp_path / "backup"))
    evidence = tmp_path / "backup" / "uploads" / "ten-haves" / "2019" / "有措施-会议纪要.docx"
    evidence.write_bytes(evidence.read_bytes()[:-1] + b"!")

    done = restore(tmp_path / "backup", database_url, tmp_path / "up")
    assert done.returncode != 0
    assert "备份已损坏" in done.stderr and "有措施-会议纪要.docx" in done.stderr
    assert not (tmp_path / "up").exists()
    if connection.vendor == "sqlite":
        assert not Path(database_url.removeprefix("sqlite:///")).exists()
    else:
        assert "auth_user" not in _pg_tables(database_url)


def _pg_tables(database_url):
    with _pg_connect(database_url.rsplit("/", 1)[1]) as conn:
        return {name for (name,) in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}


def test_restore_recounts_every_table_against_the_manifest(tmp_path, uploads, fresh_database):
    """A manifest that says one organisation more than the database holds: the restore says which table."""
    database_url, _ = fresh_database
    call_command("backup", str(tmp_path / "backup"))
    path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["tables"]["orgs_organisation"]["rows"] += 1
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")

    done = restore(tmp_path / "backup", database_url, tmp_path / "up")
    assert done.returncode != 0
    assert "与备份清单不符" in done.stderr and "orgs_organisation" in done.stderr


def test_backup_refuses_to_write_over_an_earlier_backup(tmp_path, uploads):
    call_command("backup", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="已存在且不为空"):
        call_command("backup", str(tmp_path / "backup"))


def test_a_missing_pg_dump_is_named(tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump is for PostgreSQL: runs in the PostgreSQL pass")
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH without PostgreSQL's client tools
    with pytest.raises(CommandError, match="找不到 pg_dump.*postgresql-client"):
        call_command("backup", str(tmp_path / "backup"))
