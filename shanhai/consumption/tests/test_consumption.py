"""Consumption assistance: the seeds' sales, channels and contracts through the selectors, the
ledger pages and the API, in tonnes and money, itemised and aggregate apart; unknown is not zero."""

import re
from decimal import Decimal

import pytest
from rest_framework.test import APIRequestFactory, force_authenticate

from shanhai.consumption.api import ChannelFiguresViewSet, SalesFiguresViewSet
from shanhai.consumption.models import ChannelKind, DistributionContract, Sale, SalesChannel
from shanhai.consumption.selectors import (
    channel_figures,
    channels_count,
    contracts_firms,
    sales_by_channel,
    sales_by_pairing,
    sales_by_year,
    sales_total,
)
from shanhai.core.units import convert
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


# ---------------------------------------------------------------- seed 002: 1,620 斤 of daylilies


def test_yonggang_1620_jin_of_daylilies_is_exactly_0_81_tonnes(demo_users):
    # Seed 002: 永钢集团一次性采购沿河新景镇龙山村黄花菜1620斤
    assert convert("1620", "斤", "吨") == Decimal("0.81")
    sale = Sale.objects.get(reference="ZJG-YH-SALE-YG-HHC")
    assert (sale.quantity, sale.unit, sale.mass_grams, sale.tonnes) == (Decimal("1620"), "斤", 810_000, Decimal("0.81"))
    assert (sale.producer_region_id, sale.buyer_name, sale.buyer_region_id, sale.amount) == ("520627116204", "永钢集团", "320582000000", None)
    total = sales_total(user=demo_users["zhangjiagang"], pairing=pairing("ZJG-YH"))
    assert (total.mass.itemised, total.mass.aggregate, total.mass.tonnes, str(total.mass)) == (810_000, 0, Decimal("0.81"), "0.81 吨")


def test_zhangjiagang_yanhe_868_wan_bought_and_sold_since_2017(demo_users):
    # Seed 002: 采购、销售沿河农特产品868万元 — an aggregate; the daylilies' amount is unknown, not 0
    total = sales_total(user=demo_users["admin"], pairing=pairing("ZJG-YH"))
    assert (total.amount.aggregate, total.amount.itemised, str(total.amount)) == (868_0000_00, 0, "868 万元")
    assert (total.records, total.amount_unknown) == (2, 1)


# ---------------------------------------------------------------- seed 000/001: Kunshan ↔ Bijiang


def test_four_showcase_points_in_kunshan_sold_1_06_yi(demo_users):
    # Seed 000: 在昆山设立碧江农产品四个展示点 … 共计1.06亿元
    user = demo_users["bijiang"]
    showcase = ChannelKind.objects.get(code="showcase")
    points = channels_count(user=user, pairing=pairing("KS-BJ"), kind=showcase)
    assert (points.aggregate, points.itemised, points.records) == (4, 0, 1)
    channel = SalesChannel.objects.get(reference="KS-BJ-CH-SHOWCASE")
    through = channel_figures(user=user, channel=channel).sales
    assert (through.amount.aggregate, through.amount.itemised) == (1_0600_0000_00, 0)
    assert Sale.objects.get(reference="KS-BJ-SALE-SHOWCASE").amount_text == "1.06 亿元"


def test_tourism_year_card_4000_sold_in_2019_amount_unknown(demo_users):
    # Seed 000: 昆山碧江旅游年卡，今年售出4000张
    card = Sale.objects.get(reference="KS-BJ-SALE-YEARCARD")
    assert (card.year, card.quantity, card.unit, card.amount, card.tonnes) == (2019, Decimal("4000"), "张", None, None)
    by_channel = {(k.name if k else None): t for k, t in sales_by_channel(user=demo_users["kunshan"], pairing=pairing("KS-BJ"), year=2019)}
    assert by_channel["文旅产品"].amount_unknown == 1 and by_channel["文旅产品"].amount.records == 0
    assert by_channel["展示中心"].amount.total == 1_0600_0000_00
    year = sales_by_year(user=demo_users["kunshan"], pairing=pairing("KS-BJ"))[2019]
    assert (year.records, year.amount.total, year.amount_unknown, year.mass.records) == (2, 1_0600_0000_00, 1, 0)


def test_bai_shui_rice_cooperative_signs_with_7_kunshan_firms_at_the_15th_expo(demo_users):
    # Seed 001: 11月15-17日 … 碧江白水大米合作社还与昆山7家企业达成经销合作并进行现场签约
    firms = contracts_firms(user=demo_users["kunshan"], pairing=pairing("KS-BJ"), year=2019)
    assert (firms.total, firms.aggregate) == (7, 7)
    contract = DistributionContract.objects.get(reference="KS-BJ-DIST-BSRICE")
    assert (contract.seller_name, contract.seller_region_id, contract.buyer_region_id) == ("碧江白水大米合作社", "520602000000", "320583000000")
    assert (str(contract.event_start), str(contract.event_end), contract.date) == ("2019-11-15", "2019-11-17", None)
    assert "第十五届海峡两岸（昆山）农产品展示展销会" in contract.event


