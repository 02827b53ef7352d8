"""Outputs counted in the units reports use: 带动企业15家, 覆盖788户, 建成3座, 2所."""

import pytest

from shanhai.core.importing import import_file
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes
from shanhai.pairings.models import Pairing
from shanhai.projects.selectors import outputs_total

pytestmark = pytest.mark.django_db


def test_firms_households_and_structures_are_units_of_their_own(demo_users):
    rows = [
        ["项目编号", "产出内容", "数量", "单位"],
        ["KS-BJ-PRJ-BLUEBERRY", "带动企业", "15", "家"],
        ["KS-BJ-PRJ-BLUEBERRY", "覆盖农户", "788", "户"],
        ["KS-BJ-PRJ-BLUEBERRY", "建成冷库", "3", "座"],
    ]
    result = import_file(importer_get("project-outputs"), filename="o.csv", data=csv_bytes(rows), actor=demo_users["admin"])
    assert result.ok, [str(p) for p in result.problems]
    admin, ks_bj = demo_users["admin"], Pairing.objects.get(reference="KS-BJ")
    assert outputs_total(user=admin, unit="家", pairing=ks_bj).total == 15
    assert outputs_total(user=admin, unit="户", what="覆盖", pairing=ks_bj).total == 788
    # 家 is not 户, nor 个: counted things convert only to themselves
    assert outputs_total(user=admin, unit="座", pairing=ks_bj).total == 3


def test_an_unknown_unit_names_the_ones_offered(demo_users):
    rows = [["项目编号", "产出内容", "数量", "单位"], ["KS-BJ-PRJ-BLUEBERRY", "带动企业", "15", "爿"]]
    result = import_file(importer_get("project-outputs"), filename="o.csv", data=csv_bytes(rows), actor=demo_users["admin"])
    [problem] = result.problems
    assert (problem.row, problem.column) == (2, "单位") and "家" in problem.reason and "户" in problem.reason


def test_an_output_keeps_its_qualifier_and_sums_carry_it(demo_users):
    # "新植茶叶300余亩" beside the blueberries' exact 105 亩: 405余亩 of planting
    rows = [["项目编号", "产出内容", "数量", "单位"], ["KS-BJ-PRJ-BLUEBERRY", "茶叶种植", "300余", "亩"]]
    result = import_file(importer_get("project-outputs"), filename="o.csv", data=csv_bytes(rows), actor=demo_users["admin"])
    assert result.ok, [str(p) for p in result.problems]
    from shanhai.projects.models import ProjectOutput

    tea = ProjectOutput.objects.get(what="茶叶种植")
    assert (tea.quantity, tea.qualifier, tea.quantity_text) == (300, "over", "300余亩")
    total = outputs_total(user=demo_users["admin"], unit="亩", what="种植", pairing=Pairing.objects.get(reference="KS-BJ"))
    assert (total.total, total.qualifier) == (405, "over")
