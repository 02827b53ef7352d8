"""Templates for assessment: indicator sets, indicators, yearly targets and reported values.

Values of money indicators are typed as offices write them ("3000万元", "1.2亿元"); the rest as numbers.
"""

from decimal import Decimal

from shanhai.core.importing import (
    NOTE_COLUMN,
    SOURCE_COLUMN,
    Column,
    Importer,
    LedgerImporter,
    RowError,
    parse_bool,
    parse_choice,
    parse_date,
    parse_kind,
    parse_year,
    qualifier_column,
)
from shanhai.core.money import parse_money
from shanhai.core.registry import register_importer
from shanhai.pairings.importers import parse_pairing
from shanhai.regions.importers import parse_decimal

from . import services
from .figures import FIGURES
from .models import Dimension, Indicator, IndicatorSet, ReportedValue, Scoring, Target, TargetBasis
from .selectors import indicators_for


def parse_indicator_set(text: str) -> IndicatorSet:
    found = IndicatorSet.objects.filter(code=text.strip()).first()
    if found is None:
        raise RowError(f"指标体系不存在：{text}；可选：" + "、".join(IndicatorSet.objects.values_list("code", flat=True)))
    return found


def parse_figure(text: str) -> str:
    if text not in FIGURES:
        raise RowError("未知计算口径；可选：" + "、".join(sorted(FIGURES)))
    return text


def indicator_in_year(text: str, year: int | None, column: str = "指标") -> Indicator:
    """An indicator by its code or name, in the set that applies to ``year``."""
    if year is None:
        raise RowError("年度为空，无法确定指标体系", "年度")
    found = [i for i in indicators_for(year=year) if text in (i.key, i.name)]
    if not found:
        raise RowError(f"{year}年适用的指标体系中没有指标“{text}”", column)
    return found[0]


def indicator_value(indicator: Indicator, text: str, column: str) -> Decimal:
    """'3000万元' for a money indicator (in 元, exact to the fen); a plain number otherwise."""
    try:
        if indicator.is_money:
            return Decimal(parse_money(text)) / 100
        return parse_decimal(text)
    except ValueError as exc:
        raise RowError(str(exc), column) from exc


@register_importer
class IndicatorSetImporter(Importer):
    name = "indicator-sets"
    title = "指标体系"
    key = ("code",)
    columns = [
        Column("代码", "code", required=True, example="2016-2020"),
        Column("名称", "name", required=True, example="东西部扶贫协作考核指标（2016—2020年）"),
        Column("起始年度", "first_year", required=True, parse=parse_year, example="2016"),
        Column("截止年度", "last_year", parse=parse_year, example="2020", help="留空为至今"),
        Column("完成率封顶", "score_cap", parse=parse_decimal, example="1", help="空则为 1（超额不加分）"),
        Column("说明", "note"),
    ]

    def _fields(self, row):
        return {
            "name": row["name"], "first_year": row["first_year"], "last_year": row["last_year"],
            "score_cap": row["score_cap"] if row["score_cap"] is not None else Decimal(1), "note": row["note"] or "",
        }

    def build(self, row, *, actor, context):
        obj = IndicatorSet.objects.filter(code=row["code"]).first() or IndicatorSet(code=row["code"])
        for name, value in self._fields(row).items():
            setattr(obj, name, value)
        return obj

    def save(self, row, *, actor, context):
        services.indicator_set_put(actor=actor, code=row["code"], **self._fields(row))


