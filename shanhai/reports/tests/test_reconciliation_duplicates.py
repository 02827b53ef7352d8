"""The reconciliation page lists likely duplicates (疑似重复) of the pair being reconciled: the same
delegation entered by Kunshan's office and by Bijiang's under two references, with who entered each."""

import pytest

from shanhai.core.importing import import_file
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes
from shanhai.pairings.models import Pairing
from shanhai.reports.reconciliation import likely_duplicate_pairs

pytestmark = pytest.mark.django_db

HEADER = ["台账编号", "考察团/活动", "东部一方", "东部区划代码", "西部一方", "西部区划代码", "结对编号", "年度", "开始日期", "团组人数"]


def enter_visit(user, reference, pairing="KS-BJ-TOWN-ZS", confirm=False):
    row = [reference, "周市镇考察团", "周市镇", "320583102", "瓦屋乡", "520602203", pairing, "2020", "2020-06-18", "12"]
    return import_file(importer_get("visits"), filename="visits.csv", data=csv_bytes([HEADER, row]), actor=user, confirm=confirm)


@pytest.fixture
def entered_twice(demo_users):
    assert enter_visit(demo_users["kunshan"], "KS-BJ-VISIT-2020-06-18").ok
    # Bijiang files it under the county pair: still the same pair's visit, by the same two regions
    second = enter_visit(demo_users["bijiang"], "BJ-VISIT-2020-007", pairing="KS-BJ")
    assert second.held  # asked first
    assert enter_visit(demo_users["bijiang"], "BJ-VISIT-2020-007", pairing="KS-BJ", confirm=True).ok


def test_the_pair_of_likely_duplicates_is_found_for_ks_bj(demo_users, entered_twice):
    ksbj = Pairing.objects.get(reference="KS-BJ")
    [pair] = likely_duplicate_pairs(user=demo_users["kunshan"], pairing=ksbj, year=2020)
    assert (pair.first.reference, pair.second.reference) == ("BJ-VISIT-2020-007", "KS-BJ-VISIT-2020-06-18")
    assert likely_duplicate_pairs(user=demo_users["kunshan"], pairing=ksbj, year=2019) == []
    # another pair's reconciliation does not list them
    other = Pairing.objects.get(reference="KS-BJ-TOWN-ZP")
    assert likely_duplicate_pairs(user=demo_users["kunshan"], pairing=other, year=None) == []


def test_the_reconciliation_page_of_ks_bj_lists_both_references_and_who_entered_them(client_for, entered_twice):
    page = client_for("kunshan").get("/reports/reconciliation/?pairing=KS-BJ").content.decode()
    assert "疑似重复" in page
    section = page[page.index('id="duplicates"'):]
    assert "BJ-VISIT-2020-007" in section and "KS-BJ-VISIT-2020-06-18" in section
    assert "碧江区乡村振兴局" in section and "昆山市对口帮扶办" in section
    assert "团组人数 12" in section and "2020" in section


def test_without_duplicates_the_section_says_so(client_for):
    page = client_for("kunshan").get("/reports/reconciliation/?pairing=KS-BJ").content.decode()
    section = page[page.index('id="duplicates"'):]
    assert "所选范围内没有疑似重复的记录" in section
