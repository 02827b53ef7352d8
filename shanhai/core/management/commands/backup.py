from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shanhai.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "备份数据库与附件到一个新目录（或 .tar.gz 文件），附清单：每张表的行数与校验和、每个附件的校验和。"
        "SQLite 用在线备份，PostgreSQL 用 pg_dump -Fc（需在 PATH 上）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("target", help="新目录，或以 .tar.gz / .tgz / .tar 结尾的文件")
        parser.add_argument("--database", default="default", help="数据库别名（默认 default）")

    def handle(self, *args, target, database, **options):
        try:
            manifest = backup_create(target=Path(target), using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"备份完成（{manifest['engine']}）：{len(manifest['tables'])} 张表 {rows} 行，"
            f"{len(manifest['uploads'])} 个附件 → {target}"
        )
