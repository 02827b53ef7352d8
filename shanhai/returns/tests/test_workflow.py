"""The state machine of a return: who may move what, locks, reopening, what may be typed.

Roles as the demo accounts hold them (shanhai/demo/accounts.py): kunshan and bijiang write the
Kunshan ↔ Bijiang pair (KS-BJ), so they fill its returns; suzhou and tongren write the city pair
SZ-TR above it, so they review them; zhangjiagang holds another county and does not see KS-BJ;
auditor reads everything and writes nothing; jiangsu is a provincial (national-role) office.
The demo holds KS-BJ's 2019 quarterly returns, so these tests work on periods it does not hold.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shanhai.core.models import AuditEntry
from shanhai.funds.models import Fund
from shanhai.funds.services import fund_update
from shanhai.pairings.models import Pairing
from shanhai.returns import services
from shanhai.returns.models import PeriodKind, Return, ReturnAction, ReturnState
from shanhai.returns.selectors import Can, return_actions, return_can, return_figure_rows

pytestmark = pytest.mark.django_db

# Seed 000: 乡镇结对资金700多万元, recorded for KS-BJ in 2019. Seed 001's 各类帮扶资金1.2亿元 is "since
# 2017": a 2017—2019 span, no one year's, so not in a 2019 return.
KS_BJ_2019_FUNDS_ALL = Decimal("7000000")


@pytest.fixture
def ks_bj():
    return Pairing.objects.get(reference="KS-BJ")


def new_return(user, pairing, kind=PeriodKind.YEARLY, year=2019, number=1):
    return services.return_create(actor=user, pairing=pairing, period_kind=kind, year=year, period_no=number)


def figure(ret, key):
    return ret.figures.select_related("indicator").get(indicator__key=key)


def test_a_new_return_is_prefilled_from_the_ledgers(demo_users, ks_bj):
    ret = new_return(demo_users["kunshan"], ks_bj)
    assert ret.state == ReturnState.DRAFT
    assert figure(ret, "funds_all").prefilled == KS_BJ_2019_FUNDS_ALL
    assert figure(ret, "funds_all").prefilled_qualifier == "at_least"  # 700多万元
    assert figure(ret, "planting_area").prefilled == Decimal("105")  # seed 001: 栽种了105亩
    assert figure(ret, "jobs_offered").prefilled == Decimal("13000")  # 每年提供就业岗位1.3万个以上
    # 当年减贫人口: the seeds give Bijiang's exits only cumulatively (6278户22896人), so nothing is prefilled
    exited = figure(ret, "persons_exited")
    assert exited.prefilled is None and "尚无该年度的报告数" in exited.basis
    assert [e.action for e in ret.events.all()] == [ReturnAction.CREATE]


def test_county_user_submits_and_cannot_approve(demo_users, ks_bj):
    kunshan, bijiang = demo_users["kunshan"], demo_users["bijiang"]
    ret = new_return(kunshan, ks_bj)
    assert return_actions(kunshan, ret) == {Can.EDIT, Can.SUBMIT}
    ret = services.return_submit(actor=kunshan, ret=ret)
    assert ret.state == ReturnState.SUBMITTED and ret.submitted_by == kunshan
    for county_user in (kunshan, bijiang):
        assert not return_can(county_user, ret, Can.APPROVE)
        with pytest.raises(PermissionDenied):
            services.return_approve(actor=county_user, ret=ret)
    assert Return.objects.get(pk=ret.pk).state == ReturnState.SUBMITTED


def test_city_user_sends_back_with_a_comment_then_approves(demo_users, ks_bj):
    kunshan, suzhou = demo_users["kunshan"], demo_users["suzhou"]
    ret = services.return_submit(actor=kunshan, ret=new_return(kunshan, ks_bj))
    assert return_actions(suzhou, ret) == {Can.SEND_BACK, Can.APPROVE}
    with pytest.raises(ValidationError, match="退回须写明意见"):
        services.return_send_back(actor=suzhou, ret=ret, comment="  ")
    ret = services.return_send_back(actor=suzhou, ret=ret, comment="请核对乡镇结对资金")
    assert ret.state == ReturnState.RETURNED and ret.reviewed_by == suzhou
    assert ret.events.get(action=ReturnAction.SEND_BACK).comment == "请核对乡镇结对资金"
    ret = services.return_submit(actor=kunshan, ret=ret)
    ret = services.return_approve(actor=suzhou, ret=ret)
    assert ret.state == ReturnState.APPROVED
    assert figure(ret, "funds_all").approved == KS_BJ_2019_FUNDS_ALL


def test_the_other_side_of_the_city_pair_reviews_too(demo_users, ks_bj):
    ret = services.return_submit(actor=demo_users["bijiang"], ret=new_return(demo_users["bijiang"], ks_bj))
    assert services.return_approve(actor=demo_users["tongren"], ret=ret).state == ReturnState.APPROVED


def test_the_submitter_cannot_approve_their_own_return(demo_users, ks_bj):
    # suzhou writes KS-BJ (320583 lies in 3205) and so may fill it; it may not then approve it
    suzhou = demo_users["suzhou"]
    ret = services.return_submit(actor=suzhou, ret=new_return(suzhou, ks_bj))
    assert not return_can(suzhou, ret, Can.APPROVE) and not return_can(suzhou, ret, Can.SEND_BACK)
    with pytest.raises(PermissionDenied, match="不能审核自己报送的报表"):
        services.return_approve(actor=suzhou, ret=ret)
    assert services.return_approve(actor=demo_users["tongren"], ret=ret).state == ReturnState.APPROVED


def test_auditor_can_do_nothing(demo_users, ks_bj):
    auditor = demo_users["auditor"]
    with pytest.raises(PermissionDenied):
        new_return(auditor, ks_bj)
    ret = services.return_submit(actor=demo_users["kunshan"], ret=new_return(demo_users["kunshan"], ks_bj))
    assert return_actions(auditor, ret) == set()
    for step in (services.return_approve, services.return_submit, services.return_refresh):
        with pytest.raises(PermissionDenied):
            step(actor=auditor, ret=ret)
    with pytest.raises(PermissionDenied):
        services.return_send_back(actor=auditor, ret=ret, comment="x")


def test_out_of_scope_county_cannot_see_or_act(demo_users, ks_bj):
    zjg = demo_users["zhangjiagang"]
    ret = new_return(demo_users["kunshan"], ks_bj)
    assert not Return.objects.visible_to(zjg).filter(pk=ret.pk).exists()
    assert return_actions(zjg, ret) == set()
    with pytest.raises(PermissionDenied):
        new_return(zjg, ks_bj, number=1, kind=PeriodKind.MONTHLY)
    with pytest.raises(PermissionDenied):
        services.return_submit(actor=zjg, ret=ret)
    with pytest.raises(PermissionDenied):
        services.return_figure_set(actor=zjg, figure=figure(ret, "persons_exited"), value="1")
    assert Return.objects.get(pk=ret.pk).state == ReturnState.DRAFT


def test_only_reported_indicators_may_be_typed(demo_users, ks_bj):
    bijiang = demo_users["bijiang"]
    ret = new_return(bijiang, ks_bj)
    with pytest.raises(ValidationError, match="由台账计算，不能手工填报"):
        services.return_figure_set(actor=bijiang, figure=figure(ret, "funds_all"), value="130000000")
    assert figure(ret, "funds_all").reported is None
    services.return_figure_set(actor=bijiang, figure=figure(ret, "persons_exited"), value="1,234", note="建档立卡系统")
    exited = figure(ret, "persons_exited")
    assert (exited.reported, exited.value, exited.note) == (Decimal("1234"), Decimal("1234"), "建档立卡系统")
    with pytest.raises(ValidationError, match="应为数字"):
        services.return_figure_set(actor=bijiang, figure=exited, value="许多")


def test_an_approved_return_is_locked_and_shows_drift(demo_users, ks_bj):
    kunshan, suzhou, admin = demo_users["kunshan"], demo_users["suzhou"], demo_users["admin"]
    ret = services.return_submit(actor=kunshan, ret=new_return(kunshan, ks_bj))
    ret = services.return_approve(actor=suzhou, ret=ret)
    # the ledger row under it changes: 700万 of town pairing funds becomes 800万
    towns = Fund.objects.get(reference="KS-BJ-FUND-TOWNS")
    assert towns.amount == 7_000_000_00
    fund_update(actor=admin, obj=towns, amount=8_000_000_00)
    rows = {r.indicator.key: r for r in return_figure_rows(user=suzhou, ret=ret)}
    funds = rows["funds_all"]
    assert funds.figure.approved == KS_BJ_2019_FUNDS_ALL  # what was approved stays
    assert funds.current.value == KS_BJ_2019_FUNDS_ALL + 1_000_000
    assert funds.drift == Decimal("1000000") and funds.drift_display == "+100 万元"
    assert rows["planting_area"].drift == 0
    with pytest.raises(ValidationError, match="已审核的报表须先重新打开"):
        services.return_figure_set(actor=kunshan, figure=figure(ret, "persons_exited"), value="5")
    with pytest.raises(ValidationError):
        services.return_refresh(actor=kunshan, ret=ret)
    with pytest.raises(ValidationError):
        services.return_submit(actor=kunshan, ret=ret)
    assert figure(ret, "persons_exited").reported is None


def test_reopen_needs_a_reason_and_shows_in_the_trail(demo_users, ks_bj):
    kunshan, suzhou = demo_users["kunshan"], demo_users["suzhou"]
    ret = services.return_approve(actor=suzhou, ret=services.return_submit(actor=kunshan, ret=new_return(kunshan, ks_bj)))
    assert not return_can(kunshan, ret, Can.REOPEN)
    with pytest.raises(PermissionDenied):
        services.return_reopen(actor=kunshan, ret=ret, reason="要改")
    with pytest.raises(ValidationError, match="重新打开须写明理由"):
        services.return_reopen(actor=suzhou, ret=ret, reason="")
    assert Return.objects.get(pk=ret.pk).state == ReturnState.APPROVED
    ret = services.return_reopen(actor=suzhou, ret=ret, reason="乡镇结对资金重复计入，须核减")
    assert ret.state == ReturnState.DRAFT
    assert figure(ret, "funds_all").approved is None  # no longer approved: it no longer rolls up
    last = ret.events.last()
    assert (last.action, last.actor, last.comment) == (ReturnAction.REOPEN, suzhou, "乡镇结对资金重复计入，须核减")
    assert [e.action for e in ret.events.all()] == ["create", "submit", "approve", "reopen"]
    # the audit trail holds the state change with who made it
    entry = AuditEntry.objects.filter(content_type__model="return", object_id=str(ret.pk), actor=suzhou).first()
    assert entry.before["state"] == "approved" and entry.after["state"] == "draft"
    # the filling office may now change it again
    assert return_actions(kunshan, ret) == {Can.EDIT, Can.SUBMIT}


def test_a_national_role_may_reopen(demo_users, ks_bj):
    kunshan, suzhou, jiangsu = demo_users["kunshan"], demo_users["suzhou"], demo_users["jiangsu"]
    ret = services.return_approve(actor=suzhou, ret=services.return_submit(actor=kunshan, ret=new_return(kunshan, ks_bj)))
    assert return_can(jiangsu, ret, Can.REOPEN)
    assert services.return_reopen(actor=jiangsu, ret=ret, reason="省里抽查").state == ReturnState.DRAFT


def test_refresh_takes_the_ledgers_as_they_are_now(demo_users, ks_bj):
    kunshan, admin = demo_users["kunshan"], demo_users["admin"]
    ret = new_return(kunshan, ks_bj)
    services.return_figure_set(actor=kunshan, figure=figure(ret, "persons_exited"), value="10")
    fund_update(actor=admin, obj=Fund.objects.get(reference="KS-BJ-FUND-TOWNS"), amount=8_000_000_00)
    assert figure(ret, "funds_all").prefilled == KS_BJ_2019_FUNDS_ALL
    services.return_refresh(actor=kunshan, ret=ret)
    assert figure(ret, "funds_all").prefilled == KS_BJ_2019_FUNDS_ALL + 1_000_000
    assert figure(ret, "persons_exited").reported == Decimal("10")  # what was typed stays


def test_one_return_per_pairing_and_period_and_periods_in_range(demo_users, ks_bj):
    kunshan = demo_users["kunshan"]
    new_return(kunshan, ks_bj)
    with pytest.raises(ValidationError, match="已有这一期的报表"):
        new_return(kunshan, ks_bj)
    with pytest.raises(ValidationError):
        new_return(kunshan, ks_bj, kind=PeriodKind.QUARTERLY, number=5)
    with pytest.raises(ValidationError, match="没有适用的指标体系"):
        new_return(kunshan, ks_bj, year=2010)


def test_returns_are_filed_for_county_city_and_province_pairs_only(demo_users):
    town_pair = Pairing.objects.get(reference="KS-BJ-TOWN-ZP")
    with pytest.raises(ValidationError, match="按省际、市际、县县结对填报"):
        new_return(demo_users["kunshan"], town_pair)


# ---------------------------------------------------------------- the matrix: account × demo return

USERS = ["admin", "jiangsu", "kunshan", "bijiang", "zhangjiagang", "yanhe", "workteam", "auditor", "suzhou", "tongren"]
REVIEW = {Can.APPROVE, Can.SEND_BACK}
FILL = {Can.EDIT, Can.SUBMIT}
# Written from the roles (accounts.py) and the pairs' parties, not read back from the code:
# KS-BJ = 昆山 320583 ↔ 碧江 520602 under SZ-TR = 苏州 3205 ↔ 铜仁 5206; ZJG-YH = 张家港 320582 ↔ 沿河 520627.
# admin and jiangsu (32 and 52) write everything here; workteam writes KS-BJ but not SZ-TR above it;
# yanhe's 思渠镇 (520627107) holds no party of ZJG-YH itself.
MATRIX = {
    # submitted by kunshan: the city pair's offices and the national roles review it
    ("KS-BJ", "quarterly", 2019, 4): {"admin": REVIEW, "jiangsu": REVIEW, "suzhou": REVIEW, "tongren": REVIEW},
    # approved: the reviewers and the national roles may reopen it; nobody may change it
    ("KS-BJ", "quarterly", 2019, 1): {n: {Can.REOPEN} for n in ("admin", "jiangsu", "suzhou", "tongren")},
    # a draft: every writer on the pair fills it
    ("ZJG-YH", "quarterly", 2020, 3): {n: FILL for n in ("admin", "jiangsu", "zhangjiagang", "suzhou", "tongren")},
}


@pytest.mark.parametrize("period", list(MATRIX), ids=lambda p: f"{p[0]}-{p[2]}-{p[3]}")
@pytest.mark.parametrize("username", USERS)
def test_who_may_do_what_on_the_demo_returns(demo_users, period, username):
    ref, kind, year, number = period
    ret = Return.objects.get(pairing__reference=ref, period_kind=kind, year=year, period_no=number)
    assert return_actions(demo_users[username], ret) == MATRIX[period].get(username, set())
