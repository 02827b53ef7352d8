"""The import engine under generated files: whatever an office uploads, it answers with named
problems or a clean import, never an error of its own, and a refused file writes nothing.

Hypothesis builds files from every template's own headers and examples, mixed with what users and
probes send: formulas, GBK text, exponent and infinite numbers, impossible dates and years, unknown
codes, other offices' references, long and empty cells, stray columns, raw bytes.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shanhai.core.importing import ImportResult, import_file
from shanhai.core.models import AuditEntry
from shanhai.core.registry import importers_all
from shanhai.core.testing import csv_bytes

pytestmark = pytest.mark.django_db

TEMPLATES = sorted(importers_all(), key=lambda i: i.name)
NASTY = [
    "", " ", "=HYPERLINK(\"http://x\",\"y\")", "+1", "-1", "@SUM(A1)", "1e10000000", "Infinity", "NaN", "-0",
    "9223372036854775807", "1.2亿元", "700万元以上", "0.001", "二〇一九", "2019-13-45", "2019年3月", "0", "40000",
    "520602", "520627107211", "999999", "320583", "KS-BJ", "ZJG-YH", "KS-BJ-FUND-ALL", "NO-SUCH", "是", "否",
    "逐笔登记", "汇总（只知总数）", "以上", "约", "确数", "碧江区", "昆山市", "x" * 5000, "\t", "\r\n", "；、，",
    "7个经济强村@320583", "10个深度贫困村（未出列）@520627",
]
cell = st.one_of(st.sampled_from(NASTY), st.text(max_size=30), st.integers(-10**20, 10**20).map(str))


@st.composite
def table(draw):
    importer = draw(st.sampled_from(TEMPLATES))
    headers = [("*" if c.required else "") + c.header for c in importer.columns]
    examples = {("*" if c.required else "") + c.header: c.example for c in importer.columns}
    if draw(st.integers(0, 3)):
        # Mostly a whole template filled from its own examples, a few cells spoiled: the rows reach
        # the parsers, the models' checks, the write rule and the services.
        chosen = headers
        rows = []
        for n in range(draw(st.integers(1, 3))):
            row = [examples.get(h, "") for h in chosen]
            row[0] = f"{row[0] or 'FZ'}-{n}" if draw(st.booleans()) else row[0]
            for _ in range(draw(st.integers(0, 3))):
                row[draw(st.integers(0, len(row) - 1))] = draw(cell)
            rows.append(row)
    else:
        chosen = draw(st.lists(st.sampled_from(headers), min_size=1, max_size=len(headers), unique=True))
        if draw(st.booleans()):
            chosen.append(draw(st.sampled_from(["未知列", "备注", "", "年度"])))
        rows = [
            [draw(st.one_of(st.just(examples.get(h, "")), cell)) for h in chosen]
            for _ in range(draw(st.integers(0, 4)))
        ]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    return importer, [chosen, *rows], encoding


def _encode(rows, encoding) -> bytes:
    text = csv_bytes(rows).decode("utf-8")
    return text.encode(encoding, errors="replace")


def _state(importer) -> tuple:
    model = getattr(importer, "model", None)
    return (AuditEntry.objects.count(), model.objects.count() if model is not None else None)


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=table(), username=st.sampled_from(["kunshan", "bijiang", "yanhe", "workteam"]))
def test_a_generated_file_is_answered_never_crashes(demo_users, case, username):
    importer, rows, encoding = case
    before = _state(importer)
    result = import_file(importer, filename="fuzz.csv", data=_encode(rows, encoding), actor=demo_users[username])
    assert isinstance(result, ImportResult)
    if not result.ok:
        assert all(p.reason for p in result.problems)
        assert _state(importer) == before, [str(p) for p in result.problems]


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4096), name=st.sampled_from(["f.xlsx", "f.csv", "f.xls", "f"]))
def test_raw_bytes_are_refused_with_a_message(demo_users, data, name):
    importer = TEMPLATES[0]
    before = _state(importer)
    result = import_file(importer, filename=name, data=data, actor=demo_users["kunshan"])
    assert isinstance(result, ImportResult)
    if not result.ok:
        assert result.problems[0].reason
        assert _state(importer) == before


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=table())
def test_the_api_door_answers_400_409_or_200_never_500(client_for, case):
    from shanhai.core.testing import upload

    importer, rows, encoding = case
    response = client_for("bijiang").post(f"/api/imports/{importer.name}/", {"file": upload("f.csv", _encode(rows, encoding))})
    # 409: a clean file held for confirmation (a figure changed a hundredfold, a likely duplicate)
    assert response.status_code in (200, 400, 409), (importer.name, response.status_code, response.content[:500])
