"""Backing up and restoring a shanhai installation: its database and its attachments, with a manifest.

A backup is a directory (or the same as a .tar.gz):

    manifest.json        what was backed up: per table its rows and a SHA-256 over them, per file its
                         size and SHA-256, the database file's own checksum, the migrations applied
    database.sqlite3     SQLite: a copy taken with SQLite's online backup API (a consistent page copy
                         while the system runs)
    database.pgdump      PostgreSQL: `pg_dump -Fc`, taken in the same snapshot as the manifest's figures
    uploads/             the attachments under SHANHAI_UPLOAD_DIR (agreements, evidence, work logs)

Restoring checks every file of the backup against the manifest before it touches anything, refuses a
database that is in use (accounts, audit rows or regions) unless forced, restores, and then recounts
and rehashes every table and every file and compares them with the manifest.

Table checksums are taken through the database's own driver, in the backup's snapshot and again after
the restore, so they compare a backup with its restore on the same engine (not across engines).
"""

import datetime
import decimal
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
UPLOADS_DIR = "uploads"
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar")
# A database holding any of these is in use: a restore over it needs --force. A freshly migrated
# database has reference kinds and permissions, but no account, no audit row and no region.
IN_USE_TABLES = ("auth_user", "core_auditentry", "regions_region")
CHUNK = 1024 * 1024
BACKUP_WAIT = 120  # seconds a locked SQLite source may hold the backup up


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in the office's words."""


# ---------------------------------------------------------------- checksums


def _plain(value):
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return value


def _row_bytes(row) -> bytes:
    return json.dumps([_plain(v) for v in row], ensure_ascii=False, default=str).encode() + b"\n"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Side:
    """One database seen through its own driver: its tables, their keys, and a digest of each."""

    cursor: object
    vendor: str

    def quote(self, name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    def tables(self) -> list[str]:
        if self.vendor == "sqlite":
            self.cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        else:
            self.cursor.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            )
        return sorted(name for (name,) in self.cursor.fetchall())

    def order_columns(self, table: str) -> list[str]:
        """The primary key's columns, or every column: rows in one order on both sides."""
        if self.vendor == "sqlite":
            self.cursor.execute(f"PRAGMA table_info({self.quote(table)})")
            info = self.cursor.fetchall()  # cid, name, type, notnull, default, pk
            key = [name for _cid, name, _t, _nn, _d, pk in sorted(info, key=lambda c: c[5]) if pk]
            return key or [c[1] for c in info]
        self.cursor.execute(
            "SELECT a.attname FROM pg_index i"
            " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
            " WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)",
            [self.quote(table)],
        )
        key = [name for (name,) in self.cursor.fetchall()]
        if key:
            return key
        self.cursor.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position",
            [table],
        )
        return [name for (name,) in self.cursor.fetchall()]

    def digest(self, table: str) -> dict:
        order = ", ".join(self.quote(c) for c in self.order_columns(table))
        self.cursor.execute(f"SELECT * FROM {self.quote(table)} ORDER BY {order}")
        digest, rows = hashlib.sha256(), 0
        while batch := self.cursor.fetchmany(2000):
            for row in batch:
                digest.update(_row_bytes(row))
                rows += 1
        return {"rows": rows, "sha256": digest.hexdigest()}

    def digests(self) -> dict:
        return {table: self.digest(table) for table in self.tables()}

    def rows_in(self, table: str) -> int:
        self.cursor.execute(f"SELECT count(*) FROM {self.quote(table)}")
        return self.cursor.fetchone()[0]

    def migrations(self) -> dict:
        if "django_migrations" not in self.tables():
            return {}
        self.cursor.execute("SELECT app, max(name) FROM django_migrations GROUP BY app ORDER BY app")
        return dict(self.cursor.fetchall())


# ---------------------------------------------------------------- where things are


def _vendor(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"不支持的数据库：{vendor}（支持 SQLite 与 PostgreSQL）")
    return vendor


def upload_root() -> Path:
    return Path(settings.SHANHAI_UPLOAD_DIR)


def _sqlite_path(using: str) -> Path:
    name = str(connections[using].settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("内存中的 SQLite 数据库不能恢复到：请用 DATABASE_URL 指定数据库文件。")
    return Path(name)


def _pg_params(using: str) -> dict:
    """libpq connection parameters for the alias (for psycopg and, as PG* variables, for pg_dump)."""
    s = connections[using].settings_dict
    params = {"dbname": s["NAME"], "user": s.get("USER"), "password": s.get("PASSWORD"),
              "host": s.get("HOST"), "port": str(s.get("PORT") or "")}
    for key in ("sslmode", "sslrootcert", "sslcert", "sslkey", "passfile", "service"):
        if s["OPTIONS"].get(key):
            params[key] = str(s["OPTIONS"][key])
    return {k: v for k, v in params.items() if v}


def _pg_env(params: dict) -> dict:
    names = {"dbname": "PGDATABASE", "user": "PGUSER", "password": "PGPASSWORD", "host": "PGHOST", "port": "PGPORT",
             "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY",
             "passfile": "PGPASSFILE", "service": "PGSERVICE"}
    return {**os.environ, **{names[k]: v for k, v in params.items()}}


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"找不到 {name}：PostgreSQL 的备份与恢复需要它在 PATH 上"
            f"（Debian/Ubuntu：apt-get install postgresql-client，版本不低于数据库服务器）。"
        )
    return path


