"""The .md briefing shows names as they were written: a pair named like a Markdown link reads as
plain text, never as a link, heading or list; the pairing's note (its 备注) is never printed."""

import re

import pytest

from shanhai.pairings.models import Pairing
from shanhai.pairings.services import pairing_update
from shanhai.reports.briefing import markdown_escape

pytestmark = pytest.mark.django_db

NAME = "[点我](http://x) **粗**"
NOTE = "1. 第一条\n# 标题\n- 列表 <b>粗</b> &amp; ![图](http://x) `代码` _斜_ | 表 ~删~"


def unescaped(markdown: str) -> str:
    """What a CommonMark reader shows for backslash-escaped punctuation."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def test_a_pair_named_as_markdown_downloads_as_literal_text(client_for, demo_users):
    ksbj = Pairing.objects.get(reference="KS-BJ")
    pairing_update(actor=demo_users["admin"], pairing=ksbj, name=NAME, note=NOTE)

    response = client_for("kunshan").get(f"/reports/briefing/{ksbj.pk}.md?year=2019")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/markdown")
    markdown = response.content.decode()
    lines = markdown.splitlines()

    title = next(line for line in lines if line.startswith("# "))
    assert title == r"# \[点我\]\(http://x\) \*\*粗\*\*东西部扶贫协作工作简报（2019年）"
    # Read back, the text is what was written.
    assert unescaped(title) == f"# {NAME}东西部扶贫协作工作简报（2019年）"
    assert "第一条" not in markdown and "列表" not in markdown  # the note is the office's own
    # The only headings are the title and the six dimensions; no line starts a list or a quote.
    assert [line[:3] for line in lines if line.startswith("#")] == ["# \\"] + ["## "] * 6
    assert not [line for line in lines if re.match(r"(\d+[.)]|[-+*>])\s", line)]
    # The figures are written as before: 1.2亿元, not 1\.2亿元.
    assert "1.2亿元" in markdown


def test_markdown_escape_leaves_chinese_and_figures_alone():
    assert markdown_escape("昆山市—碧江区，1.2亿元以上（100%）") == "昆山市—碧江区，1.2亿元以上（100%）"
    assert markdown_escape("a\r\n\r\n  b") == "a b"
