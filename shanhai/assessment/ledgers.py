"""Assessment's records as ledgers: list, detail, forms, export, API and template from one declaration.

Indicator sets and indicators are the national office's (only a nationwide role writes them);
targets and reported values belong to a pairing and are written by whoever may write it.
"""

from django.utils.translation import gettext_lazy as _

from shanhai.core.ledger import Ledger, register_ledger
from shanhai.core.tables import Column

from . import services
from .figures import value_text
from .models import Indicator, IndicatorSet, ReportedValue, Target

GROUP = _("考核")

INDICATOR_SETS = register_ledger(Ledger(
    model=IndicatorSet,
    slug="indicator-sets",
    title=_("指标体系"),
    group=GROUP,
    order=200,
    description=_("按年度分版本的考核指标体系：每个年度只适用一个体系（如2016—2020年脱贫攻坚期、2021年起巩固衔接期）。"),
    columns=[
        Column(_("代码"), lambda s: s.code, link=lambda s: INDICATOR_SETS.url("detail", s.pk), nowrap=True),
        Column(_("名称"), lambda s: s.name),
        Column(_("适用年度"), lambda s: s.years_text, nowrap=True),
        Column(_("指标数"), lambda s: s.indicators.count(), numeric=True),
        Column(_("完成率封顶"), lambda s: s.score_cap, numeric=True),
    ],
    fields=["code", "name", "first_year", "last_year", "score_cap", "note"],
    create=services.indicator_set_create,
    update=services.indicator_set_update,
    delete=services.indicator_set_delete,
    search=("code", "name"),
    importer="indicator-sets",
    year_lookup="",
))

INDICATORS = register_ledger(Ledger(
    model=Indicator,
    slug="indicators",
    title=_("考核指标"),
    group=GROUP,
    order=201,
    description=_("每个指标：代码、名称、单位、考核维度、由台账计算的口径（或只能填报）、计分方式和权重。"),
    columns=[
        Column(_("指标体系"), lambda i: i.indicator_set.code, nowrap=True),
        Column(_("考核维度"), lambda i: i.dimension.name, nowrap=True),
        Column(_("指标代码"), lambda i: i.key, link=lambda i: INDICATORS.url("detail", i.pk), nowrap=True),
        Column(_("指标名称"), lambda i: i.name),
        Column(_("计量单位"), lambda i: i.unit),
        Column(_("计算口径"), lambda i: f"{i.figure}（{i.parameter}）" if i.parameter else i.figure or _("填报")),
        Column(_("计分方式"), lambda i: i.get_scoring_display()),
        Column(_("权重（分）"), lambda i: i.weight, numeric=True),
        Column(_("统一目标值"), lambda i: "" if i.default_target is None else value_text(i.default_target, i.unit), numeric=True),
    ],
    fields=[
        "indicator_set", "key", "name", "dimension", "unit", "figure", "parameter", "reported", "cumulative", "scoring",
        "weight", "default_target", "order", "description",
    ],
    create=services.indicator_create,
    update=services.indicator_update,
    delete=services.indicator_delete,
    search=("key", "name", "figure"),
    filters=("indicator_set", "dimension"),
    importer="indicators",
    select_related=("indicator_set", "dimension"),
    year_lookup="",
))

TARGETS = register_ledger(Ledger(
    model=Target,
    slug="targets",
    title=_("年度目标"),
    group=GROUP,
    order=202,
    description=_("结对协议或年度计划定下的各项指标目标值。市、省结对未定目标时，由下级结对的目标汇总。"),
    columns=[
        Column(_("结对"), lambda t: t.pairing.reference, link=lambda t: TARGETS.url("detail", t.pk), nowrap=True),
        Column(_("年度"), lambda t: t.year, numeric=True),
        Column(_("考核维度"), lambda t: t.indicator.dimension.name, nowrap=True),
        Column(_("指标"), lambda t: t.indicator.name),
        Column(_("目标值"), lambda t: value_text(t.value, t.indicator.unit), numeric=True),
        Column(_("来源"), lambda t: t.source),
    ],
    fields=["pairing", "year", "indicator", "value", "source", "note"],
    create=services.target_create,
    update=services.target_update,
    delete=services.target_delete,
    search=("pairing__reference", "indicator__name", "source"),
    filters=("year",),
    importer="targets",
    select_related=("pairing", "indicator", "indicator__dimension"),
))

REPORTED_VALUES = register_ledger(Ledger(
    model=ReportedValue,
    slug="reported-values",
    title=_("报告数"),
    group=GROUP,
    order=203,
    description=_("报告、报表或讲话中的数字，与台账逐笔、汇总记录的合计并列核对，不替代台账。"),
    columns=[
        Column(_("编号"), lambda r: r.reference, link=lambda r: REPORTED_VALUES.url("detail", r.pk), nowrap=True),
        Column(_("结对"), lambda r: r.pairing.reference, nowrap=True),
        Column(_("年度"), lambda r: r.year, numeric=True),
        Column(_("指标"), lambda r: r.indicator.name),
        Column(_("报告数"), lambda r: value_text(r.value, r.indicator.unit), numeric=True),
        Column(_("来源"), lambda r: r.source),
    ],
    fields=["reference", "pairing", "year", "indicator", "value", "qualifier", "as_of", "source", "note"],
    create=services.reported_value_create,
    update=services.reported_value_update,
    delete=services.reported_value_delete,
    search=("reference", "pairing__reference", "indicator__name", "source"),
    filters=("year",),
    importer="reported-values",
    select_related=("pairing", "indicator"),
))
