"""New rows written together (record_create_many): every check as before, the trail complete, a
bounded number of queries a row; rows that name another row of the file go one by one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shanhai.core.importing import import_file
from shanhai.core.models import AuditAction, AuditEntry
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes
from shanhai.labour.models import EmploymentOutcome

pytestmark = pytest.mark.django_db

HEADER = ["台账编号", "劳动力来源", "来源地区划代码", "就业去向", "就业地", "就业地区划代码", "结对编号", "年度", "人数",
          "其中建档立卡贫困劳动力", "登记方式", "所属合计"]


def outcome(ref, workers, poor, *, part_of="", pairing="KS-BJ", west="520602", east="320583"):
    return [ref, "碧江区劳动力", west, "结对东部城市", "昆山市", east, pairing, "2021", str(workers), str(poor),
            "逐笔登记" if workers == 1 else "汇总（只知总数）", part_of]


def test_new_rows_are_written_together_with_one_trail_entry_each(demo_users):
    rows = [outcome(f"BATCH-{i}", 1, i % 2) for i in range(200)]
    with CaptureQueriesContext(connection) as queries:
        result = import_file(importer_get("employment-outcomes"), filename="e.csv", actor=demo_users["bijiang"],
                             data=csv_bytes([HEADER, *rows]))
    assert result.ok, [str(p) for p in result.problems]
    assert (result.created, result.updated) == (200, 0)
    made = EmploymentOutcome.objects.filter(reference__startswith="BATCH-")
    assert made.count() == 200 and sum(made.values_list("poor_workers", flat=True)) == 100
    assert set(made.values_list("version", flat=True)) == {1}
    trail = AuditEntry.objects.filter(batch=result.batch)
    assert trail.count() == 200 and set(trail.values_list("action", flat=True)) == {AuditAction.CREATE}
    one = trail.get(object_id=str(made.get(reference="BATCH-7").pk))
    assert {"520602000000", "320583000000"} <= set(one.region_codes)
    assert one.after["reference"] == "BATCH-7" and one.after["poor_workers"] == 1
    # Row by row it took nine queries a row (two uniqueness checks, two savepoints, a role, two inserts…)
    assert len(queries.captured_queries) < 200 * 4, len(queries.captured_queries)


def test_a_row_out_of_scope_refuses_the_file_and_nothing_is_written(demo_users):
    rows = [outcome(f"SCOPE-{i}", 1, 0) for i in range(50)]
    rows.append(outcome("SCOPE-ZJG", 1, 0, pairing="ZJG-YH", west="520627", east="320582"))  # 张家港 ↔ 沿河: not 碧江's
    result = import_file(importer_get("employment-outcomes"), filename="e.csv", actor=demo_users["bijiang"],
                         data=csv_bytes([HEADER, *rows]))
    assert not result.ok
    assert [p.row for p in result.problems] == [52]
    assert not EmploymentOutcome.objects.filter(reference__startswith="SCOPE-").exists()


def test_a_part_of_a_total_on_an_earlier_row_is_written_after_it(demo_users):
    result = import_file(importer_get("employment-outcomes"), filename="e.csv", actor=demo_users["bijiang"], data=csv_bytes([
        HEADER,
        outcome("PART-ALL", 30, 12),
        outcome("PART-1", 10, 4, part_of="PART-ALL"),
        outcome("PART-2", 20, 8, part_of="PART-ALL"),
    ]))
    assert result.ok, [str(p) for p in result.problems]
    assert result.created == 3
    assert sorted(EmploymentOutcome.objects.filter(part_of__reference="PART-ALL").values_list("reference", flat=True)) == ["PART-1", "PART-2"]


def test_reimporting_the_same_rows_updates_nothing(demo_users):
    rows = [outcome(f"AGAIN-{i}", 2, 1) for i in range(20)]
    data = csv_bytes([HEADER, *rows])
    first = import_file(importer_get("employment-outcomes"), filename="e.csv", actor=demo_users["bijiang"], data=data)
    again = import_file(importer_get("employment-outcomes"), filename="e.csv", actor=demo_users["bijiang"], data=data)
    assert (first.created, again.created, again.updated, again.unchanged) == (20, 0, 0, 20)
    assert EmploymentOutcome.objects.filter(reference__startswith="AGAIN-").count() == 20
