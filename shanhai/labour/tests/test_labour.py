"""Labour cooperation: the seeds' stations, jobs, order classes, transports and employment, read
back through the selectors, the ledger pages and the API, each with its basis."""

import re

import pytest
from rest_framework.test import APIRequestFactory, force_authenticate

from shanhai.core.records import Basis, Qualifier
from shanhai.labour.api import LabourFiguresViewSet
from shanhai.labour.models import EmploymentOutcome, LabourStation, OrderClass, OrganisedTransport
from shanhai.labour.selectors import (
    employment_reported_stable,
    employment_stable,
    employment_total,
    jobs_offered_total,
    labour_stations_for,
    order_classes_for,
    transports_total,
)
from shanhai.pairings.models import Pairing

pytestmark = pytest.mark.django_db


def pairing(reference):
    return Pairing.objects.get(reference=reference)


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def api_row(client, ledger, reference) -> dict:
    results = client.get(f"/api/{ledger}/?search={reference}&page_size=100").json()["results"]
    [row] = [r for r in results if r["reference"] == reference]
    return row


# ---------------------------------------------------------------- seed 000: Kunshan ↔ Bijiang


def test_kunshan_bijiang_labour_station_set_up_by_the_two_labour_departments(demo_users):
    # Seed 000: 两地劳动部门联合成立了劳动合作站
    [station] = labour_stations_for(user=demo_users["bijiang"], pairing=pairing("KS-BJ"))
    assert station.pairing.reference == "KS-BJ-DEPT-HR"
    assert (station.east_org.name, station.west_org.name) == ("昆山市人力资源和社会保障局", "碧江区人力资源和社会保障局")
    assert station.opened_year is None and station.opened_on is None  # the seed gives no date


def test_kunshan_offers_more_than_13000_jobs_a_year(demo_users):
    # Seed 000: 昆山每年提供1.3万多个就业岗位 — an aggregate, "more than"
    jobs = jobs_offered_total(user=demo_users["kunshan"], pairing=pairing("KS-BJ"), year=2019)
    assert (jobs.total, jobs.aggregate, jobs.itemised, jobs.qualifier, str(jobs)) == (13000, 13000, 0, Qualifier.AT_LEAST, "13,000以上")


def test_order_classes_of_both_county_pairs(demo_users):
    admin = demo_users["admin"]
    [bjh] = order_classes_for(user=admin, pairing=pairing("KS-BJ"))
    assert (bjh.name, bjh.school_name, bjh.school_region_id) == ("百家汇药房定制班", "铜仁职业学院", "520600000000")
    assert bjh.employer_region_id == "320583000000" and bjh.students is None  # the firm is not named, nor the students counted
    [dd] = order_classes_for(user=admin, pairing=pairing("ZJG-YH"))
    assert (dd.name, dd.employer_name, dd.school_name, dd.major) == ("东渡纺织班", "东渡集团", "沿河中等职业学校", "服装设计")
    assert (dd.employer_region_id, dd.school_region_id) == ("320582000000", "520627000000")


# ---------------------------------------------------------------- seed 002: Zhangjiagang ↔ Yanhe


def test_zhangjiagang_yanhe_labour_station_and_233_poor_workers_stable_in_the_east(demo_users):
    admin = demo_users["admin"]
    [station] = labour_stations_for(user=admin, pairing=pairing("ZJG-YH"))
    assert "两江家园" in station.name
    # Seed 002: 吸纳233个沿河贫困劳动力在张家港等东部城市稳定就业 — what the source calls stable
    stable = employment_reported_stable(user=admin, pairing=pairing("ZJG-YH"))
    assert (stable.workers.aggregate, stable.poor_workers.aggregate, stable.workers.itemised) == (233, 233, 0)
    # … and what the rule can say: nothing, for the months kept are not given — not zero, not 233.
    derived = employment_stable(user=admin, pairing=pairing("ZJG-YH"), year=2020)
    assert (derived.stable.workers.total, derived.stable.workers.records) == (0, 0)
    assert derived.undetermined.workers.aggregate == 233
    assert derived.rule.min_months == 6


# ---------------------------------------------------------------- seed 003: Suzhou ↔ Tongren


