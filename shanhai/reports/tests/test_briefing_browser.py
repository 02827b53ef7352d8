"""In a real browser: Kunshan opens its pair's page, follows the links to the 2019 briefing and to the
reconciliation, and sees the seeds' figures there."""

import pytest

from shanhai.core.testing import ARTIFACTS, log_in

# serialized_rollback: the live server's tests commit; see shanhai/pairings/tests/test_browser.py.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_kunshan_follows_its_pair_to_the_briefing_and_the_reconciliation(page, demo_live_server):
    from shanhai.pairings.models import Pairing

    base = demo_live_server.url
    pk = Pairing.objects.get(reference="KS-BJ").pk
    log_in(page, base, "kunshan")

    page.goto(f"{base}/pairings/{pk}/")
    page.click("#briefing-links >> text=2019年工作简报")
    page.wait_for_url(f"{base}/reports/briefing/{pk}/?year=2019")
    article = page.inner_text("article.briefing")
    assert "昆山市—碧江区东西部扶贫协作工作简报（2019年）" in article
    assert "1.2亿元" in article and "涉及项目57个" in article  # seed 001
    assert "1024名党员" in article and "788户贫困户" in article  # seed 000
    # Each figure says where it comes from.
    assert page.get_attribute("span.figure[data-source='jobsoffered:KS-BJ-JOBS-2019.jobs']", "data-value") == "13000"

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ksbj-briefing-2019.png"), full_page=True)

    page.click("text=数据核对")
    page.wait_for_selector("#reconciliation")
    blueberry = page.locator("tr[data-indicator=planting_area][data-status=mismatch]").first
    assert "不符（+5 亩）" in blueberry.inner_text()
    towns = page.locator("tr[data-indicator=town_pair_money][data-status=mismatch]").first
    assert "700 万元以上" in towns.inner_text() and "120 万元" in towns.inner_text()
    page.screenshot(path=str(ARTIFACTS / "ksbj-reconciliation-2019.png"), full_page=True)