# ---------------------------------------------------------------- seed 003: Suzhou ↔ Tongren


def test_tongren_4002_12_tonnes_and_25760_58_wan_poor_people_unknown(demo_users):
    # Seed 003: 销往苏州等东部帮扶城市农特产品4002.12吨，销售金额25760.58万元，带动贫困人口3***13人
    rows = dict(sales_by_pairing(user=demo_users["admin"], pairing=pairing("SZ-TR"), year=2020))
    tongren = rows[pairing("SZ-TR")]
    assert (tongren.mass.aggregate, tongren.mass.tonnes, str(tongren.mass)) == (4_002_120_000, Decimal("4002.12"), "4,002.12 吨")
    assert (tongren.amount.aggregate, tongren.amount.itemised) == (25760_58_0000, 0)
    # illegible in the source: unknown, not zero
    assert (tongren.poor_people_driven.records, tongren.poor_unknown) == (0, 1)
    assert Sale.objects.get(reference="SZ-TR-SALE-2020").poor_people_driven is None
    assert Sale.objects.get(reference="SZ-TR-SALE-2020").amount_text == "25,760.58 万元"
    # the city pair rolls up its county pairs: the 0.81 吨 of daylilies is itemised, apart
    total = sales_total(user=demo_users["admin"], pairing=pairing("SZ-TR"), year=2020)
    assert (total.mass.aggregate, total.mass.itemised) == (4_002_120_000, 810_000)


def test_fanjingshan_showcase_centre_led_to_31_outlets(demo_users):
    # Seed 003: 去年开业5个月时间，带动建设农产品展销中心（旗舰店、专柜等）31个
    centre = SalesChannel.objects.get(reference="SZ-TR-CH-FJSZ")
    assert (centre.basis, centre.count, centre.east_region_id, centre.opened_year) == ("itemised", 1, "320507000000", 2019)
    outlets = channel_figures(user=demo_users["admin"], channel=centre).outlets
    assert (outlets.total, outlets.aggregate, outlets.itemised, outlets.records) == (31, 31, 0, 1)
    child = SalesChannel.objects.get(reference="SZ-TR-CH-FJSZ-OUTLETS")
    assert (child.parent, child.west_region_id, child.pairing.reference) == (centre, "520600000000", "SZ-TR")  # inherited


def test_honghai_supply_chain_base_is_an_expectation_not_sales(demo_users):
    # Seed 003: 预计年转换农产品8000吨，间接带动5000人
    base = SalesChannel.objects.get(reference="SZ-TR-CH-HONGHAI")
    assert (base.expected_tonnes_per_year, base.expected_people, base.west_region_id) == (Decimal("8000"), 5000, "520603000000")
    assert base.kind.name == "供应链基地" and "预计" in base.note
    assert sales_total(user=demo_users["admin"], channel=base).records == 0


def test_sangang_logistics_base_with_yinjiang_april_2020():
    base = SalesChannel.objects.get(reference="WJ-YJ-CH-SANGANG")
    assert (base.kind.name, base.operator_name, base.opened_year, base.pairing.reference) == ("物流基地", "三港农副产品配送有限公司", 2020, "WJ-YJ")
    assert "黔货出山" in base.name and "2020 年 4 月" in base.note


# ---------------------------------------------------------------- pages and API


def test_consumption_pages_show_the_seed_figures(client_for):
    admin = client_for("admin")
    listing = page(admin, "/sales/?q=SZ-TR-SALE-2020")
    assert "4,002.12 吨" in listing and "25,760.58 万元" in listing and "未知" in listing and "汇总（只知总数）" in listing
    assert "1,620 斤" in page(admin, "/sales/?q=黄花菜") and "0.81" in page(admin, "/sales/?q=黄花菜")
    assert "868 万元" in page(admin, "/sales/?q=ZJG-YH-SALE-868")
    showcase = page(admin, "/sales/?q=KS-BJ-SALE-SHOWCASE")
    assert "1.06 亿元" in showcase
    assert "4,000 张" in page(admin, "/sales/?q=旅游年卡")
    centre = page(admin, f"/sales-channels/{SalesChannel.objects.get(reference='SZ-TR-CH-FJSZ').pk}/")
    assert "带动开设网点" in centre and "31 个" in centre
    honghai = page(admin, f"/sales-channels/{SalesChannel.objects.get(reference='SZ-TR-CH-HONGHAI').pk}/")
    assert "8000 吨" in honghai and "5000 人" in honghai and "不是实绩" in honghai
    contracts = page(admin, "/distribution-contracts/")
    assert "碧江白水大米合作社" in contracts and "7" in contracts
    region = page(admin, "/regions/520600/")  # 铜仁市: per pairing, per year, per channel
    assert "消费帮扶" in region and "4,002.12 吨" in region and "25,760.58 万元" in region


