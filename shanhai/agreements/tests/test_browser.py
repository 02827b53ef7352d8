"""In a real browser: Bijiang confirms by hand, with its name and the minutes attached, the joint
meeting Kunshan and Bijiang held in 2019 that the ledgers do not hold; the count goes from 8 to 9."""

import pytest

from shanhai.core.testing import ARTIFACTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]



def test_bijiang_confirms_a_joint_meeting_by_hand(page, demo_live_server, tmp_path):
    from shanhai.pairings.models import Pairing

    base = demo_live_server.url
    log_in(page, base, "bijiang")

    ks_bj = Pairing.objects.get(reference="KS-BJ")
    page.goto(f"{base}/agreements/ten-haves/{ks_bj.pk}/2019/")
    assert page.inner_text("#ten-haves-count") == "8 / 10"
    row = page.locator("tr#item-joint_meetings")
    assert row.get_attribute("data-met") == "0"

    form = page.locator("#item-joint_meetings + tr")
    form.locator("summary").click()
    form.locator("input[name=joint_meetings-confirmed_by]").fill("王五")
    minutes = tmp_path / "联席会议纪要.pdf"
    minutes.write_bytes(b"%PDF-1.4 minutes")
    form.locator("input[name=joint_meetings-attachment]").set_input_files(str(minutes))
    form.locator("button[type=submit]").first.click()
    page.wait_for_url(f"{base}/agreements/ten-haves/{ks_bj.pk}/2019/#item-joint_meetings")

    assert page.inner_text("#ten-haves-count") == "9 / 10"
    row = page.locator("tr#item-joint_meetings")
    assert row.get_attribute("data-how") == "manual"
    assert "王五" in row.inner_text() and "人工确认（姓名、附件）" in row.inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ks-bj-ten-haves-2019.png"), full_page=True)