def _run(args: list[str], env: dict) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} 失败（退出码 {done.returncode}）：{done.stderr.strip()[-2000:]}")


# ---------------------------------------------------------------- attachments


def _copy_tree(source: Path, target: Path) -> dict:
    """Copies every regular file under source into target; returns {relative path: {bytes, sha256}}."""
    files = {}
    if not source.is_dir():
        return files
    for path in sorted(source.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        relative = path.relative_to(source).as_posix()
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
        files[relative] = {"bytes": destination.stat().st_size, "sha256": file_sha256(destination)}
    return files


def _file_problems(root: Path, expected: dict) -> list[str]:
    problems = []
    present = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} if root.is_dir() else set()
    for relative, facts in sorted(expected.items()):
        path = root / relative
        if relative not in present:
            problems.append(f"缺少文件 {relative}")
        elif path.stat().st_size != facts["bytes"] or file_sha256(path) != facts["sha256"]:
            problems.append(f"文件 {relative} 的内容与清单不符")
    problems += [f"多出文件 {relative}" for relative in sorted(present - set(expected))]
    return problems


# ---------------------------------------------------------------- backup


def _sqlite_connect(name: str) -> sqlite3.Connection:
    return sqlite3.connect(name, uri=name.startswith("file:"))


def _backup_sqlite(using: str, directory: Path) -> tuple[dict, dict]:
    # SQLite's online backup, from a connection of its own (one with a write transaction open, as
    # Django's may be, could not be a backup's source), in steps of 1,024 pages so that offices'
    # saves go on between them; a source kept locked for BACKUP_WAIT seconds stops the backup.
    source = _sqlite_connect(str(connections[using].settings_dict["NAME"]))
    target = directory / SQLITE_FILE
    copy = sqlite3.connect(target)
    deadline = time.monotonic() + BACKUP_WAIT

    def waited_too_long(status, remaining, total):
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise BackupError(f"数据库被占用超过 {BACKUP_WAIT} 秒，备份未完成；请稍后再试。")

    try:
        source.backup(copy, pages=1024, progress=waited_too_long, sleep=0.05)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        side = Side(copy.cursor(), "sqlite")
        return side.digests(), side.migrations()
    finally:
        copy.close()
        source.close()


