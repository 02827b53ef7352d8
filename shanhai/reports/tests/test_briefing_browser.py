"""In a real browser: Kunshan opens its pair's page, follows the links to the 2019 briefing and to the
reconciliation, and sees the seeds' figures there."""

from pathlib import Path

import pytest
from django.conf import settings

# serialized_rollback: the live server's tests commit; see shanhai/pairings/tests/test_browser.py.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTIFACTS = Path(settings.BASE_DIR) / "var" / "test-artifacts"


def test_kunshan_follows_its_pair_to_the_briefing_and_the_reconciliation(browser, demo_live_server):
    from shanhai.pairings.models import Pairing

    base = demo_live_server.url
    pk = Pairing.objects.get(reference="KS-BJ").pk
    context = browser.new_context(locale="zh-CN", viewport={"width": 1360, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{base}/login/")
        page.fill("#id_username", "kunshan")
        page.fill("#id_password", "demo")
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/")

        page.goto(f"{base}/pairings/{pk}/")
        page.click("#briefing-links >> text=2019年工作简报")
        page.wait_for_url(f"{base}/reports/briefing/{pk}/?year=2019")
        article = page.inner_text("article.briefing")
        assert "昆山市—碧江区东西部扶贫协作工作简报（2019年）" in article
        assert "1.2亿元" in article and "涉及项目57个" in article  # seed 001
        assert "1024名党员" in article and "788户贫困户" in article  # seed 000
        # Each figure says where it comes from.
        assert page.get_attribute("span.figure[data-source='indicator:jobs_offered']", "data-value") == "13000"

        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "ksbj-briefing-2019.png"), full_page=True)

        page.click("text=数据核对")
        page.wait_for_selector("#reconciliation")
        blueberry = page.locator("tr[data-indicator=planting_area][data-status=mismatch]").first
        assert "不符（+5 亩）" in blueberry.inner_text()
        towns = page.locator("tr[data-indicator=town_pair_money][data-status=mismatch]").first
        assert "700 万元以上" in towns.inner_text() and "120 万元" in towns.inner_text()
        page.screenshot(path=str(ARTIFACTS / "ksbj-reconciliation-2019.png"), full_page=True)
    finally:
        context.close()
