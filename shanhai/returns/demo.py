"""The demo's returns: a year of them in every state, made by the demo offices through the services.

Figures come from the prefill (the ledgers as loaded), never typed in. Seed 001 gives Bijiang's
poverty exits only as a cumulative count (累计脱贫6278户22896人), not the year's, so 当年减贫人口
stays empty and the note says why. A return already held is left as it is (loading twice changes
nothing).
"""

from django.db import transaction

from shanhai.pairings.models import Pairing

from . import services
from .models import PeriodKind, Return

PERSONS_EXITED_NOTE = "种子报告 001 只有碧江区累计脱贫6278户22896人（累计数，不是当年数），当年减贫人口暂不填报"
SEND_BACK_COMMENT = "当年减贫人口未填报，请沿河县核实后填报或说明原因。"

# (pairing, kind, year, number, filler, note-writer or None, final step, reviewer, comment)
PLAN = [
    ("KS-BJ", PeriodKind.QUARTERLY, 2019, 1, "kunshan", "bijiang", "approve", "suzhou", ""),
    ("KS-BJ", PeriodKind.QUARTERLY, 2019, 2, "kunshan", "bijiang", "approve", "suzhou", ""),
    ("KS-BJ", PeriodKind.QUARTERLY, 2019, 3, "kunshan", "bijiang", "approve", "suzhou", ""),
    ("KS-BJ", PeriodKind.QUARTERLY, 2019, 4, "kunshan", "bijiang", "submit", None, ""),
    ("ZJG-YH", PeriodKind.QUARTERLY, 2020, 1, "zhangjiagang", None, "approve", "suzhou", ""),
    ("ZJG-YH", PeriodKind.QUARTERLY, 2020, 2, "zhangjiagang", None, "send_back", "suzhou", SEND_BACK_COMMENT),
    ("ZJG-YH", PeriodKind.QUARTERLY, 2020, 3, "zhangjiagang", None, "draft", None, ""),
    # no Wujiang account in the demo: the city office fills, so the other side of the city pair reviews
    ("WJ-YJ", PeriodKind.YEARLY, 2020, 1, "suzhou", None, "approve", "tongren", ""),
]


@transaction.atomic
def demo_returns_load(*, users: dict) -> list[Return]:
    made = []
    for reference, kind, year, number, filler, noter, step, reviewer, comment in PLAN:
        pairing = Pairing.objects.get(reference=reference)
        if Return.objects.filter(pairing=pairing, period_kind=kind, year=year, period_no=number).exists():
            continue
        ret = services.return_create(actor=users[filler], pairing=pairing, period_kind=kind, year=year, period_no=number)
        if noter is not None:
            figure = ret.figures.filter(indicator__key="persons_exited").first()
            if figure is not None:
                services.return_figure_set(actor=users[noter], figure=figure, value=None, note=PERSONS_EXITED_NOTE)
        if step != "draft":
            ret = services.return_submit(actor=users[filler], ret=ret)
        if step == "approve":
            ret = services.return_approve(actor=users[reviewer], ret=ret, comment=comment)
        elif step == "send_back":
            ret = services.return_send_back(actor=users[reviewer], ret=ret, comment=comment)
        made.append(ret)
    return made
