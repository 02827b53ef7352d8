"""Regions, poverty designations and reported figures through the API."""

import pytest

from shanhai.core.models import AuditEntry
from shanhai.regions.models import PovertyDesignation, ReportedFigure

pytestmark = pytest.mark.django_db


def codes(response):
    assert response.status_code == 200, response.content
    return [r["code"] for r in response.json()["results"]]


# ---------------------------------------------------------------- regions


@pytest.mark.parametrize("code", ["520602", "520602000000"])
def test_region_detail_by_short_or_full_code(client_for, code):
    data = client_for("bijiang").get(f"/api/regions/{code}/").json()
    assert (data["code"], data["display_code"], data["name"], data["level"], data["kind"]) == (
        "520602000000", "520602", "碧江区", 3, "county",
    )
    assert data["full_name"] == "贵州省铜仁市碧江区"
    assert [p["name"] for p in data["path"]] == ["贵州省", "铜仁市", "碧江区"]


def test_village_of_the_seeds_by_its_real_code(client_for):
    # Seed 001: 碧江区坝黄镇高坝田村, 520602101208 in the statistics bureau's codes.
    data = client_for("workteam").get("/api/regions/520602101208/").json()
    assert (data["short_name"], data["parent"], data["level"]) == ("高坝田村", "520602101000", 5)
    assert data["provisional"] is False


def test_region_filters(client_for):
    client = client_for("admin")
    villages = codes(client.get("/api/regions/?within=520602101&level=5&page_size=500"))
    assert "520602101208" in villages and all(c.startswith("520602101") for c in villages)
    assert codes(client.get("/api/regions/?parent=520602101&page_size=500")) == villages
    assert codes(client.get("/api/regions/?search=高坝田")) == ["520602101208"]
    streets = client.get("/api/regions/?within=520602&kind=street").json()["results"]
    assert streets and all(r["kind"] == "street" and r["code"].startswith("520602") for r in streets)
    assert client.get("/api/regions/?within=abc").status_code == 400
    assert client.get("/api/regions/?parent=5206021").status_code == 400


def test_regions_are_read_only(client_for):
    response = client_for("admin").patch("/api/regions/520602/", {"name": "x"}, content_type="application/json")
    assert response.status_code == 405


def test_region_outside_scope_is_404_and_absent_from_lists(client_for):
    client = client_for("bijiang")
    assert client.get("/api/regions/520627107211/").status_code == 404
    assert client.get("/api/regions/?search=高山村").json()["count"] == 0


# ---------------------------------------------------------------- reported figures


def test_yanhe_reported_figures_as_decimal_strings(client_for):
    # Seed 002: 230 poor villages, 22 not exited; poverty incidence down to 3.3 %.
    rows = client_for("jiangsu").get("/api/reported-figures/?region=520627&year=2019&page_size=100").json()["results"]
    by_indicator = {r["indicator"]: r for r in rows}
    assert by_indicator["poor_villages"]["value"] == "230"
    assert by_indicator["poor_villages_not_exited"]["value"] == "22"
    assert (by_indicator["poverty_incidence"]["value"], by_indicator["poverty_incidence"]["unit"]) == ("3.3", "%")


def test_reported_figure_set_get_patch_delete(client_for, demo_users):
    client = client_for("bijiang")
    payload = {"region": "520602", "year": 2020, "indicator": "schools", "value": "55", "source": "种子报告 000"}
    created = client.post("/api/reported-figures/", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    figure = created.json()
    assert (figure["region"], figure["value"], figure["indicator_name"]) == ("520602000000", "55", "学校数")
    # The same key again replaces the figure: 200, one record.
    again = client.post("/api/reported-figures/", {**payload, "value": "56"}, content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == figure["id"] and again.json()["value"] == "56"
    url = f"/api/reported-figures/{figure['id']}/"
    patched = client.patch(url, {"value": "55.50"}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["value"] == "55.5"
    assert client.patch(url, {"year": 2019}, content_type="application/json").status_code == 400
    assert client.delete(url).status_code == 204
    assert not ReportedFigure.objects.filter(pk=figure["id"]).exists()
    actions = list(
        AuditEntry.objects.filter(content_type__model="reportedfigure", object_id=str(figure["id"]))
        .order_by("id").values_list("action", "source", "actor__username")
    )
    assert actions == [
        ("create", "api", "bijiang"), ("update", "api", "bijiang"), ("update", "api", "bijiang"),
        ("delete", "api", "bijiang"),
    ]


def test_reported_figure_validation(client_for):
    client = client_for("bijiang")
    before = ReportedFigure.objects.count()
    for payload in (
        {"region": "520602", "year": 2020, "indicator": "schools", "value": "many", "source": "x"},
        {"region": "520602", "year": 2020, "indicator": "nonsense", "value": "1", "source": "x"},
        {"region": "520699", "year": 2020, "indicator": "schools", "value": "1", "source": "x"},
    ):
        assert client.post("/api/reported-figures/", payload, content_type="application/json").status_code == 400
    assert ReportedFigure.objects.count() == before


def test_reported_indicators(client_for):
    rows = client_for("yanhe").get("/api/reported-indicators/?page_size=100").json()["results"]
    assert {"code": "deep_poverty_villages", "name": "深度贫困村", "unit": "个", "description": ""} in rows


# ---------------------------------------------------------------- poverty designations


def test_poverty_designations_of_bijiang(client_for):
    rows = client_for("bijiang").get("/api/poverty-designations/").json()["results"]
    by_region = {(r["region"], r["kind"]): r for r in rows}
    # Seed 001 (written late in 2019): Bijiang exited "last September" (摘帽, 2018); 高坝田村 is one
    # of its deep-poverty villages.
    assert by_region[("520602000000", "poor_county")]["exit_year"] == 2018
    assert ("520602101208", "deep_poverty_village") in by_region
    assert all(r["region"].startswith("520602") for r in rows)


def test_designation_set_and_its_checks(client_for):
    client = client_for("bijiang")
    payload = {"region": "520602101202", "kind": "poor_village", "identified_year": 2014, "source": "测试"}
    response = client.post("/api/poverty-designations/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    url = f"/api/poverty-designations/{response.json()['id']}/"
    assert client.patch(url, {"exit_year": 2019}, content_type="application/json").json()["exit_year"] == 2019
    assert client.patch(url, {"exit_year": 2010}, content_type="application/json").status_code == 400  # before 2014
    assert client.patch(url, {"kind": "deep_poverty_village"}, content_type="application/json").status_code == 400
    # A poor county flag belongs on a county, not a village.
    count = PovertyDesignation.objects.count()
    bad = {"region": "520602101202", "kind": "poor_county"}
    assert client.post("/api/poverty-designations/", bad, content_type="application/json").status_code == 400
    assert PovertyDesignation.objects.count() == count
