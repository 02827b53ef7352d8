"""Roll-ups (county pair → city pair → province pair → nation), the reported source the assessment
reads, and the demo's returns as the demo load leaves them."""

from decimal import Decimal

import pytest

from shanhai.assessment.models import Indicator
from shanhai.assessment.selectors import indicator_figure
from shanhai.pairings.models import Pairing
from shanhai.returns import services
from shanhai.returns.models import PeriodKind, Return, ReturnFigure, ReturnState
from shanhai.returns.selectors import ChildStatus, return_rollup

pytestmark = pytest.mark.django_db


def pairing(ref):
    return Pairing.objects.get(reference=ref)


def approved_sum(returns, key):
    """The sum of the approved figures, read straight from the rows (not through the roll-up)."""
    values = ReturnFigure.objects.filter(ret__in=returns, indicator__key=key).values_list("approved", flat=True)
    return sum((v for v in values if v is not None), Decimal(0))


def approve(users, ref, *, kind=PeriodKind.YEARLY, year=2020, number=1, filler="suzhou", reviewer="tongren", exited=None):
    ret = services.return_create(actor=users[filler], pairing=pairing(ref), period_kind=kind, year=year, period_no=number)
    if exited is not None:
        fig = ret.figures.get(indicator__key="persons_exited")
        services.return_figure_set(actor=users[filler], figure=fig, value=exited)
    ret = services.return_submit(actor=users[filler], ret=ret)
    return services.return_approve(actor=users[reviewer], ret=ret)


def test_demo_returns_in_their_states():
    states = {
        (r.pairing.reference, r.period_kind, r.year, r.period_no): r.state
        for r in Return.objects.select_related("pairing")
    }
    assert states == {
        ("KS-BJ", "quarterly", 2019, 1): "approved", ("KS-BJ", "quarterly", 2019, 2): "approved",
        ("KS-BJ", "quarterly", 2019, 3): "approved", ("KS-BJ", "quarterly", 2019, 4): "submitted",
        ("ZJG-YH", "quarterly", 2020, 1): "approved", ("ZJG-YH", "quarterly", 2020, 2): "returned",
        ("ZJG-YH", "quarterly", 2020, 3): "draft", ("WJ-YJ", "yearly", 2020, 1): "approved",
    }
    q1 = Return.objects.get(pairing__reference="KS-BJ", period_kind="quarterly", year=2019, period_no=1)
    assert q1.reviewed_by.username == "suzhou" and q1.submitted_by.username == "kunshan"
    q2 = Return.objects.get(pairing__reference="ZJG-YH", year=2020, period_no=2)
    assert "当年减贫人口未填报" in q2.events.get(action="return").comment
    # seed 001 gives Bijiang's exits only cumulatively: the figure stays empty and the note says so
    exited = q1.figures.get(indicator__key="persons_exited")
    assert exited.reported is None and exited.approved is None and "6278户22896人" in exited.note


def test_city_pair_yearly_rollup_of_the_demo(demo_users):
    # 印江: 421 workers brought to Suzhou through 文鼎, 198 of them poor (seed 003)
    rollup = return_rollup(user=demo_users["suzhou"], pairing=pairing("SZ-TR"), period_kind="yearly", year=2020, period_no=1)
    status = {c.pairing.reference: c.status for c in rollup.children}
    assert status == {"KS-BJ": "missing", "ZJG-YH": "missing", "WJ-YJ": "approved", "SZ-TR-OTHER": "missing"}
    assert rollup.totals["transports"] == Decimal("421")
    assert rollup.totals["employment_poor"] == Decimal("198")
    assert not rollup.complete


def test_rollup_equals_the_sum_of_its_parts(demo_users):
    zjg = approve(demo_users, "ZJG-YH", filler="zhangjiagang", reviewer="suzhou")
    ksbj = approve(demo_users, "KS-BJ", filler="kunshan", reviewer="suzhou", exited="789")
    wjyj = Return.objects.get(pairing__reference="WJ-YJ", year=2020, period_kind="yearly")
    rollup = return_rollup(user=demo_users["admin"], pairing=pairing("SZ-TR"), period_kind="yearly", year=2020, period_no=1)
    assert {c.pairing.reference for c in rollup.approved} == {"ZJG-YH", "KS-BJ", "WJ-YJ"}
    assert [c.pairing.reference for c in rollup.missing] == ["SZ-TR-OTHER"]
    parts = [zjg, ksbj, wjyj]
    for ind in rollup.indicators:
        if ind.unit == "%":
            assert rollup.totals[ind.key] is None  # a coverage share is not added up
            continue
        assert rollup.totals[ind.key] == approved_sum(parts, ind.key), ind.key
    assert rollup.totals["persons_exited"] == Decimal("789")
    # the province pair: SZ-TR has no return of its own, so its roll-up counts; and the nation the same
    province = return_rollup(user=demo_users["admin"], pairing=pairing("JS-GZ"), period_kind="yearly", year=2020, period_no=1)
    assert [(c.pairing.reference, c.status) for c in province.children] == [("SZ-TR", ChildStatus.ROLLED_UP)]
    assert province.totals == rollup.totals
    nation = return_rollup(user=demo_users["admin"], pairing=None, period_kind="yearly", year=2020, period_no=1)
    assert nation.totals == rollup.totals


