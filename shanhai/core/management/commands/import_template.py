from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shanhai.core.importing import template_workbook
from shanhai.core.registry import importer_get, importers_all


class Command(BaseCommand):
    help = "生成导入模板（Excel，中文表头与填写说明）。"

    def add_arguments(self, parser):
        parser.add_argument("template", help="模板名：" + "、".join(i.name for i in importers_all()))
        parser.add_argument("path", help="输出的 .xlsx 文件")

    def handle(self, *args, template, path, **options):
        importer = importer_get(template)
        if importer is None:
            raise CommandError(f"没有名为 {template} 的模板")
        Path(path).write_bytes(template_workbook(importer))
        self.stdout.write(f"已写出 {path}")
