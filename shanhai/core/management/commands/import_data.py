from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from shanhai.core.importing import import_file
from shanhai.core.registry import importer_get, importers_all


class Command(BaseCommand):
    help = "按模板导入 Excel (.xlsx) 或 CSV（UTF-8/GBK）文件；有任何错误行则整份不写入。"

    def add_arguments(self, parser):
        parser.add_argument("template", help="模板名：" + "、".join(i.name for i in importers_all()))
        parser.add_argument("path")
        parser.add_argument("--actor", required=True, help="以哪个用户的身份与授权导入")
        parser.add_argument(
            "--confirm", action="store_true",
            help="确认提示后写入：数额相差 100 倍及以上、已有的值将被清空、疑似重复（不加则只列出提示，不写入）",
        )

    def handle(self, *args, template, path, actor, confirm=False, **options):
        importer = importer_get(template)
        if importer is None:
            raise CommandError(f"没有名为 {template} 的模板；可用：{'、'.join(i.name for i in importers_all())}")
        user = get_user_model().objects.filter(username=actor).first()
        if user is None:
            raise CommandError(f"用户不存在：{actor}")
        file = Path(path)
        if not file.exists():
            raise CommandError(f"文件不存在：{path}")
        result = import_file(importer, filename=file.name, data=file.read_bytes(), actor=user, confirm=confirm)
        if result.held:
            for warning in result.warnings:
                self.stderr.write(str(warning))
            raise CommandError(f"{len(result.warnings)} 处需要确认，未写入任何数据；核对无误后加 --confirm 重新导入。")
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(result.problems)} 处错误，未写入任何数据。")
        for warning in result.warnings:
            self.stdout.write(f"已确认：{warning}")
        self.stdout.write(f"{result.rows} 行：新增 {result.created}，更新 {result.updated}，未变 {result.unchanged}（批次 {result.batch}）")