def test_returns_not_approved_are_listed_but_not_counted(demo_users):
    # demo: ZJG-YH 2020 Q1 approved, Q2 returned; KS-BJ has no 2020 returns
    q2 = return_rollup(user=demo_users["suzhou"], pairing=pairing("SZ-TR"), period_kind="quarterly", year=2020, period_no=2)
    assert [(c.pairing.reference, c.status) for c in q2.pending] == [("ZJG-YH", "pending")]
    assert q2.totals["transports"] is None
    q1 = return_rollup(user=demo_users["suzhou"], pairing=pairing("SZ-TR"), period_kind="quarterly", year=2020, period_no=1)
    zjg_q1 = Return.objects.get(pairing__reference="ZJG-YH", year=2020, period_no=1, period_kind="quarterly")
    assert q1.totals["funds_all"] == approved_sum([zjg_q1], "funds_all")


def test_a_city_pair_return_counts_instead_of_its_rollup(demo_users):
    # SZ-TR's own approved return is what the province pair counts, reviewed by the level above it (jiangsu)
    own = approve(demo_users, "SZ-TR", filler="suzhou", reviewer="jiangsu")
    province = return_rollup(user=demo_users["jiangsu"], pairing=pairing("JS-GZ"), period_kind="yearly", year=2020, period_no=1)
    (child,) = province.children
    assert child.status == ChildStatus.APPROVED and child.ret == own
    assert province.totals["transports"] == own.figures.get(indicator__key="transports").approved


def test_an_approved_return_answers_the_reported_only_indicator(demo_users):
    exited = Indicator.objects.get(indicator_set__first_year=2016, key="persons_exited")
    before = indicator_figure(user=demo_users["suzhou"], indicator=exited, pairing=pairing("ZJG-YH"), year=2020)
    assert before.value is None
    ret = approve(demo_users, "ZJG-YH", filler="zhangjiagang", reviewer="suzhou", exited="1500")
    fig = indicator_figure(user=demo_users["suzhou"], indicator=exited, pairing=pairing("ZJG-YH"), year=2020)
    assert fig.value == Decimal("1500") and fig.basis == "reported"
    assert fig.note == "已审核报表 2020年度" and fig.link == f"/returns/{ret.pk}/"


def test_without_a_yearly_return_the_latest_approved_one_answers(demo_users):
    exited = Indicator.objects.get(indicator_set__first_year=2016, key="persons_exited")
    approve(demo_users, "ZJG-YH", kind=PeriodKind.MONTHLY, number=2, filler="zhangjiagang", reviewer="suzhou", exited="20")
    approve(demo_users, "ZJG-YH", kind=PeriodKind.MONTHLY, number=8, filler="zhangjiagang", reviewer="suzhou", exited="80")
    fig = indicator_figure(user=demo_users["suzhou"], indicator=exited, pairing=pairing("ZJG-YH"), year=2020)
    assert fig.value == Decimal("80") and fig.note == "已审核报表 2020年8月"


def test_demo_state_machine_left_no_return_in_a_wrong_state():
    for ret in Return.objects.all():
        approved = [f.approved for f in ret.figures.all()]
        if ret.state == ReturnState.APPROVED:
            assert ret.reviewed_by_id and ret.submitted_by_id != ret.reviewed_by_id
            assert any(a is not None for a in approved)
        else:
            assert all(a is None for a in approved)


def test_a_sum_with_an_at_least_part_is_at_least(demo_users):
    # KS-BJ 2019 Q1 (approved in the demo): the towns' 700多万元 = 700万元以上 (seed 001's 1.2亿元 spans
    # 2017—2019, no one quarter's); the city pair's sum says 以上 too
    rollup = return_rollup(user=demo_users["suzhou"], pairing=pairing("SZ-TR"), period_kind="quarterly", year=2019, period_no=1)
    funds = next(line for line in rollup.lines if line.indicator.key == "funds_all")
    assert funds.total == Decimal("7000000") and funds.display == "700 万元以上"
    sales = next(line for line in rollup.lines if line.indicator.key == "sales")
    assert sales.display == "1.06 亿元"  # seed 001: 1.06亿元 through Kunshan's showcase points, exact
    province = return_rollup(user=demo_users["admin"], pairing=pairing("JS-GZ"), period_kind="quarterly", year=2019, period_no=1)
    assert province.qualifiers["funds_all"] == "at_least"
