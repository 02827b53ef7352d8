"""The ten-haves count as an assessment figure (计算口径 ``ten_haves``), for the indicator
“十有”完成项 of the 2016–2020 set: items met by rule or by a confirmation by hand."""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shanhai.assessment.figures import Figure, register_figure

from .selectors import ten_haves


def ten_haves_url(pairing, year: int) -> str:
    return reverse("agreements:ten_haves", args=[pairing.pk, year])


@register_figure(
    "ten_haves", _("“十有”完成项"), "项",
    description=_("有协议、有规划、有资金、有项目、有干部、有人才、有互访、有联席会议由台账判定，有措施、有成效人工确认"),
)
def _ten_haves(*, user, pairing, period, parameter):
    # The checklist is a year's: a cumulative period is read as its last year.
    year = period.get("year") or period.get("up_to_year")
    found = ten_haves(user=user, pairing=pairing, year=year)
    return Figure(
        value=Decimal(found.met_count), unit="项", derived=True, records=found.met_count,
        note=f"台账判定 {found.by_rule} 项、人工确认 {found.by_hand} 项（共 {found.total} 项）",
        link=ten_haves_url(pairing, year),
    )


@register_figure(
    "leading_groups", _("领导小组"), "个",
    description=_("结对双方成立的东西部扶贫协作工作领导小组：当年成立的，或累计至当年已成立的"),
)
def _leading_groups(*, user, pairing, period, parameter):
    from .selectors import leading_groups_for

    groups = list(leading_groups_for(user=user, pairing=pairing, **period))
    undated = sum(g.year is None for g in groups)
    return Figure(
        value=Decimal(len(groups)), unit="个", itemised=Decimal(len(groups)), records=len(groups),
        note=f"其中成立年度未载 {undated} 个" if undated else "",
        link=reverse("ledger:leading-groups_list") + f"?pairing={pairing.reference}",
    )
