import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied

from shanhai.core.models import AuditEntry
from shanhai.regions.models import Region, ReportedIndicator
from shanhai.regions.selectors import designated_regions, region_get, reported_value
from shanhai.regions.services import region_create_provisional, regions_load, reported_figure_set

pytestmark = pytest.mark.django_db


def load(actor, prefixes):
    return regions_load(actor=actor, source_dir=settings.REGION_SOURCE_DIR, source_name="test", prefixes=prefixes)


def test_demo_holds_the_seed_villages_with_their_real_codes():
    village = region_get("520602101208")
    assert village.name == "高坝田村村民委员会" and village.short_name == "高坝田村"
    assert [r.short_name for r in village.path()] == ["贵州省", "铜仁市", "碧江区", "坝黄镇", "高坝田村"]
    assert region_get("320583106204").short_name == "七桥村"
    assert region_get("520627107211").full_name.endswith("思渠镇高山村村民委员会")


def test_tongren_has_two_districts_and_eight_counties():
    counties = Region.objects.filter(parent_id="520600000000")
    assert counties.count() == 10
    assert sum(r.name.endswith("区") for r in counties) == 2


def test_loading_twice_changes_nothing(demo_users):
    before = Region.objects.count()
    load(demo_users["admin"], ["520602"])
    assert Region.objects.count() == before
    assert Region.objects.filter(parent_id="520602000000").count() == 15  # 7 streets, 3 towns, 5 townships (2023 codes)


def test_loading_the_whole_country_needs_a_nationwide_role(demo_users):
    with pytest.raises(PermissionDenied):
        load(demo_users["bijiang"], [])
    with pytest.raises(PermissionDenied):
        load(demo_users["jiangsu"], ["11"])


def test_provisional_region_gets_a_code_of_the_same_shape(demo_users):
    town = region_get("520602101")
    trail = AuditEntry.objects.count()
    village = region_create_provisional(actor=demo_users["bijiang"], parent=town, name="新建安置点社区")
    assert village.provisional and village.code == "520602101900" and village.level == 5
    assert village.parent_id == town.code and village.kind == "community"
    again = region_create_provisional(actor=demo_users["bijiang"], parent=town, name="另一个新村")
    assert again.code == "520602101901"
    assert AuditEntry.objects.count() == trail + 2


def test_provisional_region_outside_scope_is_refused(demo_users):
    with pytest.raises(PermissionDenied):
        region_create_provisional(actor=demo_users["bijiang"], parent=region_get("520627107"), name="x")
    assert not Region.objects.filter(parent_id="520627107000", provisional=True).exists()


def test_reported_value_takes_the_latest_year_not_after_the_one_asked(demo_users):
    indicator = ReportedIndicator.objects.get(code="deep_poverty_villages")
    reported_figure_set(actor=demo_users["bijiang"], region=region_get("520602"), year=2020, indicator=indicator, value=0, source="test")
    assert reported_value(region_code="520602000000", indicator="deep_poverty_villages", year=2019).count == 8
    assert reported_value(region_code="520602000000", indicator="deep_poverty_villages", year=2021).count == 0
    assert reported_value(region_code="520602000000", indicator="deep_poverty_villages", year=2017) is None


def test_designations_have_a_status_by_year():
    # Bijiang exited (摘帽) in September 2018: poor in 2017, not poor at the end of 2018.
    assert designated_regions(prefix="520602", year=2017, kind="poor_county", exited=False).count() == 1
    assert designated_regions(prefix="520602", year=2018, kind="poor_county", exited=False).count() == 0
    assert designated_regions(prefix="520602", year=2018, kind="poor_county", exited=True).count() == 1
    # Every deep-poverty village is a poor village.
    assert list(designated_regions(prefix="520602", year=2020, kind="poor_village")) == [region_get("520602101208")]


def test_a_provisional_region_is_never_overwritten_by_the_source(demo_users):
    from shanhai.regions.models import RegionSourceLoad

    # Pretend the bureau's data came to use a code we had handed out provisionally.
    taken = Region.build(code="520602101208", name="临时村", provisional=True)
    Region.objects.filter(code=taken.code).update(name=taken.name, provisional=True)
    load(demo_users["admin"], ["520602101"])
    assert Region.objects.get(code="520602101208").name == "临时村"
    assert RegionSourceLoad.objects.latest("at").clashes == 1


def test_regions_without_a_county_level_are_loaded_once(demo_users):
    # 东莞市 (4419) has no county level; the source repeats its code among the counties.
    result = load(demo_users["admin"], ["4419"])
    assert Region.objects.get(code="441900000000").level == 2
    # What the load reports is what it holds: 广东省 plus the 东莞市 subtree, each once.
    assert result.loaded == 1 + Region.objects.filter(code__startswith="4419").count()
