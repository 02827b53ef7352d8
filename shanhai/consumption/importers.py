"""The consumption templates: sales, channels and distribution contracts, written through the services."""

from decimal import Decimal, InvalidOperation

from shanhai.core.importing import (
    NOTE_COLUMN,
    SOURCE_COLUMN,
    Column,
    LedgerImporter,
    basis_column,
    money_column,
    parse_date,
    parse_int,
    parse_kind,
    parse_record,
    parse_year,
    qualifier_column,
)
from shanhai.core.registry import register_importer
from shanhai.core.units import UNITS
from shanhai.orgs.importers import parse_organisation
from shanhai.pairings.importers import parse_pairing
from shanhai.regions.importers import parse_region

from . import services
from .models import ChannelKind, DistributionContract, Sale, SalesChannel

BASIS = basis_column(example="汇总（只知总数）")
QUALIFIER = qualifier_column(help="“868万余元”填 余")
SOURCE = SOURCE_COLUMN
NOTE = NOTE_COLUMN
PAIRING = Column("结对编号", "pairing", parse=parse_pairing, example="SZ-TR")


parse_channel_kind = parse_kind(ChannelKind, "渠道类别")


def parse_quantity(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "").replace("，", "").strip())
    except InvalidOperation as exc:
        raise ValueError("应为数字") from exc
    if value < 0:
        raise ValueError("数量不能为负")
    return value


def parse_unit(text: str) -> str:
    if text not in UNITS:
        raise ValueError("未知单位；可用：" + "、".join(UNITS))
    return text


parse_channel = parse_record(SalesChannel, template="销售渠道")


class _Ledger(LedgerImporter):
    create_service = None
    update_service = None

    def create(self, *, actor, **fields):
        return type(self).create_service(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return type(self).update_service(actor=actor, obj=obj, **fields)


@register_importer
class SalesChannelImporter(_Ledger):
    name = "sales-channels"
    title = "销售渠道"
    model = SalesChannel
    create_service = services.sales_channel_create
    update_service = services.sales_channel_update
    columns = [
        Column("台账编号", "reference", required=True, example="SZ-TR-CH-FJSZ"),
        Column("名称", "name", required=True, example="“梵净山珍”（苏州）展示中心"),
        Column("渠道类别", "kind", required=True, parse=parse_channel_kind, help="展示中心、旗舰店、专柜、电商、单位采购、展会、供应链基地等", example="展示中心"),
        Column("上级渠道编号", "parent", help="由展示中心带动开设的网点填展示中心编号（须已登记或在本文件中列在前面）"),
        Column("个数", "count", parse=parse_int, help="汇总记录代表的网点个数；逐个登记为 1", example="31"),
        Column("运营方", "operator_name"),
        Column("运营单位", "operator_org", parse=parse_organisation),
        Column("地点", "place", example="苏州市相城区"),
        Column("东部区划代码", "east_region", parse=parse_region, help="下级网点可空，随上级", example="320507"),
        Column("西部区划代码", "west_region", parse=parse_region, help="所售产品产地；下级网点可空", example="520600"),
        PAIRING,
        Column("开设年度", "opened_year", parse=parse_year),
        Column("开设日期", "opened_on", parse=parse_date),
        Column("预计年销售/转换量（吨）", "expected_tonnes_per_year", parse=parse_quantity, help="运营方预计，不计入销售"),
        Column("预计带动人数", "expected_people", parse=parse_int),
        BASIS, QUALIFIER, SOURCE, NOTE,
    ]

    parent_field = "parent"

    def create(self, *, actor, **fields):
        return services.sales_channel_create(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return services.sales_channel_update(actor=actor, obj=obj, **fields)


@register_importer
class SaleImporter(_Ledger):
    name = "sales"
    title = "消费帮扶销售"
    model = Sale
    create_service = services.sale_create
    update_service = services.sale_update
    columns = [
        Column("台账编号", "reference", required=True, example="ZJG-YH-SALE-YG-HHC"),
        Column("产品", "product", required=True, example="黄花菜"),
        Column("生产方", "producer_name", required=True, example="新景镇龙山村"),
        Column("生产单位", "producer_org", parse=parse_organisation),
        Column("产地区划代码", "producer_region", required=True, parse=parse_region, example="520627116204"),
        Column("购买/销售方", "buyer_name", required=True, example="永钢集团"),
        Column("购买单位", "buyer_org", parse=parse_organisation),
        Column("销往区划代码", "buyer_region", parse=parse_region, example="320582"),
        Column("渠道类别", "channel_kind", parse=parse_channel_kind, example="单位采购"),
        Column("销售渠道编号", "channel", parse=parse_channel),
        PAIRING,
        Column("年度", "year", required=True, parse=parse_year, example="2020"),
        Column("日期", "date", parse=parse_date),
        Column("期间", "period", help="累计数的起止，如 2017年以来"),
        Column("数量", "quantity", parse=parse_quantity, example="1620"),
        Column("单位", "unit", parse=parse_unit, help="吨、公斤、斤等", example="斤"),
        money_column("金额", "amount", help="未知留空", example="868万余元"),
        Column("带动贫困人口", "poor_people_driven", parse=parse_int, help="未知或无法辨认留空，不填 0"),
        BASIS, QUALIFIER, SOURCE, NOTE,
    ]


@register_importer
class DistributionContractImporter(_Ledger):
    name = "distribution-contracts"
    title = "经销合作签约"
    model = DistributionContract
    create_service = services.distribution_contract_create
    update_service = services.distribution_contract_update
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-DIST-BSRICE"),
        Column("销售方", "seller_name", required=True, example="碧江白水大米合作社"),
        Column("销售单位", "seller_org", parse=parse_organisation),
        Column("销售方区划代码", "seller_region", parse=parse_region, example="520602"),
        Column("经销企业", "buyer_names", help="来源只给家数时留空"),
        Column("经销企业家数", "buyer_count", required=True, parse=parse_int, example="7"),
        Column("经销企业区划代码", "buyer_region", required=True, parse=parse_region, example="320583"),
        PAIRING,
        Column("产品", "product", example="白水大米"),
        Column("年度", "year", required=True, parse=parse_year, example="2019"),
        Column("签约日期", "date", parse=parse_date),
        Column("签约场合", "event"),
        Column("活动开始", "event_start", parse=parse_date, example="2019-11-15"),
        Column("活动结束", "event_end", parse=parse_date, example="2019-11-17"),
        money_column("合同金额", "amount"),
        BASIS, QUALIFIER, SOURCE, NOTE,
    ]
