"""An eastern actor above the pair (a municipal state enterprise, a city-wide foundation) acting inside
a county pair: the pair's office records it as the acting party, and may pair it under its own pair;
who acted stays visible, and the write rule is not loosened for anyone else."""

import pytest

from shanhai.core.importing import import_file
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes
from shanhai.funds.models import Fund
from shanhai.orgs.models import Organisation
from shanhai.pairings.models import Pairing, PartyType

pytestmark = pytest.mark.django_db


def load(name, rows, user):
    return import_file(importer_get(name), filename=f"{name}.csv", data=csv_bytes(rows), actor=user)


@pytest.fixture
def city_firm(demo_users):
    # The city's office registers its own enterprise, as it would through the organisations template
    result = load("organisations", [
        ["单位全称", "简称", "单位类别", "所在区划代码"],
        ["苏州国发创业投资集团有限公司", "苏州国发集团", "国有企业", "320500"],
    ], demo_users["suzhou"])
    assert result.ok, [str(p) for p in result.problems]
    return Organisation.objects.get(short_name="苏州国发集团")


FUND_HEADER = ["台账编号", "资金类别", "资金名称", "来源方", "来源单位", "来源方区划代码", "使用方", "使用方区划代码", "结对编号", "年度", "金额（万元）"]


def test_the_county_office_records_a_city_enterprise_acting_inside_its_pair(demo_users, city_firm, client_for):
    result = load("funds", [FUND_HEADER, [
        "KS-BJ-GUOFA-1", "企业捐赠资金", "苏州国发集团产业扶持资金", "苏州国发集团", "苏州国发集团", "320583", "碧江区", "520602", "KS-BJ", "2019", "300",
    ]], demo_users["kunshan"])
    assert result.ok, [str(p) for p in result.problems]
    fund = Fund.objects.get(reference="KS-BJ-GUOFA-1")
    # who acted stays visible: the enterprise and its city, beside the pair's own region it acted in
    assert (fund.source_org, fund.source_org.region.code[:4], fund.source_region.code[:6], fund.amount) == (
        city_firm, "3205", "320583", 300_0000_00,
    )
    page = client_for("bijiang").get(f"/funds/{fund.pk}/").content.decode()
    assert "苏州国发集团" in page


def test_the_city_enterprise_can_be_a_party_of_a_pairing_under_the_county_pair(demo_users, city_firm):
    result = load("pairings", [
        ["结对编号", "上级结对编号", "结对类型", "名称", "帮扶方", "受帮扶方", "状态"],
        ["KS-BJ-GUOFA", "KS-BJ", "政企结对", "苏州国发集团—坝黄镇", "苏州国发集团@320583", "520602101", "有效"],
    ], demo_users["kunshan"])
    assert result.ok, [str(p) for p in result.problems]
    pairing = Pairing.objects.get(reference="KS-BJ-GUOFA")
    [helper] = [p for p in pairing.parties.all() if p.role == "helper"]
    # it stands where it acts (Kunshan), and stays named: 苏州国发集团（在昆山市）
    assert (pairing.kind.name, helper.party_type, helper.organisation, helper.region.code[:6]) == (
        "政企结对", PartyType.ORGANISATION, city_firm, "320583",
    )
    assert helper.describe() == "苏州国发集团（在昆山市）"
    # without saying where it acts, the city enterprise stands in the city, beyond Kunshan's pairs
    refused = load("pairings", [
        ["结对编号", "上级结对编号", "结对类型", "名称", "帮扶方", "受帮扶方", "状态"],
        ["KS-BJ-GUOFA-2", "KS-BJ", "政企结对", "苏州国发集团—瓦屋乡", "苏州国发集团", "520602102", "有效"],
    ], demo_users["kunshan"])
    assert not refused.ok and "320500000000" in str(refused.problems[0])


def test_a_sibling_county_still_cannot_act_for_the_pair(demo_users, city_firm):
    # Zhangjiagang (a sibling county of the same city) reads the city's enterprise, but KS-BJ is not its pair
    result = load("funds", [FUND_HEADER, [
        "ZJG-GUOFA-1", "企业捐赠资金", "苏州国发集团产业扶持资金", "苏州国发集团", "苏州国发集团", "320583", "碧江区", "520602", "KS-BJ", "2019", "300",
    ]], demo_users["zhangjiagang"])
    assert not result.ok and not Fund.objects.filter(reference="ZJG-GUOFA-1").exists()


def test_the_city_enterprise_is_read_but_not_changed_by_the_county(demo_users, city_firm):
    assert Organisation.objects.visible_to(demo_users["kunshan"]).filter(pk=city_firm.pk).exists()
    result = load("organisations", [
        ["单位全称", "简称", "单位类别", "所在区划代码", "备注"],
        ["苏州国发创业投资集团有限公司", "苏州国发集团", "国有企业", "320500", "昆山改写"],
    ], demo_users["kunshan"])
    assert not result.ok
    assert Organisation.objects.get(pk=city_firm.pk).note == ""
