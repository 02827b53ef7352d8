"""The region browser: the tree on real codes, itemised flags beside reported counts, scoped by prefix."""

import io
import re

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def row_of(page, text):
    """The table row (<tr>…</tr>) that contains ``text``."""
    for row in re.findall(r"<tr[^>]*>.*?</tr>", page, re.S):
        if text in row:
            return row
    raise AssertionError(f"no row with {text}")


def test_bijiang_county_page_shows_path_children_and_coverage_link(client_for):
    page = client_for("bijiang").get("/regions/520602/").content.decode()
    assert "<h1>碧江区" in page
    # The path above is named but not linked: Tongren and Guizhou are outside Bijiang's scope.
    assert "贵州省" in page and "铜仁市" in page
    assert 'href="/regions/520600/"' not in page
    # Children with kind and short name: 9 towns/townships and streets of the seeds, among 15.
    assert 'href="/regions/520602101/"' in page
    assert "坝黄镇" in row_of(page, "520602101") and "镇" in row_of(page, "520602101")
    assert "瓦屋乡" in row_of(page, "520602203") and "瓦屋侗族乡" in row_of(page, "520602203")
    assert 'href="/coverage/520602/' in page


def test_deep_poverty_villages_itemised_and_reported_side_by_side(client_for):
    page = client_for("bijiang").get("/regions/520602/?year=2020").content.decode()
    assert "逐一标注" in page and "报告数" in page
    row = row_of(page, "<td>深度贫困村</td>")
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    # Seed 000: 8 deep-poverty villages reported in 2019 (seed 000 was written in 2019); one of them (高坝田村) flagged itemised.
    assert ">1<" in cells[1] and ">8<" in cells[2] and "2019" in cells[3]


def test_bijiang_exit_year_shown_on_the_county(client_for):
    page = client_for("bijiang").get("/regions/520602/").content.decode()
    assert "贫困县" in page and "2018年退出" in page


def test_village_page_by_twelve_digit_code(client_for):
    page = client_for("bijiang").get("/regions/520602101208/").content.decode()
    assert "高坝田村" in page and "深度贫困村" in page
    # The pairings in which the village itself is a party.
    assert "七桥村 ↔ 高坝田村" in page and "鲜活果汁 ↔ 高坝田村" in page


def test_yanhe_is_not_bijiangs_to_browse(client_for):
    client = client_for("bijiang")
    assert client.get("/regions/520627/").status_code == 404
    assert client.get("/regions/520627107211/").status_code == 404
    assert client.get("/regions/999999/").status_code == 404


def test_yanhe_reported_figures_for_the_national_office(client_for):
    page = client_for("admin").get("/regions/520627/?year=2019").content.decode()
    # Seed 002: 230 poor villages, 208 exited, 22 not; 50 deep-poverty villages.
    assert ">230<" in row_of(page, "贫困村（含深度贫困村）")
    assert ">50<" in row_of(page, "<td>深度贫困村</td>")
    assert ">208<" in row_of(page, "已出列贫困村")
    assert ">3.3<" in row_of(page, "贫困发生率")


def test_search_by_name_and_code_stays_in_scope(client_for):
    client = client_for("bijiang")
    page = client.get("/regions/?q=高坝田").content.decode()
    assert "520602101208" in page
    assert "520602" in client.get("/regions/?q=520602").content.decode()
    page = client.get("/regions/?q=沿河").content.decode()
    assert "沿河土家族自治县" not in page and "共 0 条" in page


def test_region_list_starts_from_the_users_roots(client_for):
    page = client_for("yanhe").get("/regions/").content.decode()
    assert "思渠镇" in page and 'href="/regions/520627107/"' in page


def test_region_list_exports_the_rows(client_for):
    client = client_for("bijiang")
    csv = client.get("/regions/?q=高坝田&export=csv").content.decode("utf-8-sig")
    assert "区划代码" in csv.splitlines()[0] and "520602101208" in csv
    wb = load_workbook(io.BytesIO(client.get("/regions/?level=3&export=xlsx").content))
    values = [r[0] for r in wb.worksheets[0].iter_rows(values_only=True)]
    assert values == ["区划代码", "320583", "520602"]  # Bijiang's own county and Kunshan across their pair


def references_in_panel(page, heading):
    panel = page[page.index(heading):]
    panel = panel[:panel.index("</section>")]
    return set(re.findall(r'<a href="/pairings/\d+/">([A-Z][A-Z0-9-]+)</a>', panel))


def test_village_page_lists_the_pairs_the_village_itself_is_a_party_to(client_for):
    page = client_for("bijiang").get("/regions/520602101208/").content.decode()
    # 高坝田村: named in the village pair with 七桥村, the blueberry project and the Zhangpu chamber's pair.
    assert references_in_panel(page, "以本区划为结对方的结对") == {"KS-BJ-VILLAGE-QQ", "KS-BJ-ENT-XH", "KS-BJ-SOCIAL-3"}


def test_town_page_lists_its_own_pairs_not_its_villages(client_for):
    page = client_for("kunshan").get("/regions/320583106/").content.decode()
    # 张浦镇 pairs with 坝黄镇, and the Zhangpu chamber of commerce, seated in the town, with 高坝田村;
    # 七桥村's pair lies below the town and is not the town's own.
    assert references_in_panel(page, "以本区划为结对方的结对") == {"KS-BJ-TOWN-ZP", "KS-BJ-SOCIAL-3"}


def test_yanhe_village_page_for_the_national_office(client_for):
    page = client_for("admin").get("/regions/520627107211/").content.decode()
    assert references_in_panel(page, "以本区划为结对方的结对") == {"ZJG-YH-CHAMBER-HT"}
    assert client_for("bijiang").get("/regions/520627107211/").status_code == 404
