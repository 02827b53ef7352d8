"""Four eyes on every review, and the one table of who may fill, review and reopen a return (ADR 013).

The probe: 苏州 (suzhou) writes 3205, so it may both fill KS-BJ (昆山 320583 lies in it) and review
it (it writes SZ-TR above). It typed 当年减贫人口 into a return it had sent back, 昆山 submitted
it again, and 苏州 approved its own figure. Nobody approves a return they filled in that round;
铜仁 (tongren), the other side of the city pair, still may.

A round starts when the return is created, sent back or reopened; filling is creating it, setting
a figure or its note, refreshing the prefill, submitting.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shanhai.pairings.models import Pairing
from shanhai.returns import services
from shanhai.returns.models import PeriodKind, Return, ReturnState
from shanhai.returns.selectors import (
    NO_RETURN,
    RETURN_RULES,
    Can,
    Who,
    return_actions,
    return_can,
    return_can_create,
    return_refusal,
    returns_actions,
)

pytestmark = pytest.mark.django_db

FOUR_EYES = "不能审核自己填报过的报表"
OWN_SUBMISSION = "不能审核自己报送的报表"


@pytest.fixture
def ks_bj():
    return Pairing.objects.get(reference="KS-BJ")


def new_return(user, pairing, year=2019):
    return services.return_create(actor=user, pairing=pairing, period_kind=PeriodKind.YEARLY, year=year, period_no=1)


def exited(ret):
    return ret.figures.select_related("indicator").get(indicator__key="persons_exited")


def sent_back(users, pairing):
    """Filled and submitted by 昆山, sent back by 苏州: a new round begins."""
    ret = services.return_submit(actor=users["kunshan"], ret=new_return(users["kunshan"], pairing))
    return services.return_send_back(actor=users["suzhou"], ret=ret, comment="当年减贫人口请补填")


# ---------------------------------------------------------------- the probe


def test_a_reviewer_who_filled_a_sent_back_return_may_not_approve_it(demo_users, ks_bj):
    kunshan, suzhou, tongren = demo_users["kunshan"], demo_users["suzhou"], demo_users["tongren"]
    ret = sent_back(demo_users, ks_bj)
    # the reviewer types the figure itself while the return is sent back, and the county submits it
    services.return_figure_set(actor=suzhou, figure=exited(ret), value="789", note="苏州代填")
    ret = services.return_submit(actor=kunshan, ret=ret)
    assert not return_can(suzhou, ret, Can.APPROVE) and not return_can(suzhou, ret, Can.SEND_BACK)
    assert return_actions(suzhou, ret) == set()
    with pytest.raises(PermissionDenied, match=FOUR_EYES) as refused:
        services.return_approve(actor=suzhou, ret=ret)
    assert "退回起" in str(refused.value) and "修改" in str(refused.value)
    stored = Return.objects.get(pk=ret.pk)
    assert stored.state == ReturnState.SUBMITTED and stored.reviewed_by is None
    assert exited(stored).approved is None
    # the other side of the city pair did not fill it, and approves it
    ret = services.return_approve(actor=tongren, ret=ret)
    assert ret.state == ReturnState.APPROVED and ret.reviewed_by == tongren
    assert exited(ret).approved == Decimal("789")


def test_the_probe_through_the_api_and_the_page(client_for, demo_users, ks_bj):
    ret = sent_back(demo_users, ks_bj)
    services.return_figure_set(actor=demo_users["suzhou"], figure=exited(ret), value="789")
    ret = services.return_submit(actor=demo_users["kunshan"], ret=ret)

    suzhou = client_for("suzhou")
    assert suzhou.get(f"/api/returns/{ret.pk}/").json()["actions"] == []
    refused = suzhou.post(f"/api/returns/{ret.pk}/approve/", {"comment": "同意"}, content_type="application/json")
    assert refused.status_code == 403 and FOUR_EYES in refused.json()["detail"]
    page = suzhou.get(f"/returns/{ret.pk}/").content.decode()
    assert "审核通过" not in page and "退回意见（必填）" not in page
    assert FOUR_EYES in page  # the page says why there is no review button
    listed = suzhou.get("/returns/?pairing=KS-BJ&year=2019&period_kind=yearly").content.decode()
    row = next(r for r in listed.split("<tr") if "2019年度" in r)
    assert "审核" not in row and "退回" not in row
    posted = suzhou.post(f"/returns/{ret.pk}/approve/", {"comment": ""})
    assert posted.status_code == 403 and FOUR_EYES in posted.content.decode()
    assert Return.objects.get(pk=ret.pk).state == ReturnState.SUBMITTED

    tongren = client_for("tongren")
    assert tongren.get(f"/api/returns/{ret.pk}/").json()["actions"] == ["approve", "send_back"]
    approved = tongren.post(f"/api/returns/{ret.pk}/approve/", {"comment": "同意"}, content_type="application/json")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    assert approved.json()["reviewed_by"] == "tongren"


# ---------------------------------------------------------------- what counts as filling, and a round


def test_creating_a_return_is_filling_it(demo_users, ks_bj):
    suzhou, kunshan = demo_users["suzhou"], demo_users["kunshan"]
    ret = services.return_submit(actor=kunshan, ret=new_return(suzhou, ks_bj))
    with pytest.raises(PermissionDenied, match=FOUR_EYES):
        services.return_approve(actor=suzhou, ret=ret)
    assert services.return_approve(actor=demo_users["tongren"], ret=ret).state == ReturnState.APPROVED


def test_submitting_it_is_filling_it(demo_users, ks_bj):
    suzhou = demo_users["suzhou"]
    ret = services.return_submit(actor=suzhou, ret=new_return(demo_users["kunshan"], ks_bj))
    with pytest.raises(PermissionDenied, match=OWN_SUBMISSION):
        services.return_send_back(actor=suzhou, ret=ret, comment="自己退回")
    assert Return.objects.get(pk=ret.pk).state == ReturnState.SUBMITTED


def test_a_note_alone_or_a_refresh_is_filling_it(demo_users, ks_bj):
    kunshan, suzhou, tongren = demo_users["kunshan"], demo_users["suzhou"], demo_users["tongren"]
    ret = sent_back(demo_users, ks_bj)
    services.return_figure_set(actor=suzhou, figure=exited(ret), value=None, note="请县里核实")
    ret = services.return_submit(actor=kunshan, ret=ret)
    assert return_refusal(suzhou, ret, Can.APPROVE).kind == "four_eyes"

    ret = services.return_send_back(actor=tongren, ret=ret, comment="再核")
    services.return_refresh(actor=tongren, ret=ret)
    ret = services.return_submit(actor=kunshan, ret=ret)
    assert not return_can(tongren, ret, Can.APPROVE)
    assert return_can(suzhou, ret, Can.APPROVE)  # suzhou's note was the round before


def test_what_a_reviewer_filled_in_an_earlier_round_does_not_count(demo_users, ks_bj):
    kunshan, suzhou, tongren = demo_users["kunshan"], demo_users["suzhou"], demo_users["tongren"]
    ret = new_return(kunshan, ks_bj)
    services.return_figure_set(actor=suzhou, figure=exited(ret), value="700")
    ret = services.return_submit(actor=kunshan, ret=ret)
    assert return_actions(suzhou, ret) == set()  # it filled this round: neither approve nor send back
    ret = services.return_send_back(actor=tongren, ret=ret, comment="请昆山核对")
    services.return_figure_set(actor=kunshan, figure=exited(ret), value="789")
    ret = services.return_submit(actor=kunshan, ret=ret)
    assert return_actions(suzhou, ret) == {Can.APPROVE, Can.SEND_BACK}
    assert services.return_approve(actor=suzhou, ret=ret).state == ReturnState.APPROVED


def test_reopening_starts_a_round_and_is_not_filling(demo_users, ks_bj):
    kunshan, suzhou, admin, jiangsu = (demo_users[n] for n in ("kunshan", "suzhou", "admin", "jiangsu"))
    ret = services.return_approve(actor=suzhou, ret=services.return_submit(actor=kunshan, ret=new_return(kunshan, ks_bj)))
    ret = services.return_reopen(actor=admin, ret=ret, reason="抽查")
    ret = services.return_submit(actor=kunshan, ret=ret)
    assert return_can(admin, ret, Can.APPROVE) and return_can(suzhou, ret, Can.APPROVE)
    ret = services.return_send_back(actor=suzhou, ret=ret, comment="补填")
    services.return_figure_set(actor=admin, figure=exited(ret), value="789")
    ret = services.return_submit(actor=kunshan, ret=ret)
    with pytest.raises(PermissionDenied, match=FOUR_EYES):
        services.return_approve(actor=admin, ret=ret)
    assert services.return_approve(actor=jiangsu, ret=ret).reviewed_by == jiangsu


def test_the_list_and_the_detail_ask_the_same_rule(demo_users, ks_bj):
    ret = sent_back(demo_users, ks_bj)
    services.return_figure_set(actor=demo_users["suzhou"], figure=exited(ret), value="789")
    ret = services.return_submit(actor=demo_users["kunshan"], ret=ret)
    others = list(Return.objects.filter(pairing=ks_bj))
    batch = returns_actions(demo_users["suzhou"], others)
    assert batch == {r.pk: return_actions(demo_users["suzhou"], r) for r in others}
    assert batch[ret.pk] == set()


# ---------------------------------------------------------------- the table, row by row

# Written from ADR 013, not read back from the code: (action, state) → who, and whether those who
# filled the return in the round are turned away.
TABLE = {
    (Can.CREATE, NO_RETURN): (Who.FILLER, False),
    (Can.EDIT, ReturnState.DRAFT): (Who.FILLER, False),
    (Can.EDIT, ReturnState.RETURNED): (Who.FILLER, False),
    (Can.SUBMIT, ReturnState.DRAFT): (Who.FILLER, False),
    (Can.SUBMIT, ReturnState.RETURNED): (Who.FILLER, False),
    (Can.SEND_BACK, ReturnState.SUBMITTED): (Who.REVIEWER, True),
    (Can.APPROVE, ReturnState.SUBMITTED): (Who.REVIEWER, True),
    (Can.REOPEN, ReturnState.APPROVED): (Who.REOPENER, False),
}


def test_the_table_is_the_one_in_the_adr():
    assert {key: (rule.who, rule.four_eyes) for key, rule in RETURN_RULES.items()} == TABLE
    assert all(rule.reason for rule in RETURN_RULES.values())


def in_state(users, pairing, state, *, filler="kunshan"):
    """A 2019 yearly KS-BJ return brought to ``state`` by 昆山 and 铜仁 (tongren reviews)."""
    ret = new_return(users[filler], pairing)
    if state == ReturnState.DRAFT:
        return ret
    ret = services.return_submit(actor=users[filler], ret=ret)
    if state == ReturnState.RETURNED:
        return services.return_send_back(actor=users["tongren"], ret=ret, comment="请核对")
    if state == ReturnState.APPROVED:
        return services.return_approve(actor=users["tongren"], ret=ret)
    return ret


def take(action, *, actor, ret):
    if action == Can.EDIT:
        return services.return_figure_set(actor=actor, figure=exited(ret), value="789").ret
    if action == Can.SUBMIT:
        return services.return_submit(actor=actor, ret=ret)
    if action == Can.SEND_BACK:
        return services.return_send_back(actor=actor, ret=ret, comment="请核对")
    if action == Can.APPROVE:
        return services.return_approve(actor=actor, ret=ret)
    return services.return_reopen(actor=actor, ret=ret, reason="数据有误")


# For each kind of "who": one account that holds it on KS-BJ and one that reads KS-BJ without it.
HOLDS = {Who.FILLER: "bijiang", Who.REVIEWER: "suzhou", Who.REOPENER: "jiangsu"}
LACKS = {Who.FILLER: "auditor", Who.REVIEWER: "kunshan", Who.REOPENER: "workteam"}
AFTER = {
    Can.EDIT: None, Can.SUBMIT: ReturnState.SUBMITTED, Can.SEND_BACK: ReturnState.RETURNED,
    Can.APPROVE: ReturnState.APPROVED, Can.REOPEN: ReturnState.DRAFT,
}


def test_the_create_row(demo_users, ks_bj):
    auditor, bijiang = demo_users["auditor"], demo_users["bijiang"]
    assert not return_can_create(auditor, ks_bj)
    with pytest.raises(PermissionDenied):
        new_return(auditor, ks_bj)
    assert return_can_create(bijiang, ks_bj)
    ret = new_return(bijiang, ks_bj)
    assert ret.created_by == bijiang and ret.events.get().actor == bijiang


ON_A_RETURN = [k for k in TABLE if k[1] != NO_RETURN]


@pytest.mark.parametrize("key", ON_A_RETURN, ids=lambda k: f"{k[0]}-{k[1]}")
def test_each_row_lets_its_holder_through_and_turns_others_away(demo_users, ks_bj, key):
    action, state = key
    who, four_eyes = TABLE[key]
    ret = in_state(demo_users, ks_bj, state)
    lacking = demo_users[LACKS[who]]
    assert Return.objects.visible_to(lacking).filter(pk=ret.pk).exists()  # it reads the return
    assert return_refusal(lacking, ret, action).kind == "role"
    with pytest.raises(PermissionDenied):
        take(action, actor=lacking, ret=ret)
    holder = demo_users[HOLDS[who]]
    assert return_can(holder, ret, action) and action in return_actions(holder, ret)
    done = take(action, actor=holder, ret=Return.objects.get(pk=ret.pk))
    assert Return.objects.get(pk=ret.pk).state == (AFTER[action] or state)
    assert done.events.last().actor == holder


@pytest.mark.parametrize("key", [k for k, (_who, eyes) in TABLE.items() if eyes], ids=lambda k: k[0])
def test_each_four_eyes_row_turns_away_who_filled_the_round(demo_users, ks_bj, key):
    action, state = key
    ret = in_state(demo_users, ks_bj, state, filler="suzhou")  # suzhou created and submitted it
    refusal = return_refusal(demo_users["suzhou"], ret, action)
    assert refusal.kind == "four_eyes" and OWN_SUBMISSION in refusal.message
    with pytest.raises(PermissionDenied, match=OWN_SUBMISSION):
        take(action, actor=demo_users["suzhou"], ret=ret)
    assert return_can(demo_users["tongren"], ret, action)


LEFT_OUT = [(a, s) for a in Can.ALL for s in ReturnState if (a, s) not in TABLE]


@pytest.mark.parametrize(("action", "state"), LEFT_OUT, ids=lambda v: str(v))
def test_what_the_table_leaves_out_nobody_may_do(demo_users, ks_bj, action, state):
    ret = in_state(demo_users, ks_bj, state)
    admin = demo_users["admin"]  # holds every role: only the state can turn it away
    refusal = return_refusal(admin, ret, action)
    assert refusal.kind == "state" and ret.get_state_display() in refusal.message
    with pytest.raises(ValidationError):
        take(action, actor=admin, ret=ret)
    assert Return.objects.get(pk=ret.pk).state == state