def _backup_postgres(using: str, directory: Path) -> tuple[dict, dict]:
    import psycopg

    pg_dump = _pg_tool("pg_dump")
    params = _pg_params(using)
    # One snapshot for the dump and the manifest: pg_dump joins this transaction's exported snapshot,
    # so the figures describe exactly the rows in the dump even while offices keep writing.
    with psycopg.connect(**params) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            _run([pg_dump, "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                  "-f", str(directory / POSTGRES_FILE)], _pg_env(params))
            side = Side(cursor, "postgresql")
            result = side.digests(), side.migrations()
        conn.rollback()
    return result


def _is_archive(path: Path) -> bool:
    return path.name.endswith(ARCHIVE_SUFFIXES)


def backup_create(*, target: Path, using: str = "default") -> dict:
    """Writes a backup of the database and the attachments to ``target`` (a new directory or a .tar.gz)."""
    target = Path(target)
    vendor = _vendor(using)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} 已存在且不为空：请指定新的目录或文件名。")
    if _is_archive(target):
        with tempfile.TemporaryDirectory(dir=target.parent if target.parent.exists() else None) as work:
            manifest = _backup_into(Path(work), vendor, using)
            mode = "w" if target.name.endswith(".tar") else "w:gz"
            with tarfile.open(target, mode) as archive:
                for path in sorted(Path(work).iterdir()):
                    archive.add(path, arcname=path.name)
        return manifest
    target.mkdir(parents=True, exist_ok=True)
    return _backup_into(target, vendor, using)


def _backup_into(directory: Path, vendor: str, using: str) -> dict:
    created = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    if vendor == "sqlite":
        tables, migrations = _backup_sqlite(using, directory)
        database_file = directory / SQLITE_FILE
    else:
        tables, migrations = _backup_postgres(using, directory)
        database_file = directory / POSTGRES_FILE
    files = _copy_tree(upload_root(), directory / UPLOADS_DIR)
    manifest = {
        "format": FORMAT,
        "created": created,
        "engine": vendor,
        "database": {"file": database_file.name, "bytes": database_file.stat().st_size,
                     "sha256": file_sha256(database_file)},
        "migrations": migrations,
        "tables": tables,
        "uploads": files,
    }
    # Written last: a backup without its manifest is an unfinished one.
    (directory / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


# ---------------------------------------------------------------- restore


@contextmanager
def _opened(source: Path):
    """The backup as a directory (an archive is unpacked into a temporary one)."""
    source = Path(source)
    if not source.exists():
        raise BackupError(f"找不到备份：{source}")
    if source.is_dir():
        yield source
        return
    with tempfile.TemporaryDirectory() as work:
        try:
            with tarfile.open(source) as archive:
                archive.extractall(work, filter="data")
        except (tarfile.TarError, OSError) as exc:
            raise BackupError(f"无法读取备份文件 {source}：{exc}") from exc
        yield Path(work)


def _read_manifest(directory: Path) -> dict:
    path = directory / MANIFEST
    if not path.exists():
        raise BackupError(f"{directory} 中没有 {MANIFEST}：不是完整的备份。")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式 {manifest.get('format')} 不受支持（本版本读取格式 {FORMAT}）。")
    return manifest


def _check_backup(directory: Path, manifest: dict) -> None:
    """Every file of the backup against the manifest, before anything is overwritten."""
    database = manifest["database"]
    problems = []
    path = directory / database["file"]
    if not path.exists():
        problems.append(f"缺少数据库文件 {database['file']}")
    elif file_sha256(path) != database["sha256"]:
        problems.append(f"数据库文件 {database['file']} 的校验和与清单不符")
    problems += _file_problems(directory / UPLOADS_DIR, manifest["uploads"])
    if problems:
        raise BackupError("备份已损坏，未做任何恢复：" + "；".join(problems))


def _database_in_use(vendor: str, using: str) -> list[str]:
    """The tables that show someone uses the database (with their row counts)."""
    if vendor == "sqlite":
        path = _sqlite_path(using)
        if not path.exists() or path.stat().st_size == 0:
            return []
        conn = sqlite3.connect(path)
        try:
            side = Side(conn.cursor(), "sqlite")
            existing = set(side.tables())
            return [f"{t}（{n} 行）" for t in IN_USE_TABLES if t in existing and (n := side.rows_in(t))]
        finally:
            conn.close()
    with connections[using].cursor() as cursor:
        side = Side(cursor, "postgresql")
        existing = set(side.tables())
        return [f"{t}（{n} 行）" for t in IN_USE_TABLES if t in existing and (n := side.rows_in(t))]


def _restore_sqlite(directory: Path, manifest: dict, using: str) -> dict:
    path = _sqlite_path(using)
    path.parent.mkdir(parents=True, exist_ok=True)
    connections[using].close()
    source = sqlite3.connect(directory / manifest["database"]["file"])
    target = sqlite3.connect(path)
    try:
        source.backup(target)  # replaces every page of the target, also while it is open elsewhere
    finally:
        source.close()
        target.close()
    conn = sqlite3.connect(path)
    try:
        return Side(conn.cursor(), "sqlite").digests()
    finally:
        conn.close()


def _restore_postgres(directory: Path, manifest: dict, using: str) -> dict:
    import psycopg

    pg_restore = _pg_tool("pg_restore")
    params = _pg_params(using)
    connections[using].close()
    _run([pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", "-d", params["dbname"], str(directory / manifest["database"]["file"])], _pg_env(params))
    with psycopg.connect(**params) as conn, conn.cursor() as cursor:
        return Side(cursor, "postgresql").digests()


def _table_problems(expected: dict, found: dict) -> list[str]:
    problems = []
    for table in sorted(set(expected) | set(found)):
        if table not in found:
            problems.append(f"缺少表 {table}")
        elif table not in expected:
            continue  # a table the code added since (migrate makes it); the backup's tables are what count
        elif found[table] != expected[table]:
            e, f = expected[table], found[table]
            problems.append(f"表 {table}：清单 {e['rows']} 行，恢复后 {f['rows']} 行" + ("，内容不同" if e["rows"] == f["rows"] else ""))
    return problems


def backup_restore(*, source: Path, using: str = "default", force: bool = False) -> dict:
    """Restores the database and the attachments from a backup, and proves they match its manifest."""
    vendor = _vendor(using)
    with _opened(Path(source)) as directory:
        manifest = _read_manifest(directory)
        if manifest["engine"] != vendor:
            raise BackupError(f"这是 {manifest['engine']} 的备份，当前数据库是 {vendor}：只能恢复到同一种数据库。")
        _check_backup(directory, manifest)
        uploads = upload_root()
        if not force:
            in_use = _database_in_use(vendor, using)
            if in_use:
                raise BackupError("目标数据库中已有数据（" + "、".join(in_use) + "）：确认要覆盖请加 --force。")
            if uploads.is_dir() and any(p.is_file() for p in uploads.rglob("*")):
                raise BackupError(f"附件目录 {uploads} 不为空：确认要覆盖请加 --force。")

        restore = _restore_sqlite if vendor == "sqlite" else _restore_postgres
        problems = _table_problems(manifest["tables"], restore(directory, manifest, using))

        if uploads.is_dir():
            shutil.rmtree(uploads)  # the attachments become exactly the backup's
        _copy_tree(directory / UPLOADS_DIR, uploads)
        problems += _file_problems(uploads, manifest["uploads"])
        if problems:
            raise BackupError("恢复后的数据与备份清单不符：" + "；".join(problems))
        return manifest
