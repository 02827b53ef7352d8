"""Each ten-haves rule on evidence present and absent.

吴江 ↔ 印江 (WJ-YJ) has nothing recorded for 2021 in the demo, so every rule starts unmet there;
each test records one thing through the owning app's service, as an office would, and the rule
turns. The seeds' own pairs are read in test_views.
"""

import datetime

import pytest

from shanhai.agreements.rules import RULES, rule_evaluate
from shanhai.agreements.selectors import ten_haves
from shanhai.agreements.services import agreement_create
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region

pytestmark = pytest.mark.django_db

YEAR = 2021
WUJIANG, YINJIANG = "320509", "520625"


def region(code):
    return Region.objects.get(code=code.ljust(12, "0"))


@pytest.fixture
def admin(demo_users):
    return demo_users["admin"]


@pytest.fixture
def wj_yj():
    return Pairing.objects.get(reference="WJ-YJ")


def met(key, admin, pairing, year=YEAR):
    return rule_evaluate(key=key, user=admin, pairing=pairing, year=year)


def sides(pairing):
    return {
        "east_party": "吴江区", "east_region": region(WUJIANG), "west_party": "印江县", "west_region": region(YINJIANG),
        "pairing": pairing,
    }


def test_every_rule_unmet_without_records(admin, wj_yj):
    for key in RULES:
        evidence = met(key, admin, wj_yj)
        assert evidence.met is False, key
        assert "2021" in evidence.summary


def test_no_rule_for_measures_and_results(admin, wj_yj):
    found = {s.item.name: s for s in ten_haves(user=admin, pairing=wj_yj, year=YEAR).items}
    assert [s.has_rule for s in found.values()].count(False) == 2
    assert not found["有措施"].has_rule and not found["有成效"].has_rule
    assert found["有措施"].how == "none" and not found["有措施"].met


def test_agreement_signed_in_the_year(admin, wj_yj):
    agreement_create(actor=admin, reference="T-WJ-YJ-AGR", pairing=wj_yj, title="吴江—印江东西部协作协议",
                     signed_on=datetime.date(2021, 3, 1))
    evidence = met("agreement", admin, wj_yj)
    assert evidence.met
    assert "吴江—印江东西部协作协议" in evidence.summary
    assert evidence.links[0][1].startswith("/agreements/")
    later = met("agreement", admin, wj_yj, 2022)  # signed in 2021, no term: not 2022's
    assert not later.met and "其他年度签订、未载有效期的 1 份不计入" in later.summary


def test_agreement_valid_for_the_year(admin, wj_yj):
    agreement_create(actor=admin, reference="T-WJ-YJ-AGR-TERM", pairing=wj_yj, title="三年帮扶协议", year=2019,
                     valid_from=2019, valid_to=2021)
    assert met("agreement", admin, wj_yj).met
    assert not met("agreement", admin, wj_yj, 2022).met
    agreement_create(actor=admin, reference="T-WJ-YJ-AGR-OPEN", pairing=wj_yj, title="长期协议", year=2020, valid_from=2020)
    assert met("agreement", admin, wj_yj, 2022).met  # a term with no end runs on


def test_agreement_of_a_nested_pair_does_not_count(admin):
    """ZJG-YH's chambers signed in 2020 (seed 002), the county pair's own agreement gives no year."""
    zjg_yh = Pairing.objects.get(reference="ZJG-YH")
    evidence = met("agreement", admin, zjg_yh, 2020)
    assert not evidence.met
    assert "下级结对有 1 份" in evidence.summary
    assert "未载签订年度" in evidence.summary
    chambers = Pairing.objects.get(reference="ZJG-YH-CHAMBERS")
    assert met("agreement", admin, chambers, 2020).met


def test_plan_from_targets(admin, wj_yj):
    from shanhai.assessment.selectors import indicators_for
    from shanhai.assessment.services import target_set

    indicator = indicators_for(year=YEAR)[0]
    target_set(actor=admin, pairing=wj_yj, year=YEAR, indicator=indicator, value=10)
    evidence = met("targets", admin, wj_yj)
    assert evidence.met and indicator.name in evidence.summary
    assert evidence.links == [("年度目标", "/targets/?pairing=WJ-YJ&year=2021")]


