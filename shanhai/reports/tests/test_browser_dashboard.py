"""In a real browser (Debian's /usr/bin/chromium): Kunshan's office opens its dashboard from the home
page, reads the six dimensions and sees the charts drawn from the server's JSON."""

import pytest

from shanhai.core.testing import ARTIFACTS, log_in

# serialized_rollback: the live server's tests commit, and the flush after each would also empty the
# reference tables the migrations fill (indicators, kinds), which the next test's demo load needs.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SIX = ["组织领导", "人才交流", "资金使用", "产业合作", "劳务协作", "携手奔小康"]


def test_kunshan_opens_the_kunshan_bijiang_dashboard(page, demo_live_server):
    base = demo_live_server.url
    log_in(page, base, "kunshan")
    page.click("#home-dashboards >> text=昆山市—碧江区 看板")
    page.wait_for_selector("section.dimension h2")
    assert "昆山市—碧江区 看板" in page.inner_text("h1")
    # the latest year with Kunshan ↔ Bijiang's records (the seeds were written late 2019)
    assert page.locator("#id_year").input_value() == "2019"
    assert page.locator("section.dimension h2").all_inner_texts() == SIX

    funds = page.locator("tr[data-indicator=funds_all] td.actual a")
    assert funds.inner_text() == "700 万元以上"  # seed 000's towns; seed 001's 1.2 亿元 spans 2017—2019
    assert funds.get_attribute("title").startswith("汇总 700 万元")
    coverage = page.locator("tr[data-indicator=deep_poverty_coverage]")
    assert coverage.locator("td.completion").inner_text() == "100.0%"

    # the charts are drawn from the server's JSON
    page.wait_for_selector("[data-chart=completion-chart][data-rendered] canvas")
    page.wait_for_selector("[data-chart=trend-chart][data-rendered] canvas")
    page.wait_for_selector("[data-chart=network-chart][data-rendered] canvas")

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-ks-bj.png"), full_page=True)
