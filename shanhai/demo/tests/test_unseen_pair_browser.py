"""The unseen pair (鄞州区—普安县) in a real browser: the eastern office enters the year's joint meetings,
an aggregate of three, through the ledger's page form, and the pair's dashboard counts three; it enters
the labour station set up in 2019年9月 with the month typed as the account writes it, and the station
reads back as 2019年9月."""

import io

import pytest
from django.core.management import call_command

from shanhai.core.testing import log_in

from .test_unseen_pair import EAST, REFUSED, WEST, account, upload

# serialized_rollback: as the other browser tests, the flush after a live-server test would otherwise
# empty the reference tables the next test's demo load needs.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def the_pair(demo_live_server):
    from shanhai.core.models import Role, Side
    from shanhai.pairings.models import Pairing

    reviewer = account("yinzhou_puan_review", "鄞州—普安协作审核", [(Role.NATIONAL, EAST, ""), (Role.NATIONAL, WEST, "")])
    account("yinzhou", "鄞州区东西部协作办", [(Role.EAST_OFFICE, EAST, Side.EAST)])
    call_command("regions_load", "--prefix", EAST, "--prefix", WEST, "--actor", reviewer.user.username, stdout=io.StringIO())
    upload(reviewer, "pairings", [{"结对编号": "YZ-PA", "结对类型": "县县结对", "名称": "鄞州区—普安县", "帮扶方": EAST,
                                   "受帮扶方": WEST, "开始日期": "2018年3月", "状态": "有效"}])
    refused, REFUSED[:] = REFUSED[:], []
    assert refused == []
    return Pairing.objects.get(reference="YZ-PA")


def joint_meetings_in_one_form(page, base, pairing):
    from shanhai.exchanges.models import JointMeeting

    page.goto(f"{base}/joint-meetings/new/")
    form = page.locator("main form").first
    form.locator("[name=reference]").fill("YZ-PA-JM-2020")
    form.locator("[name=name]").fill("鄞州·普安东西部扶贫协作联席会议")
    form.locator("[name=east_party]").fill("鄞州区")
    form.locator("[name=east_region]").fill(EAST)
    form.locator("[name=west_party]").fill("普安县")
    form.locator("[name=west_region]").fill(WEST)
    form.locator("[name=pairing]").fill("YZ-PA")
    form.locator("[name=year]").fill("2020")
    form.locator("[name=sessions]").fill("3")
    form.locator("[name=basis]").select_option(label="汇总（只知总数）")
    form.locator("button[type=submit]").first.click()
    page.wait_for_load_state()
    meeting = JointMeeting.objects.filter(reference="YZ-PA-JM-2020").first()
    assert meeting is not None, page.inner_text("main")[:2000]
    assert (meeting.sessions, meeting.year, meeting.pairing_id) == (3, 2020, pairing.pk)

    page.goto(f"{base}/reports/dashboard/{pairing.pk}/?year=2020")
    text = "".join(page.inner_text("main").split())
    assert "召开联席会议3次3次" in text


def a_station_set_up_in_a_month(page, base, pairing):
    from shanhai.labour.models import LabourStation

    page.goto(f"{base}/labour-stations/new/")
    form = page.locator("main form").first
    form.locator("[name=reference]").fill("YZ-PA-LAB-STATION")
    form.locator("[name=name]").fill("鄞州—普安劳务协作工作站")
    form.locator("[name=east_region]").fill(EAST)
    form.locator("[name=west_region]").fill(WEST)
    form.locator("[name=pairing]").fill("YZ-PA")
    form.locator("[name=opened_year]").fill("2019")
    form.locator("[name=opened_on]").fill("2019年9月")
    form.locator("button[type=submit]").first.click()
    page.wait_for_load_state()
    station = LabourStation.objects.filter(reference="YZ-PA-LAB-STATION").first()
    assert station is not None, page.inner_text("main")[:2000]
    assert (station.pairing_id, station.opened_year, station.opened_on.isoformat(), station.precisions) == (
        pairing.pk, 2019, "2019-09-01", {"opened_on": "month"}
    )
    page.goto(f"{base}/labour-stations/{station.pk}/")
    record = page.locator("main table").first.inner_text()  # the record's own fields (its change trail is below)
    assert "设立日期\t2019年9月" in record and "2019-09-01" not in record and "2019年9月1日" not in record


# One live-server test for both forms: on PostgreSQL the flush after a live-server test leaves the next
# one's demo load without the reference tables it needs, so the unseen pair is entered once.
def test_the_eastern_office_enters_the_pair_in_page_forms(page, demo_live_server):
    pairing = the_pair(demo_live_server)
    base = demo_live_server.url
    log_in(page, base, "yinzhou", "x")
    joint_meetings_in_one_form(page, base, pairing)
    a_station_set_up_in_a_month(page, base, pairing)
