"""In a real browser (Debian's /usr/bin/chromium): the city office sends a county pair's return back
with a comment, and the roll-up page of the city pair."""

import pytest

from shanhai.core.testing import ARTIFACTS, log_in

# serialized_rollback: as in shanhai/pairings/tests/test_browser.py (the live server's tests commit).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]



def test_suzhou_sends_back_kunshans_fourth_quarter(page, demo_live_server):
    from shanhai.returns.models import Return

    base = demo_live_server.url
    ret = Return.objects.get(pairing__reference="KS-BJ", period_kind="quarterly", year=2019, period_no=4)
    log_in(page, base, "suzhou")
    # the home page says what waits: KS-BJ's fourth quarter, to review
    assert "2019年第4季度" in page.inner_text("#returns-todo")
    page.click("#returns-todo a:has-text('2019年第4季度')")
    page.wait_for_url(f"{base}/returns/{ret.pk}/")
    funds = page.locator("#figures tr", has_text="各类帮扶资金")
    assert "700 万元以上" in funds.inner_text()  # seed 000's towns (seed 001's 1.2 亿元 spans 2017—2019)
    page.fill("#id_send_back_comment", "请补充第四季度的劳务输出人数")
    page.click("button:has-text('退回')")
    page.wait_for_selector(".msg-success")
    assert "已退回" in page.inner_text("h1")
    last = page.locator("#events tbody tr").last
    assert "退回" in last.inner_text() and "请补充第四季度的劳务输出人数" in last.inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "return-sent-back.png"), full_page=True)


def test_city_pair_rollup_page(page, demo_live_server):
    from shanhai.pairings.models import Pairing

    base = demo_live_server.url
    sz_tr = Pairing.objects.get(reference="SZ-TR")
    log_in(page, base, "tongren")
    page.goto(f"{base}/returns/rollup/{sz_tr.pk}/yearly/2020/1/")
    assert "已审核" in page.locator("tr.child-approved").inner_text()
    assert "421 人" in page.locator("#total-transports").inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "sz-tr-rollup-2020.png"), full_page=True)