def test_consumption_api_with_basis(client_for):
    admin = client_for("admin")
    row = api_row(admin, "sales", "SZ-TR-SALE-2020")
    assert (row["quantity"], row["unit"], row["amount"], row["basis"], row["poor_people_driven"]) == ("4002.12", "吨", 25760_58_0000, "aggregate", None)
    hhc = api_row(admin, "sales", "ZJG-YH-SALE-YG-HHC")
    assert (hhc["quantity"], hhc["unit"], hhc["amount"], hhc["basis"]) == ("1620", "斤", None, "itemised")
    assert api_row(admin, "sales", "ZJG-YH-SALE-868")["amount"] == 868_0000_00
    card = api_row(admin, "sales", "KS-BJ-SALE-YEARCARD")
    assert (card["quantity"], card["unit"], card["amount"]) == ("4000", "张", None)
    outlets = api_row(admin, "sales-channels", "SZ-TR-CH-FJSZ-OUTLETS")
    assert (outlets["count"], outlets["basis"], outlets["parent"]) == (31, "aggregate", "SZ-TR-CH-FJSZ")
    honghai = api_row(admin, "sales-channels", "SZ-TR-CH-HONGHAI")
    assert (honghai["expected_tonnes_per_year"], honghai["expected_people"]) == ("8000", 5000)
    contract = api_row(admin, "distribution-contracts", "KS-BJ-DIST-BSRICE")
    assert (contract["buyer_count"], contract["event_start"], contract["event_end"], contract["basis"]) == (7, "2019-11-15", "2019-11-17", "aggregate")


def test_sales_figures_api_per_pairing(demo_users):
    view = SalesFiguresViewSet.as_view({"get": "retrieve"})
    request = APIRequestFactory().get("/api/sales-figures/ZJG-YH/")
    force_authenticate(request, user=demo_users["zhangjiagang"])
    data = view(request, reference="ZJG-YH").data
    assert data["total"]["amount"]["aggregate"] == 868_0000_00 and data["total"]["amount"]["display"] == "868 万元"
    assert (data["total"]["mass"]["tonnes"], data["total"]["mass"]["itemised_tonnes"]) == ("0.81", "0.81")
    assert data["total"]["amount_unknown_records"] == 1
    request = APIRequestFactory().get("/api/channel-figures/SZ-TR-CH-FJSZ/")
    force_authenticate(request, user=demo_users["admin"])
    data = ChannelFiguresViewSet.as_view({"get": "retrieve"})(request, reference="SZ-TR-CH-FJSZ").data
    assert (data["outlets"]["total"], data["outlets"]["aggregate"]) == (31, 31)


# ---------------------------------------------------------------- scope


def test_bijiang_cannot_see_or_change_yanhe_sales(client_for):
    client = client_for("bijiang")
    sale = Sale.objects.get(reference="ZJG-YH-SALE-YG-HHC")
    assert client.get(f"/sales/{sale.pk}/").status_code == 404
    assert client.get(f"/api/sales/{sale.pk}/").status_code == 404
    assert client.delete(f"/api/sales/{sale.pk}/").status_code == 404
    assert "ZJG-YH" not in page(client, "/sales/")
    before = Sale.objects.count()
    response = client.post("/api/sales/", {
        "reference": "X-S", "product": "黄花菜", "producer_name": "龙山村", "producer_region": "520627116204",
        "buyer_name": "永钢集团", "year": 2020, "quantity": "100", "unit": "斤",
    }, content_type="application/json")
    assert response.status_code == 403 and Sale.objects.count() == before
    assert Sale.objects.get(pk=sale.pk).quantity == Decimal("1620")


def test_quantity_and_unit_together_and_exact_to_the_gram(demo_users):
    from django.core.exceptions import ValidationError

    from shanhai.consumption.services import sale_update

    sale = Sale.objects.get(reference="ZJG-YH-SALE-YG-HHC")
    with pytest.raises(ValidationError) as exc:
        sale_update(actor=demo_users["admin"], obj=sale, unit="")
    assert "数量与单位须同时填写" in str(exc.value)
    sale = Sale.objects.get(pk=sale.pk)
    updated = sale_update(actor=demo_users["admin"], obj=sale, quantity=Decimal("810"), unit="公斤")
    assert (updated.mass_grams, updated.tonnes) == (810_000, Decimal("0.81"))  # 810 公斤 = 1,620 斤
