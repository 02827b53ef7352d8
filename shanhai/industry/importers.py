from shanhai.core.importing import (
    NOTE_COLUMN,
    SOURCE_COLUMN,
    Column,
    LedgerImporter,
    basis_column,
    money_column,
    parse_choice,
    parse_date,
    parse_int,
    parse_month,
    parse_year,
    qualifier_column,
)
from shanhai.core.registry import register_importer
from shanhai.orgs.importers import parse_organisation
from shanhai.pairings.importers import parse_pairing
from shanhai.regions.importers import parse_decimal, parse_region

from . import services
from .fields import parse_park, parse_signing_event
from .models import AmountKind, Park, ParkCreditLine, SigningEvent, SigningLine, SigningType, WestEnterprise

BASIS = basis_column(example="逐笔登记")
QUALIFIER = qualifier_column(help="“近10个”填 近")
SOURCE = SOURCE_COLUMN
NOTE = NOTE_COLUMN


def parse_area_km2(text: str):
    """'6.18' or '6.18平方公里' → Decimal km²; an area in 亩 is converted exactly ('9270亩')."""
    from decimal import Decimal

    from shanhai.core.units import convert_exact

    s = text.replace(",", "").strip()
    for unit in ("平方公里", "公顷", "亩"):
        if s.endswith(unit):
            number = parse_decimal(s.removesuffix(unit))
            exact = convert_exact(number, unit, "平方公里")
            value = Decimal(exact.numerator) / Decimal(exact.denominator)
            if value != value.quantize(Decimal("0.0001")):
                raise ValueError(f"换算为平方公里超过 4 位小数：{text}")
            return value.quantize(Decimal("0.0001")).normalize()
    value = parse_decimal(s)
    if value != value.quantize(Decimal("0.0001")):
        raise ValueError("平方公里最多 4 位小数")
    return value


def parse_signing_type(text: str) -> str:
    """产业合作 / 产业合作类 / 消费扶贫类 (the 2016–2020 name of 消费帮扶) → the type."""
    labels = {str(label): value for value, label in SigningType.choices} | {"消费扶贫": SigningType.CONSUMPTION}
    key = text.strip().removesuffix("类")
    if key in labels:
        return labels[key]
    raise ValueError("应为以下之一：" + "、".join(str(label) for _, label in SigningType.choices))


class ServiceImporter(LedgerImporter):
    """A ledger template whose rows are written by ``create_service`` / ``update_service``."""

    create_service = None
    update_service = None

    def create(self, *, actor, **fields):
        return type(self).create_service(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return type(self).update_service(actor=actor, obj=obj, **fields)


@register_importer
class ParkImporter(ServiceImporter):
    name = "parks"
    title = "共建园区"
    model = Park
    create_service, update_service = services.park_create, services.park_update
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-PARK-TS"),
        Column("园区名称", "name", required=True, example="铜仁·苏州产业园"),
        Column("东部共建方", "east_party", required=True, example="昆山高新区"),
        Column("东部共建单位", "east_org", parse=parse_organisation, help="已登记的单位；填了可不填东部区划"),
        Column("东部区划代码", "east_region", parse=parse_region, example="320583"),
        Column("西部共建方", "west_party", required=True, example="碧江经开区"),
        Column("西部共建单位", "west_org", parse=parse_organisation),
        Column("西部区划代码", "west_region", parse=parse_region, example="520602"),
        Column("结对编号", "pairing", parse=parse_pairing, example="KS-BJ-PARK"),
        Column("共建协议", "agreement"),
        Column("主导产业", "focus"),
        Column("启动年度", "started_year", parse=parse_year),
        Column("启动月份", "started_month", parse=parse_month),
        Column("先行启动区面积", "start_area", parse=parse_area_km2, help="平方公里；也可写 9270亩", example="6.18"),
        Column("开发公司", "company_name"),
        money_column("开发公司注册资本", "company_capital", example="10000"),
        BASIS,
        QUALIFIER,
        SOURCE,
        NOTE,
    ]