@register_importer
class IndicatorImporter(Importer):
    name = "indicators"
    title = "考核指标"
    key = ("indicator_set", "key")
    columns = [
        Column("指标体系", "indicator_set", required=True, parse=parse_indicator_set, example="2016-2020"),
        Column("指标代码", "key", required=True, example="funds_fiscal"),
        Column("指标名称", "name", required=True, example="财政援助资金"),
        Column("考核维度", "dimension", required=True, parse=parse_kind(Dimension, "考核维度"), example="资金使用"),
        Column("单位", "unit", required=True, example="元", help="金额填“元”（显示为万元/亿元）"),
        Column("计算口径", "figure", parse=parse_figure, example="funds", help="留空则只能填报"),
        Column("口径参数", "parameter", example="fiscal_aid"),
        Column("允许填报", "reported", parse=parse_bool, example="否"),
        Column("按累计考核", "cumulative", parse=parse_bool, example="否"),
        Column("计分方式", "scoring", parse=parse_choice(Scoring.choices), example="按完成率", help="空则按完成率"),
        Column("权重（分）", "weight", parse=parse_decimal, example="10"),
        Column("统一目标值", "default_target", parse=parse_decimal, help="结对未定目标时适用"),
        Column("排序", "order", parse=parse_decimal),
        Column("说明", "description"),
    ]

    def _fields(self, row):
        return {
            "name": row["name"], "dimension": row["dimension"], "unit": row["unit"], "figure": row["figure"] or "",
            "parameter": row["parameter"] or "", "reported": bool(row["reported"]), "cumulative": bool(row["cumulative"]),
            "scoring": row["scoring"] or Scoring.COMPLETION, "weight": row["weight"] or Decimal(0),
            "default_target": row["default_target"], "order": int(row["order"] or 0), "description": row["description"] or "",
        }

    def build(self, row, *, actor, context):
        obj = Indicator.objects.filter(indicator_set=row["indicator_set"], key=row["key"]).first()
        obj = obj or Indicator(indicator_set=row["indicator_set"], key=row["key"])
        for name, value in self._fields(row).items():
            setattr(obj, name, value)
        return obj

    def save(self, row, *, actor, context):
        services.indicator_put(actor=actor, indicator_set=row["indicator_set"], key=row["key"], **self._fields(row))


@register_importer
class TargetImporter(Importer):
    name = "targets"
    title = "年度目标"
    key = ("pairing", "year", "indicator_text")
    columns = [
        Column("结对编号", "pairing", required=True, parse=parse_pairing, example="KS-BJ"),
        Column("年度", "year", required=True, parse=parse_year, example="2019"),
        Column("指标", "indicator_text", required=True, example="财政援助资金", help="指标代码或名称（该年度适用的指标体系）"),
        Column("目标值", "value_text", required=True, example="3000万元", help="金额可写万元/亿元"),
        Column(
            "目标依据", "basis", parse=parse_choice(TargetBasis.choices), choices=("来源所载计划", "由完成数推定"),
            help="空则为 来源所载计划；来源没有写明计划、目标由完成数推定的填 由完成数推定（页面上会标明）",
        ),
        SOURCE_COLUMN,
        NOTE_COLUMN,
    ]

    def _resolve(self, row):
        indicator = indicator_in_year(row["indicator_text"], row["year"])
        return indicator, indicator_value(indicator, row["value_text"], "目标值")

    def build(self, row, *, actor, context):
        indicator, value = self._resolve(row)
        obj = Target.objects.filter(pairing=row["pairing"], year=row["year"], indicator=indicator).first()
        obj = obj or Target(pairing=row["pairing"], year=row["year"], indicator=indicator)
        obj.value, obj.source, obj.note = value, row["source"] or "", row["note"] or ""
        obj.basis = row["basis"] or TargetBasis.STATED
        return obj

    def save(self, row, *, actor, context):
        indicator, value = self._resolve(row)
        services.target_set(
            actor=actor, pairing=row["pairing"], year=row["year"], indicator=indicator, value=value,
            source=row["source"] or "", note=row["note"] or "", basis=row["basis"] or TargetBasis.STATED,
        )


@register_importer
class ReportedValueImporter(LedgerImporter):
    name = "reported-values"
    title = "报告数（与台账核对）"
    model = ReportedValue
    columns = [
        Column("编号", "reference", required=True, example="KS-BJ-RPT-2019-BLUEBERRY"),
        Column("结对编号", "pairing", required=True, parse=parse_pairing, example="KS-BJ"),
        Column("年度", "year", required=True, parse=parse_year, example="2019"),
        Column("指标", "indicator_text", required=True, example="产业项目种植面积"),
        Column("报告数", "value_text", required=True, example="100"),
        qualifier_column(),
        Column("截至日期", "as_of", parse=parse_date),
        Column("来源", "source", required=True, example="种子报告 000"),
        NOTE_COLUMN,
    ]

    def record_fields(self, row, *, actor, context):
        indicator = indicator_in_year(row["indicator_text"], row["year"])
        return {
            "reference": row["reference"], "pairing": row["pairing"], "year": row["year"], "year_from": row.get("year_from"),
            "indicator": indicator,
            "value": indicator_value(indicator, row["value_text"], "报告数"), "qualifier": row["qualifier"] or "",
            "as_of": row["as_of"], "source": row["source"], "note": row["note"] or "",
        }

    def create(self, *, actor, **fields):
        return services.reported_value_create(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return services.reported_value_update(actor=actor, obj=obj, **fields)
