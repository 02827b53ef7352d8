"""Templates: agreements (keyed by 台账编号) and ten-haves confirmations (keyed by pair, year, item).

A confirmation's attachment is uploaded on the ten-haves page; a template carries the name and the
source it rests on.
"""

from shanhai.core.importing import (
    NOTE_COLUMN,
    SOURCE_COLUMN,
    Column,
    Importer,
    LedgerImporter,
    RowError,
    labels_to_values,
    parse_bool,
    parse_date,
    parse_int,
    parse_year,
)
from shanhai.core.models import Side
from shanhai.core.registry import register_importer
from shanhai.pairings.importers import parse_pairing

from . import services
from .models import Agreement, LeadingGroup, TenHaveCheck, TenHaveItem


@register_importer
class AgreementImporter(LedgerImporter):
    name = "agreements"
    title = "协议"
    model = Agreement
    columns = [
        Column("台账编号", "reference", required=True, example="ZJG-YH-CHAMBERS-AGR-2020"),
        Column("结对编号", "pairing", required=True, parse=parse_pairing, example="ZJG-YH-CHAMBERS"),
        Column("签订年度", "year", parse=parse_year, example="2020", help="来源未载的留空；填了签订日期可不填"),
        Column("协议名称", "title", required=True, example="重点民营企业（商会）结对帮扶贫困村协议"),
        Column("签订日期", "signed_on", parse=parse_date, example="2020-04-21", help="来源未载具体日期的留空"),
        Column("签约各方", "parties", example="沙钢集团、亨通集团、雅鹿集团等12家重点民营企业（商会）；沿河12个未出列贫困村"),
        Column("主要内容", "terms"),
        Column("有效期起始年度", "valid_from", parse=parse_year, help="来源未载的留空"),
        Column("有效期截止年度", "valid_to", parse=parse_year, help="填了起始年度而此处留空，为长期有效"),
        SOURCE_COLUMN,
        NOTE_COLUMN,
    ]

    def create(self, *, actor, **fields):
        return services.agreement_create(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return services.agreement_update(actor=actor, obj=obj, **fields)


def parse_side(text: str) -> str:
    """'西部' or '西部（受帮扶方）' → west."""
    by_label = {**labels_to_values(Side.choices), "东部": Side.EAST, "西部": Side.WEST}
    if text.strip() in by_label:
        return by_label[text.strip()]
    raise ValueError("应为 东部 或 西部")


@register_importer
class LeadingGroupImporter(LedgerImporter):
    name = "leading-groups"
    title = "领导小组"
    model = LeadingGroup
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-LG-WEST"),
        Column("结对编号", "pairing", required=True, parse=parse_pairing, example="KS-BJ"),
        Column("所属一方", "side", required=True, parse=parse_side, example="西部", help="东部 或 西部"),
        Column("领导小组名称", "name", example="碧江区东西部扶贫协作工作领导小组", help="空则为 东西部扶贫协作工作领导小组"),
        Column("成立年度", "year", parse=parse_year, example="2018", help="填了成立日期可不填"),
        Column("成立日期", "set_up_on", parse=parse_date, example="2018年3月", help="只知年月的填年月"),
        Column("组长", "leader", example="区委书记、区长（双组长）"),
        Column("组成", "composition", example="区委副书记任副组长，27个部门为成员单位"),
        Column("成员单位数", "member_units", parse=parse_int, example="27"),
        Column("办公室设在", "office", example="区扶贫办"),
        SOURCE_COLUMN,
        NOTE_COLUMN,
    ]

    def create(self, *, actor, **fields):
        return services.leading_group_create(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return services.leading_group_update(actor=actor, obj=obj, **fields)


def parse_item(text: str) -> TenHaveItem:
    """An item by its name (有措施) or code (measures)."""
    found = TenHaveItem.objects.filter(name=text.strip()).first() or TenHaveItem.objects.filter(code=text.strip()).first()
    if found is None:
        raise RowError("未知事项；可选：" + "、".join(TenHaveItem.objects.values_list("name", flat=True)))
    return found


@register_importer
class TenHaveCheckImporter(Importer):
    name = "ten-have-checks"
    title = "“十有”人工确认"
    key = ("pairing", "year", "item")
    columns = [
        Column("结对编号", "pairing", required=True, parse=parse_pairing, example="KS-BJ"),
        Column("年度", "year", required=True, parse=parse_year, example="2019"),
        Column("事项", "item", required=True, parse=parse_item, example="有措施", help="“十有”事项名称，如 有措施、有成效"),
        Column("已达到", "met", parse=parse_bool, example="是", help="空则为 是"),
        Column("确认人", "confirmed_by", required=True, example="碧江区乡村振兴局", help="确认人姓名或确认单位"),
        SOURCE_COLUMN,
        Column("说明", "note"),
    ]

    def _fields(self, row) -> dict:
        return {
            "met": True if row["met"] is None else row["met"], "confirmed_by": row["confirmed_by"] or "",
            "source": row["source"] or "", "note": row["note"] or "",
        }

    def build(self, row, *, actor, context):
        obj = TenHaveCheck.objects.filter(pairing=row["pairing"], year=row["year"], item=row["item"]).first()
        obj = obj or TenHaveCheck(pairing=row["pairing"], year=row["year"], item=row["item"])
        for name, value in self._fields(row).items():
            setattr(obj, name, value)
        return obj

    def save(self, row, *, actor, context):
        services.ten_have_confirm(actor=actor, pairing=row["pairing"], year=row["year"], item=row["item"], **self._fields(row))
