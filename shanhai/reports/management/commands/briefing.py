"""manage.py briefing KS-BJ --year 2019 --format md|docx --out FILE [--issue 3 --office … --date 2019-12-20
--report-to … --send-to …]: a pair's work briefing (工作简报), as the office sends it."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from shanhai.pairings.models import Pairing
from shanhai.reports.briefing import briefing_build, briefing_docx, briefing_issue, briefing_markdown


class Command(BaseCommand):
    help = "写出一个结对某年度的工作简报（Markdown 或 Word）。"

    def add_arguments(self, parser):
        parser.add_argument("pairing", help="结对编号，如 KS-BJ")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["md", "docx"], default="md")
        parser.add_argument("--out", help="输出文件；Markdown 留空则打印")
        parser.add_argument("--user", help="以该用户的权限范围读取（默认：第一个超级用户）")
        parser.add_argument("--issue", default="", help="期数（第X期），默认 1")
        parser.add_argument("--office", default="", help="发文单位；默认为读取用户的单位或结对的东部协作办")
        parser.add_argument("--date", default="", help="发文日期，如 2019-12-20；默认今天")
        parser.add_argument("--report-to", default="", help="报：…")
        parser.add_argument("--send-to", default="", help="送：…")

    def handle(self, *args, pairing, year, format, out, user, issue, office, date, report_to, send_to, **options):
        try:
            issue = briefing_issue(number=issue, office=office, date=date, report_to=report_to, send_to=send_to)
        except ValueError as e:
            raise CommandError(str(e)) from None
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
            Path(out).write_bytes(briefing_docx(briefing, issue))
        elif out:
            Path(out).write_text(briefing_markdown(briefing, issue), encoding="utf-8")
        else:
            self.stdout.write(briefing_markdown(briefing, issue))
            return
        self.stdout.write(f"{briefing.title} → {out}")
