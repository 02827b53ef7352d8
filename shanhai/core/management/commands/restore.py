from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shanhai.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "从 backup 命令写的备份恢复数据库与附件：先按清单核对备份，恢复后再逐表、逐文件核对。"
        "目标数据库已有数据时拒绝，除非加 --force。"
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="备份目录或 .tar.gz 文件")
        parser.add_argument("--force", action="store_true", help="覆盖已有数据的数据库和附件目录")
        parser.add_argument("--database", default="default", help="数据库别名（默认 default）")

    def handle(self, *args, source, force, database, **options):
        try:
            manifest = backup_restore(source=Path(source), using=database, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"恢复完成并已核对：{len(manifest['tables'])} 张表 {rows} 行，{len(manifest['uploads'])} 个附件"
            f"（备份于 {manifest['created']}）。如代码比备份新，请再运行 migrate。"
        )
