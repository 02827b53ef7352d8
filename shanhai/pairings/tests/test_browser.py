"""In a real browser (Debian's /usr/bin/chromium): Bijiang's coverage, imports in place, the pairing form's
suggestions and deleting from a page."""

import pytest

from shanhai.core.testing import ARTIFACTS, log_in

# serialized_rollback: the live server's tests commit, and the flush after each would also empty the
# reference tables the migrations fill (indicators, kinds), which the next test's demo load needs.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]



def test_bijiang_sees_deep_poverty_villages_fully_paired(page, demo_live_server):
    base = demo_live_server.url
    log_in(page, base, "bijiang")
    assert "碧江区乡村振兴局，您好" in page.inner_text("h1")

    page.goto(f"{base}/coverage/520602/")
    row = page.locator("tr[data-target=deep_poverty_villages]")
    assert row.locator("td").first.inner_text() == "深度贫困村"
    assert row.locator(".share").inner_text() == "100.0%"
    assert "逐一 1 + 汇总 7" in row.inner_text()
    # The chart is drawn from the server's JSON.
    page.wait_for_selector("[data-chart=coverage-chart][data-rendered] canvas")

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "bijiang-coverage.png"), full_page=True)


def test_import_result_replaces_its_box_in_place(page, demo_live_server, tmp_path):
    base = demo_live_server.url
    log_in(page, base, "bijiang")
    page.goto(f"{base}/imports/")
    bad = tmp_path / "单位.csv"
    bad.write_text("单位全称,单位类别,所在区划代码\n碧江区某合作社,合作社,520699\n", encoding="utf-8")
    page.set_input_files("#import-organisations input[type=file]", str(bad))
    page.click("#import-organisations button[type=submit]")
    result = page.locator("#result-organisations")
    result.locator("table.problems").wait_for()
    assert "第 2 行" in result.inner_text() and "520699" in result.inner_text()
    assert page.url == f"{base}/imports/"  # HTMX swapped the result in; no page load


def test_pairing_form_suggests_parents_and_regions_as_bijiang_types(page, demo_live_server):
    base = demo_live_server.url
    log_in(page, base, "bijiang")
    page.goto(f"{base}/pairings/new/")
    page.fill("#id_parent", "KS-BJ-V")
    options = page.locator("#id_parent-suggestions option")
    options.first.wait_for(state="attached")
    assert [options.nth(i).get_attribute("value") for i in range(options.count())] == ["KS-BJ-VILLAGE-QQ", "KS-BJ-VILLAGES"]

    page.fill("#id_parties-1-region", "高坝田")
    village = page.locator("#id_parties-1-region-suggestions option")
    village.first.wait_for(state="attached")
    assert village.first.get_attribute("value") == "520602101208"
    # typed into a row added in place, the suggestions go to that row's own list
    page.click("text=添加一行")
    page.locator("#id_parties-3-organisation").wait_for()
    # htmx wires a swapped-in row once it has settled (a few milliseconds after it appears);
    # wait for that, as a person would have, before typing.
    page.wait_for_function(
        "() => { const el = document.querySelector('#id_parties-3-organisation');"
        " return el && el.getAttribute('hx-get') && el['htmx-internal-data'] !== undefined; }"
    )
    page.fill("#id_parties-3-organisation", "碧江区司法")
    page.locator("#id_parties-3-organisation-suggestions option[value='碧江区司法局']").wait_for(state="attached")


def test_bijiang_deletes_an_organisation_from_its_page(page, demo_live_server):
    base = demo_live_server.url
    log_in(page, base, "bijiang")
    page.goto(f"{base}/orgs/new/")
    page.fill("#id_name", "碧江区农业农村局")
    page.select_option("#id_kind", "department")
    page.fill("#id_region", "520602")
    page.click("form.panel button[type=submit]")  # not the masthead's 退出
    page.click("a.button.danger")
    assert "删除单位：碧江区农业农村局" in page.inner_text("h1")
    page.click("form.panel button.danger")
    page.wait_for_url(f"{base}/orgs/")
    assert "已删除：碧江区农业农村局" in page.inner_text(".messages")