def test_wujiang_yinjiang_six_batches_421_workers_198_poor(demo_users):
    # Seed 003: 今年共组织6批421名印江县群众赴吴江区企业务工就业，其中建档立卡贫困人口198人
    admin = demo_users["admin"]
    moved = transports_total(user=admin, pairing=pairing("WJ-YJ"), year=2020)
    assert (moved.workers.aggregate, moved.poor_workers.aggregate, moved.poor_unknown) == (421, 198, 0)
    transport = OrganisedTransport.objects.get(reference="WJ-YJ-LAB-WD-2020")
    assert (transport.batches, transport.via, transport.basis) == (6, "苏州文鼎集团", Basis.AGGREGATE)
    employed = employment_total(user=admin, pairing=pairing("WJ-YJ"), year=2020)
    assert (employed.workers.total, employed.poor_workers.total) == (421, 198)
    assert EmploymentOutcome.objects.get(reference="WJ-YJ-EMP-WD-2020").destination.name == "结对东部城市"


def test_144_workers_flown_on_mu7720_date_unknown(demo_users):
    # Seed 003: 来自铜仁各区县的144名务工人员登上MU7720“复工号”专机，飞抵昆山丘钛微电子科技有限公司
    flight = OrganisedTransport.objects.get(flight_number="MU7720")
    assert (flight.workers, flight.year, flight.date, flight.poor_workers) == (144, 2020, None, None)
    assert (flight.get_mode_display(), flight.employer_name) == ("包机", "昆山丘钛微电子科技有限公司")
    moved = transports_total(user=demo_users["admin"], pairing=pairing("SZ-TR"), year=2020)
    # the city pair rolls up its county pairs: 144 + 421 moved; poor known only for the 421
    assert (moved.workers.total, moved.poor_workers.total, moved.poor_unknown) == (565, 198, 1)


def test_labour_pages_show_the_seed_figures(client_for):
    admin = client_for("admin")
    listing = page(admin, "/employment-outcomes/?q=ZJG-YH-EMP-233")
    assert "233" in listing and "汇总（只知总数）" in listing and "东部地区（结对城市与其他未分列）" in listing
    detail = page(admin, f"/employment-outcomes/{EmploymentOutcome.objects.get(reference='ZJG-YH-EMP-233').pk}/")
    assert "无法按规则推算" in detail and "来源称稳定就业" in detail
    assert "13,000 个以上" in page(admin, "/jobs-offered/")
    transports = page(admin, "/transports/")
    assert "MU7720" in transports and "144" in transports and "421" in transports and "198" in transports
    classes = page(admin, "/order-classes/")
    assert "百家汇药房定制班" in classes and "东渡纺织班" in classes
    panel = page(admin, "/regions/520625/")  # 印江县
    assert "劳务协作" in panel and "421" in panel and "198" in panel and "组织输送" in panel
    assert "233" in page(admin, "/regions/520627/")  # 沿河县


def test_labour_api_with_basis(client_for):
    admin = client_for("admin")
    row = api_row(admin, "employment-outcomes", "ZJG-YH-EMP-233")
    assert (row["workers"], row["poor_workers"], row["basis"], row["reported_stable"]) == (233, 233, "aggregate", True)
    assert row["months_kept"] is None and row["start"] is None
    jobs = api_row(admin, "jobs-offered", "KS-BJ-JOBS-2019")
    assert (jobs["jobs"], jobs["qualifier"], jobs["basis"], jobs["per_year"]) == (13000, "at_least", "aggregate", True)
    flight = api_row(admin, "transports", "SZ-TR-LAB-MU7720")
    assert (flight["flight_number"], flight["workers"], flight["date"], flight["year"], flight["basis"]) == ("MU7720", 144, None, 2020, "itemised")
    wd = api_row(admin, "transports", "WJ-YJ-LAB-WD-2020")
    assert (wd["batches"], wd["workers"], wd["poor_workers"], wd["basis"]) == (6, 421, 198, "aggregate")
    station = api_row(admin, "labour-stations", "KS-BJ-LAB-STATION")
    assert (station["pairing"], station["east_org_display"]) == ("KS-BJ-DEPT-HR", "昆山市人社局")


