"""Every ledger template takes 所属合计 (a part of a total, "共X，其中Y") and 实现情况 (expected or
achieved), and figures read them: the total once, the parts not again, the expected apart."""

import io

import pytest
from openpyxl import load_workbook

from shanhai.core.importing import import_file, template_workbook
from shanhai.core.registry import importer_get, importers_all
from shanhai.core.testing import csv_bytes
from shanhai.funds.models import Fund
from shanhai.funds.selectors import funds_total
from shanhai.pairings.models import Pairing

pytestmark = pytest.mark.django_db

HEADER = ["台账编号", "资金类别", "资金名称", "来源方", "来源方区划代码", "使用方", "使用方区划代码", "结对编号", "年度", "金额（万元）", "所属合计", "实现情况"]


def row(ref, kind, amount, part_of="", stage=""):
    return [ref, kind, ref, "昆山市", "320583", "碧江区", "520602", "KS-BJ", "2021", amount, part_of, stage]


def test_a_total_and_its_parts_in_one_file_are_summed_once(demo_users):
    # 2021年共投入各类帮扶资金1.27亿元，其中财政援助资金1.2亿元、社会帮扶资金300余万元；另计划明年投入5000万元
    result = import_file(importer_get("funds"), filename="f.csv", actor=demo_users["kunshan"], data=csv_bytes([
        HEADER,
        row("T21-ALL", "各类帮扶资金（合计）", "12700"),
        row("T21-FIS", "财政援助资金", "12000", part_of="T21-ALL"),
        row("T21-SOC", "企业捐赠资金", "300余", part_of="T21-ALL"),
        row("T21-PLAN", "财政援助资金", "5000", stage="预期/计划"),
    ]))
    assert result.ok, [str(p) for p in result.problems]
    assert Fund.objects.get(reference="T21-FIS").part_of.reference == "T21-ALL"
    assert Fund.objects.get(reference="T21-PLAN").stage == "expected"
    total = funds_total(user=demo_users["admin"], pairing=Pairing.objects.get(reference="KS-BJ"), year=2021)
    # 1.27 亿元 once: not + 1.2 亿 + 300余万 of its parts, not + the 5,000 万元 only planned
    assert (total.total, str(total)) == (1_2700_0000_00, "1.27 亿元")


def test_a_total_that_is_not_there_is_named(demo_users):
    result = import_file(importer_get("funds"), filename="f.csv", actor=demo_users["kunshan"], data=csv_bytes([
        HEADER, row("T21-X", "财政援助资金", "100", part_of="NO-SUCH"),
    ]))
    assert [(p.row, p.column) for p in result.problems] == [(2, "所属合计")]
    assert "NO-SUCH" in result.problems[0].reason and not Fund.objects.filter(reference="T21-X").exists()


def test_every_ledger_template_whose_records_can_be_parts_offers_both_columns(demo_users):
    checked = 0
    for importer in importers_all():
        model = getattr(importer, "model", None)
        names = {f.name for f in model._meta.concrete_fields} if model is not None else set()
        if not {"part_of", "stage"} <= names:
            continue
        headers = [c.value for c in load_workbook(io.BytesIO(template_workbook(importer))).active[1]]
        assert "实现情况" in headers, importer.name
        assert any(h.endswith(("所属合计", "所属汇总项目")) for h in headers), importer.name
        checked += 1
    assert checked >= 20  # every LedgerRecord ledger
