from decimal import Decimal, InvalidOperation

from shanhai.core.importing import Column, Importer, RowError, labels_to_values, parse_date, parse_year
from shanhai.core.registry import register_importer
from shanhai.core.scope import scope_require

from . import services
from .models import PovertyDesignation, PovertyKind, Region, RegionKind, ReportedFigure, ReportedIndicator
from .selectors import region_get


def parse_region(text: str) -> Region:
    """A region by its code (6, 9 or 12 digits) — names repeat across counties, codes do not."""
    region = region_get(text)
    if region is None:
        raise RowError(f"区划代码不存在：{text}（请核对国家统计局区划代码，或先补充临时区划）")
    return region


def parse_decimal(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", "").replace("%", "").strip())
    except InvalidOperation as exc:
        raise ValueError("应为数字") from exc


KIND_BY_LABEL = labels_to_values(PovertyKind.choices)
REGION_KIND_BY_LABEL = labels_to_values(RegionKind.choices)


@register_importer
class ProvisionalRegionImporter(Importer):
    name = "regions"
    title = "补充区划"
    key = ("parent", "name")
    columns = [
        Column("上级区划代码", "parent", required=True, parse=parse_region, help="所属上级区划的代码", example="520602101"),
        Column("名称", "name", required=True, help="来源中没有的区划，系统分配临时代码", example="新寨村村民委员会"),
        Column("类别", "kind", parse=REGION_KIND_BY_LABEL.__getitem__, choices=tuple(REGION_KIND_BY_LABEL)),
    ]

    def build(self, row, *, actor, context):
        scope_require(actor, row["parent"])
        if row["parent"].level >= 5:
            raise RowError("村级以下不再设区划", "上级区划代码")

    def save(self, row, *, actor, context):
        services.region_create_provisional(actor=actor, parent=row["parent"], name=row["name"], kind=row["kind"] or "")


@register_importer
class PovertyDesignationImporter(Importer):
    name = "poverty"
    title = "贫困属性"
    key = ("region", "kind")
    columns = [
        Column("区划代码", "region", required=True, parse=parse_region, example="520602101208"),
        Column("类别", "kind", required=True, parse=KIND_BY_LABEL.__getitem__, choices=tuple(KIND_BY_LABEL)),
        Column("认定年度", "identified_year", parse=parse_year, example="2014"),
        Column("退出年度", "exit_year", parse=parse_year, help="贫困县摘帽、贫困村出列的年度；未退出留空", example="2019"),
        Column("来源", "source", help="文件、报告或报道", example="碧江区扶贫办 2019 年报告"),
    ]

    def build(self, row, *, actor, context):
        obj = PovertyDesignation.objects.filter(region=row["region"], kind=row["kind"]).first() or PovertyDesignation(
            region=row["region"], kind=row["kind"]
        )
        obj.identified_year, obj.exit_year, obj.source = row["identified_year"], row["exit_year"], row["source"] or ""
        return obj

    def save(self, row, *, actor, context):
        services.poverty_designation_set(
            actor=actor, region=row["region"], kind=row["kind"], identified_year=row["identified_year"],
            exit_year=row["exit_year"], source=row["source"] or "",
        )


def parse_indicator(text: str) -> ReportedIndicator:
    found = ReportedIndicator.objects.filter(name=text).first() or ReportedIndicator.objects.filter(code=text).first()
    if found is None:
        names = "、".join(ReportedIndicator.objects.values_list("name", flat=True))
        raise ValueError(f"未知指标；可用指标：{names}")
    return found


@register_importer
class ReportedFigureImporter(Importer):
    name = "reported"
    title = "报告数"
    key = ("region", "year", "indicator")
    columns = [
        Column("区划代码", "region", required=True, parse=parse_region, example="520600"),
        Column("年度", "year", required=True, parse=parse_year, example="2019"),
        Column("指标", "indicator", required=True, parse=parse_indicator, help="报告指标名称", example="深度贫困村"),
        Column("数值", "value", required=True, parse=parse_decimal, example="319"),
        Column("截至日期", "as_of", parse=parse_date, example="2019-12-31"),
        Column("来源", "source", required=True, help="数据出处", example="铜仁市 2020 年报告"),
    ]

    def build(self, row, *, actor, context):
        obj = ReportedFigure.objects.filter(region=row["region"], year=row["year"], indicator=row["indicator"]).first()
        obj = obj or ReportedFigure(region=row["region"], year=row["year"], indicator=row["indicator"])
        obj.value, obj.as_of, obj.source = row["value"], row["as_of"], row["source"]
        return obj

    def save(self, row, *, actor, context):
        services.reported_figure_set(
            actor=actor, region=row["region"], year=row["year"], indicator=row["indicator"], value=row["value"],
            as_of=row["as_of"], source=row["source"],
        )
