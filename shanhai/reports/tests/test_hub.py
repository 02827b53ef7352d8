"""The assessment hub: the pairs a user sees at county level and above, with their pages."""

import pytest

from shanhai.pairings.models import Pairing

pytestmark = pytest.mark.django_db


def test_hub_lists_the_visible_main_pairs_with_their_pages(client_for):
    page = client_for("kunshan").get("/reports/").content.decode()
    ks_bj = Pairing.objects.get(reference="KS-BJ")
    assert f"/reports/dashboard/{ks_bj.pk}/" in page
    assert f"/agreements/ten-haves/{ks_bj.pk}/" in page  # a county pair has the ten-haves
    assert f"/reports/briefing/{ks_bj.pk}/" in page
    assert "/returns/?pairing=KS-BJ" in page
    # Kunshan does not see Zhangjiagang ↔ Yanhe, nor town pairs (below county level)
    assert "ZJG-YH" not in page
    assert "KS-BJ-TOWN-ZP" not in page
    # the city pair above it: scorecard of its county pairs
    sz_tr = Pairing.objects.get(reference="SZ-TR")
    assert (f"/reports/scorecard/{sz_tr.pk}/" in page) is (f"/reports/dashboard/{sz_tr.pk}/" in page)


def test_hub_for_the_province_office_shows_every_level(client_for):
    page = client_for("jiangsu").get("/reports/").content.decode()
    for ref in ("JS-GZ", "SZ-TR", "KS-BJ", "ZJG-YH", "WJ-YJ"):
        assert ref in page, ref
    sz_tr = Pairing.objects.get(reference="SZ-TR")
    assert f"/reports/scorecard/{sz_tr.pk}/" in page
    assert page.index("JS-GZ") < page.index(">SZ-TR<") < page.index(">KS-BJ<")


def test_main_nav_reaches_the_hub(client_for):
    page = client_for("auditor").get("/").content.decode()
    assert 'href="/reports/"' in page and "考核" in page
