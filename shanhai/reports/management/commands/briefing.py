"""manage.py briefing KS-BJ --year 2019 --format md|docx --out FILE: a pair's work briefing (工作简报)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from shanhai.pairings.models import Pairing
from shanhai.reports.briefing import briefing_build, briefing_docx, briefing_markdown


class Command(BaseCommand):
    help = "写出一个结对某年度的工作简报（Markdown 或 Word）。"

    def add_arguments(self, parser):
        parser.add_argument("pairing", help="结对编号，如 KS-BJ")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["md", "docx"], default="md")
        parser.add_argument("--out", help="输出文件；Markdown 留空则打印")
        parser.add_argument("--user", help="以该用户的权限范围读取（默认：第一个超级用户）")

    def handle(self, *args, pairing, year, format, out, user, **options):
        users = get_user_model().objects
        reader = users.filter(username=user).first() if user else users.filter(is_superuser=True, is_active=True).first()
        if reader is None:
            raise CommandError(f"用户不存在：{user}" if user else "没有可用的超级用户；请用 --user 指定")
        found = Pairing.objects.visible_to(reader).filter(reference=pairing).first()
        if found is None:
            raise CommandError(f"结对编号不存在或不在 {reader.username} 的权限范围内：{pairing}")
        briefing = briefing_build(user=reader, pairing=found, year=year)
        if format == "docx":
            if not out:
                raise CommandError("Word 格式须用 --out 指定文件")
            Path(out).write_bytes(briefing_docx(briefing))
        elif out:
            Path(out).write_text(briefing_markdown(briefing), encoding="utf-8")
        else:
            self.stdout.write(briefing_markdown(briefing))
            return
        self.stdout.write(f"{briefing.title} → {out}")
