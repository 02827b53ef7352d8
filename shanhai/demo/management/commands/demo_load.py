from django.core.management.base import BaseCommand, CommandError

from shanhai.demo.accounts import ACCOUNTS, PASSWORD
from shanhai.demo.services import DemoLoadError, demo_load


class Command(BaseCommand):
    help = "载入演示数据：苏州—铜仁的区划、单位、结对（经由导入模板），并建立演示账号。可重复运行。"

    def handle(self, *args, **options):
        try:
            results = demo_load()
        except DemoLoadError as exc:
            raise CommandError(str(exc)) from exc
        for filename, result in results:
            self.stdout.write(f"  {filename}: {result.rows} 行，新增 {result.created}，更新 {result.updated}，未变 {result.unchanged}")
        self.stdout.write(self.style.SUCCESS(f"演示数据已载入。账号（密码均为 {PASSWORD}）："))
        for username, display, _, _ in ACCOUNTS:
            self.stdout.write(f"  {username:<14} {display}")