def test_labour_figures_api_derives_from_the_selectors(demo_users):
    view = LabourFiguresViewSet.as_view({"get": "retrieve"})
    request = APIRequestFactory().get("/api/labour-figures/ZJG-YH/?year=2020")
    force_authenticate(request, user=demo_users["zhangjiagang"])
    data = view(request, reference="ZJG-YH").data
    assert data["reported_stable"]["poor_workers"]["aggregate"] == 233
    assert data["stable_derived"]["undetermined"]["workers"]["total"] == 233
    assert data["stable_derived"]["stable"]["workers"]["total"] == 0 and data["stable_derived"]["min_months"] == 6
    request = APIRequestFactory().get("/api/labour-figures/KS-BJ/")
    force_authenticate(request, user=demo_users["bijiang"])
    data = view(request, reference="KS-BJ").data
    assert (data["jobs_offered"]["total"], data["jobs_offered"]["qualifier"]) == (13000, "at_least")


# ---------------------------------------------------------------- scope


def test_bijiang_cannot_see_or_change_yanhe_labour_records(client_for, demo_users):
    client = client_for("bijiang")
    outcome = EmploymentOutcome.objects.get(reference="ZJG-YH-EMP-233")
    assert client.get(f"/employment-outcomes/{outcome.pk}/").status_code == 404
    assert client.get(f"/api/employment-outcomes/{outcome.pk}/").status_code == 404
    assert "ZJG-YH-EMP-233" not in page(client, "/employment-outcomes/")
    station = LabourStation.objects.get(reference="ZJG-YH-LAB-LJJY")
    assert client.post(f"/labour-stations/{station.pk}/edit/", {"name": "x"}).status_code == 404
    assert client.patch(f"/api/labour-stations/{station.pk}/", {"name": "x"}, content_type="application/json").status_code == 404
    before = OrderClass.objects.count()
    response = client.post("/api/order-classes/", {
        "reference": "X-OC", "name": "x", "school_name": "沿河中等职业学校", "school_region": "520627",
        "employer_name": "东渡集团", "employer_region": "320582",
    }, content_type="application/json")
    assert response.status_code == 403 and OrderClass.objects.count() == before
    response = client.post("/order-classes/new/", {
        "reference": "X-OC", "name": "x", "school_name": "沿河中等职业学校", "school_region": "520627",
        "employer_name": "东渡集团", "employer_region": "320582", "basis": "itemised",
    })
    assert response.status_code == 403 and OrderClass.objects.count() == before


def test_bijiang_writes_its_own_outcomes_through_the_form_and_is_audited(client_for):
    from shanhai.core.models import AuditEntry

    client = client_for("bijiang")
    response = client.post("/employment-outcomes/new/", {
        "reference": "BJ-EMP-NEW", "origin": "坝黄镇劳动力", "origin_region": "520602101", "destination": "near_home",
        "year": "2020", "start": "2020-03-01", "months_kept": "7", "workers": "1", "basis": "itemised", "qualifier": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    outcome = EmploymentOutcome.objects.get(reference="BJ-EMP-NEW")
    assert AuditEntry.objects.filter(object_id=str(outcome.pk), content_type__model="employmentoutcome", source="ui").exists()


def test_itemised_outcome_is_one_worker_and_poor_within_workers(demo_users):
    from django.core.exceptions import ValidationError

    from shanhai.labour.models import DestinationClass
    from shanhai.labour.services import employment_outcome_create
    from shanhai.regions.models import Region

    kwargs = {
        "reference": "T-EMP", "origin": "x", "origin_region": Region.objects.get(code="520602000000"),
        "destination": DestinationClass.objects.get(code="near_home"), "year": 2020,
    }
    with pytest.raises(ValidationError) as exc:
        employment_outcome_create(actor=demo_users["bijiang"], workers=3, **kwargs)
    assert "逐人登记时人数为 1" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        employment_outcome_create(actor=demo_users["bijiang"], workers=3, poor_workers=4, basis=Basis.AGGREGATE, **kwargs)
    assert "其中贫困人数不能多于总人数" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        employment_outcome_create(actor=demo_users["bijiang"], months_kept=4, **kwargs)
    assert "请同时填上岗日期" in str(exc.value)
    assert not EmploymentOutcome.objects.filter(reference="T-EMP").exists()


def test_charter_flight_needs_its_flight_number(demo_users):
    from django.core.exceptions import ValidationError

    flight = OrganisedTransport.objects.get(reference="SZ-TR-LAB-MU7720")
    from shanhai.labour.services import transport_update

    with pytest.raises(ValidationError):
        transport_update(actor=demo_users["admin"], obj=flight, flight_number="")
    assert OrganisedTransport.objects.get(pk=flight.pk).flight_number == "MU7720"