def test_funds(admin, wj_yj):
    from shanhai.funds.models import FundKind
    from shanhai.funds.services import fund_create

    fund_create(actor=admin, reference="T-WJ-YJ-FUND", kind=FundKind.objects.get(code="cooperation"), title="东西部协作资金",
                source_name="吴江区", source_region=region(WUJIANG), recipient_name="印江县",
                recipient_region=region(YINJIANG), pairing=wj_yj, year=YEAR, amount=300 * 1_0000_00)
    evidence = met("funds", admin, wj_yj)
    assert evidence.met and "300 万元" in evidence.summary
    assert evidence.links == [("资金台账", "/funds/?pairing=WJ-YJ&year=2021")]


def test_projects(admin, wj_yj):
    from shanhai.projects.models import ProjectCategory
    from shanhai.projects.services import project_create

    project_create(actor=admin, reference="T-WJ-YJ-PRJ", name="电商与物流基地", category=ProjectCategory.objects.get(code="industry"),
                   place=region(YINJIANG), helper_region=region(WUJIANG), pairing=wj_yj, year=YEAR, status="approved")
    evidence = met("projects", admin, wj_yj)
    assert evidence.met and "1 个" in evidence.summary


def test_cadres_and_talent_are_told_apart(admin, wj_yj):
    from shanhai.talent.models import TalentKind
    from shanhai.talent.services import talent_placement_create

    talent_placement_create(actor=admin, reference="T-WJ-YJ-TEACHER", kind=TalentKind.objects.get(code="teacher"),
                            person_name="某教师", year=YEAR, **sides(wj_yj))
    assert met("talent", admin, wj_yj).met
    assert not met("cadres", admin, wj_yj).met  # a teacher is not a cadre
    talent_placement_create(actor=admin, reference="T-WJ-YJ-VC", kind=TalentKind.objects.get(code="village_cadre"),
                            person_name="某驻村干部", year=YEAR, **sides(wj_yj))
    evidence = met("cadres", admin, wj_yj)
    assert evidence.met and "某驻村干部（驻村干部）" in evidence.summary


def test_talent_from_a_training(admin, wj_yj):
    from shanhai.talent.services import training_batch_create

    training_batch_create(actor=admin, reference="T-WJ-YJ-TRAIN", topic="电商培训", year=YEAR, persons=40,
                          person_times=40, **sides(wj_yj))
    evidence = met("talent", admin, wj_yj)
    assert evidence.met and "40 人次" in evidence.summary


def test_visits_and_joint_meetings(admin, wj_yj):
    from shanhai.exchanges.services import joint_meeting_create, visit_create

    assert not met("visits", admin, wj_yj).met
    visit_create(actor=admin, reference="T-WJ-YJ-VISIT", name="吴江区考察团", start_date=datetime.date(2021, 6, 1), **sides(wj_yj))
    assert met("visits", admin, wj_yj).met
    assert not met("joint_meetings", admin, wj_yj).met  # a visit is not a joint meeting
    joint_meeting_create(actor=admin, reference="T-WJ-YJ-JM", name="吴江·印江联席会议", year=YEAR, **sides(wj_yj))
    evidence = met("joint_meetings", admin, wj_yj)
    assert evidence.met and "吴江·印江联席会议" in evidence.summary
    assert evidence.links == [("联席会议台账", "/joint-meetings/?pairing=WJ-YJ&year=2021")]


def test_records_of_nested_pairs_count_for_the_parent(admin):
    """Suzhou ↔ Tongren holds the Kunshan visits of November 2019 (seed 001) through KS-BJ under it."""
    sz_tr = Pairing.objects.get(reference="SZ-TR")
    assert met("visits", admin, sz_tr, 2019).met


def test_rules_see_only_what_the_reader_may(demo_users):
    """Zhangjiagang reads nothing of Kunshan ↔ Bijiang: the visits of 2019 are not its evidence."""
    ks_bj = Pairing.objects.get(reference="KS-BJ")
    assert met("visits", demo_users["kunshan"], ks_bj, 2019).met
    assert not met("visits", demo_users["zhangjiagang"], ks_bj, 2019).met
