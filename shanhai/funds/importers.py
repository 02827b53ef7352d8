from django.db.models import Q

from shanhai.core.importing import (
    Column,
    LedgerImporter,
    RowError,
    money_column,
    parse_choice,
    parse_date,
    parse_int,
    parse_record,
    parse_year,
    qualifier_column,
)
from shanhai.core.records import Basis
from shanhai.core.registry import register_importer
from shanhai.orgs.importers import parse_organisation
from shanhai.pairings.importers import parse_pairing
from shanhai.regions.importers import parse_region

from . import services
from .models import Fund, FundKind


def parse_fund_kind(text: str) -> FundKind:
    kind = FundKind.objects.filter(Q(name=text) | Q(code=text)).first()
    if kind is None:
        raise RowError("未知资金类别；可选：" + "、".join(FundKind.objects.values_list("name", flat=True)))
    return kind


parse_fund = parse_record(Fund, template="资金")


@register_importer
class FundImporter(LedgerImporter):
    name = "funds"
    title = "资金"
    model = Fund
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-FUND-001"),
        Column("资金类别", "kind", required=True, parse=parse_fund_kind, help="如 财政援助资金、乡镇结对资金、企业捐赠资金、贷款", example="乡镇结对资金"),
        Column("资金名称", "title", required=True, example="张浦镇结对帮扶资金"),
        Column("用途", "purpose"),
        Column("来源方", "source_name", required=True, example="张浦镇"),
        Column("来源单位", "source_org", parse=parse_organisation, help="已登记的单位名称（可空）"),
        Column("来源方区划代码", "source_region", required=True, parse=parse_region, example="320583106"),
        Column("使用方", "recipient_name", required=True, example="坝黄镇"),
        Column("使用单位", "recipient_org", parse=parse_organisation),
        Column("使用方区划代码", "recipient_region", required=True, parse=parse_region, example="520602101"),
        Column("结对编号", "pairing", parse=parse_pairing, example="KS-BJ-TOWN-ZP"),
        Column("年度", "year", required=True, parse=parse_year, example="2019"),
        Column("日期", "date", parse=parse_date),
        money_column("金额", "amount", help="金额不详的汇总记录留空", example="700"),
        Column("涉及项目数", "project_count", parse=parse_int, example="57"),
        Column("受益建档立卡贫困户", "poor_households", parse=parse_int),
        Column("受益建档立卡贫困人口", "poor_persons", parse=parse_int, example="520000"),
        Column("登记方式", "basis", parse=parse_choice(Basis.choices), choices=("逐笔登记", "汇总（只知总数）"), example="逐笔登记"),
        qualifier_column(help="“700多万元”填 以上"),
        Column("来源", "source"),
        Column("备注", "note"),
    ]

    def create(self, *, actor, **fields):
        return services.fund_create(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return services.fund_update(actor=actor, obj=obj, **fields)