@register_importer
class ParkCreditLineImporter(ServiceImporter):
    name = "park-credit-lines"
    title = "园区授信"
    model = ParkCreditLine
    create_service, update_service = services.park_credit_line_create, services.park_credit_line_update
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-PARK-TS-CDB"),
        Column("园区编号", "park", required=True, parse=parse_park, example="KS-BJ-PARK-TS"),
        Column("提供方", "provider_name", required=True, example="苏州国开行"),
        Column("提供单位", "provider_org", parse=parse_organisation),
        money_column("额度", "amount", required=True, example="20亿元"),
        Column("年度", "year", parse=parse_year),
        Column("日期", "date", parse=parse_date),
        Column("协议", "agreement", example="三方合作协议"),
        Column("用途", "purpose", example="园区开发建设"),
        BASIS,
        QUALIFIER,
        SOURCE,
        NOTE,
    ]


@register_importer
class WestEnterpriseImporter(ServiceImporter):
    name = "west-enterprises"
    title = "引进企业"
    model = WestEnterprise
    create_service, update_service = services.west_enterprise_create, services.west_enterprise_update
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-WE-1-BRK"),
        Column("企业（项目）名称", "name", required=True, example="布瑞克"),
        Column("其他写法", "other_names", example="布雷克"),
        Column("已登记单位", "org", parse=parse_organisation),
        Column("企业（项目）数", "count", parse=parse_int, help="逐笔登记为 1（可空）；汇总记录填未逐一登记的个数"),
        Column("园区编号", "park", parse=parse_park, example="KS-BJ-PARK-TS"),
        Column("引进方区划代码", "introducer_region", required=True, parse=parse_region, example="320583"),
        Column("来源地", "origin"),
        Column("落地区划代码", "region", required=True, parse=parse_region, example="520602"),
        Column("结对编号", "pairing", parse=parse_pairing),
        Column("引进年度", "year", parse=parse_year),
        Column("行业", "sector"),
        money_column("协议投资", "pledged_investment"),
        money_column("实际到位投资", "actual_investment"),
        Column("带动就业人数", "jobs", parse=parse_int),
        Column("其中贫困人口", "poor_employed", parse=parse_int),
        BASIS,
        QUALIFIER,
        SOURCE,
        NOTE,
    ]


@register_importer
class SigningEventImporter(ServiceImporter):
    name = "signing-events"
    title = "签约活动"
    model = SigningEvent
    create_service, update_service = services.signing_event_create, services.signing_event_update
    columns = [
        Column("台账编号", "reference", required=True, example="SZ-TR-SIGN-2020-05"),
        Column("签约活动", "name", required=True),
        Column("场合", "occasion"),
        Column("开始日期", "start_date", required=True, parse=parse_date, example="2020-05-17"),
        Column("结束日期", "end_date", parse=parse_date, example="2020-05-19"),
        Column("地点", "place", example="苏州"),
        Column("结对编号", "pairing", parse=parse_pairing, example="SZ-TR"),
        Column("东部一方", "east_party", required=True, example="苏州市"),
        Column("东部区划代码", "east_region", required=True, parse=parse_region, example="3205"),
        Column("西部一方", "west_party", required=True, example="铜仁市"),
        Column("西部区划代码", "west_region", required=True, parse=parse_region, example="5206"),
        BASIS,
        QUALIFIER,
        SOURCE,
        NOTE,
    ]


@register_importer
class SigningLineImporter(ServiceImporter):
    name = "signing-lines"
    title = "签约明细"
    model = SigningLine
    create_service, update_service = services.signing_line_create, services.signing_line_update
    columns = [
        Column("台账编号", "reference", required=True, example="SZ-TR-SIGN-2020-05-IND"),
        Column("签约活动编号", "event", required=True, parse=parse_signing_event, example="SZ-TR-SIGN-2020-05"),
        Column(
            "类别", "line_type", required=True, parse=parse_signing_type, example="产业合作",
            help="产业合作、消费帮扶、劳务协作、扶志扶智、其他；可带“类”字，“消费扶贫”同“消费帮扶”",
        ),
        Column("签约项目数", "projects", parse=parse_int, example="19"),
        money_column("金额", "amount", example="23亿元"),
        Column("金额口径", "amount_kind", parse=parse_choice(AmountKind.choices), choices=("投资额", "采购额")),
        Column("签订协议数", "agreements", parse=parse_int),
        Column("说明", "description"),
        BASIS,
        QUALIFIER,
        SOURCE,
        NOTE,
    ]
