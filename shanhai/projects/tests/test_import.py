"""Each project template: a good file writes every row; a bad row is named and nothing is written."""

import pytest

from shanhai.core.importing import import_file
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes, out_of_reach
from shanhai.projects.models import BenefitLink, FundAllocation, Project, ProjectAsset, ProjectOutput

pytestmark = pytest.mark.django_db


def run(name, rows, actor):
    return import_file(importer_get(name), filename=f"{name}.csv", actor=actor, data=csv_bytes(rows))


def reasons(result) -> dict:
    return {(p.row, p.column): p.reason for p in result.problems}


PROJECT_HEADER = ["台账编号", "项目名称", "项目类别", "实施地点区划代码", "帮扶方区划代码", "结对编号", "年度", "状态", "登记方式", "项目个数", "所属汇总项目", "其中建档立卡贫困户"]


def test_projects_good_file_with_an_aggregate_and_its_part(demo_users):
    result = run("projects", [
        PROJECT_HEADER,
        ["IMP-P-AGG", "坝黄镇产业项目", "产业发展", "520602101", "320583", "KS-BJ", "2020", "", "汇总（只知总数）", "3", "", "40"],
        ["IMP-P-1", "坝黄镇食用菌基地", "产业发展", "520602101", "320583", "KS-BJ", "2020", "储备", "逐笔登记", "", "IMP-P-AGG", "12"],
    ], demo_users["bijiang"])
    assert result.ok, result.problems
    part = Project.objects.get(reference="IMP-P-1")
    assert part.part_of.reference == "IMP-P-AGG" and [c.to_status for c in part.status_changes.all()] == ["reserve"]
    again = run("projects", [
        PROJECT_HEADER,
        ["IMP-P-1", "坝黄镇食用菌基地", "产业发展", "520602101", "320583", "KS-BJ", "2020", "储备", "逐笔登记", "", "IMP-P-AGG", "12"],
    ], demo_users["bijiang"])
    assert (again.ok, again.created, again.updated, again.unchanged) == (True, 0, 0, 1)


def test_projects_bad_rows_named(demo_users):
    before = Project.objects.count()
    result = run("projects", [
        PROJECT_HEADER,
        ["IMP-P-2", "坝黄镇食用菌基地", "产业发展", "520602101", "320583", "KS-BJ", "2020", "储备", "逐笔登记", "", "", ""],
        ["IMP-P-3", "没有状态的项目", "产业发展", "520602101", "320583", "KS-BJ", "2020", "", "逐笔登记", "", "", ""],
        ["IMP-P-4", "上级不存在", "产业发展", "520602101", "320583", "KS-BJ", "2020", "储备", "逐笔登记", "", "NO-SUCH", ""],
        ["IMP-P-5", "状态已推进", "产业发展", "520602101", "320583", "KS-BJ", "2020", "验收", "逐笔登记", "", "", ""],
    ], demo_users["bijiang"])
    found = reasons(result)
    assert found[(3, "状态")] == "逐项登记的项目须填状态。"
    assert found[(4, "所属汇总项目")].startswith("所属汇总项目不存在或不在您的权限范围内：NO-SUCH")
    assert (5, "状态") not in found  # a project may be registered at any status it has reached
    assert Project.objects.count() == before
    changed = run("projects", [
        PROJECT_HEADER,
        ["KS-BJ-PRJ-BLUEBERRY", "高坝田村蓝莓种植项目", "产业发展", "520602101208", "320583", "KS-BJ-ENT-XH", "2019", "验收", "逐笔登记", "", "", "188"],
    ], demo_users["bijiang"])
    assert "逐级推进" in reasons(changed)[(2, "状态")]


OUTPUT_HEADER = ["项目编号", "产出内容", "数量", "单位", "备注"]


def test_outputs_good_and_bad(demo_users):
    # The west keeps its projects' records (ADR 010): the 思渠镇 operator holds 高山村, where the road is.
    west = demo_users["yanhe"]
    result = run("project-outputs", [OUTPUT_HEADER, ["ZJG-YH-PRJ-GSC-ROAD", "道路硬化", "1.5", "公里", ""]], west)
    assert result.ok, result.problems
    result = run("project-outputs", [OUTPUT_HEADER, ["ZJG-YH-PRJ-GSC-ROAD", "道路硬化", "1.8", "公里", "复核"]], west)
    assert (result.updated, ProjectOutput.objects.get(project__reference="ZJG-YH-PRJ-GSC-ROAD").quantity_text) == (1, "1.8 公里")
    before = ProjectOutput.objects.count()
    result = run("project-outputs", [
        OUTPUT_HEADER,
        ["ZJG-YH-PRJ-GSC-ROAD", "护栏", "300", "米", ""],
        ["ZJG-YH-PRJ-GSC-ROAD", "边沟", "2", "里", ""],
        ["NO-SUCH", "边沟", "2", "米", ""],
        ["KS-BJ-PRJ-BLUEBERRY", "蓝莓种植", "106", "亩", ""],  # Bijiang's project is beyond 思渠镇's sight
    ], west)
    found = reasons(result)
    assert found[(3, "单位")].startswith("应为以下之一")
    assert found[(4, "项目编号")].startswith("帮扶项目编号不存在或不在您的权限范围内：NO-SUCH")
    assert any(p.row == 5 and out_of_reach(p.reason) for p in result.problems)
    assert ProjectOutput.objects.count() == before


ALLOCATION_HEADER = ["资金编号", "项目编号", "安排金额"]


def test_allocations_good_and_bad(demo_users):
    admin = demo_users["admin"]
    result = run("fund-allocations", [ALLOCATION_HEADER, ["KS-BJ-FUND-TOWNS", "KS-BJ-PRJ-BLUEBERRY", "10万元"]], admin)
    assert result.ok, result.problems
    before = FundAllocation.objects.count()
    result = run("fund-allocations", [
        ALLOCATION_HEADER,
        ["KS-BJ-FUND-ALL", "KS-BJ-PRJ-BLUEBERRY", "30万元"],
        ["ZJG-YH-FUND-GSC", "KS-BJ-PRJ-BLUEBERRY", "1元"],  # the 200 万 is all on 高山村's road
        ["NO-SUCH", "KS-BJ-PRJ-BLUEBERRY", "1元"],
    ], admin)
    found = reasons(result)
    assert found[(3, "安排金额")].startswith("超出资金余额：该笔资金 200 万元，已安排 200 万元，尚余 0 元")
    assert found[(4, "资金编号")].startswith("资金编号不存在")
    assert FundAllocation.objects.count() == before


LINK_HEADER = ["项目编号", "联结方式", "联结户数", "其中建档立卡贫困户", "数额限定", "分红规则"]


def test_benefit_links_good_and_bad(demo_users):
    # The west keeps its projects' records (ADR 010): the 思渠镇 operator holds 高山村, where the road is.
    west = demo_users["yanhe"]
    result = run("benefit-links", [LINK_HEADER, ["ZJG-YH-PRJ-GSC-ROAD", "务工薪金", "12", "5", "确数", ""]], west)
    assert result.ok, result.problems
    before = BenefitLink.objects.count()
    result = run("benefit-links", [
        LINK_HEADER,
        ["ZJG-YH-PRJ-GSC-ROAD", "流转租金", "3", "4", "确数", ""],
        ["ZJG-YH-PRJ-GSC-ROAD", "分红股金", "", "", "确数", "无此规则"],
        ["ZJG-YH-PRJ-GSC-ROAD", "务工薪金", "12", "5", "确数", "622"],
    ], west)
    found = reasons(result)
    assert found[(2, "其中建档立卡贫困户")] == "贫困户（人口）不能多于联结户（人口）。"
    assert found[(3, "分红规则")].startswith("未知分配规则")
    assert found[(4, "分红规则")] == "只有分红股金按分配规则分配。"
    assert BenefitLink.objects.count() == before


ASSET_HEADER = ["台账编号", "项目编号", "资产名称", "资产类别", "所有权人", "资产价值"]


def test_assets_good_and_bad(demo_users):
    # The west keeps its projects' records (ADR 010): the 思渠镇 operator holds 高山村, where the road is.
    west = demo_users["yanhe"]
    result = run("project-assets", [ASSET_HEADER, ["ZJG-YH-AST-ROAD", "ZJG-YH-PRJ-GSC-ROAD", "高山村村组道路", "公益性", "高山村村民委员会", "200万元"]], west)
    assert result.ok, result.problems
    assert ProjectAsset.objects.get(reference="ZJG-YH-AST-ROAD").value_text == "200 万元"
    before = ProjectAsset.objects.count()
    result = run("project-assets", [
        ASSET_HEADER,
        ["ZJG-YH-AST-2", "ZJG-YH-PRJ-GSC-ROAD", "路灯", "经营", "高山村村民委员会", ""],
        ["ZJG-YH-AST-3", "ZJG-YH-PRJ-GSC-ROAD", "路灯", "公益性", "高山村村民委员会", "-1元"],
        ["ZJG-YH-AST-4", "ZJG-YH-PRJ-GSC-ROAD", "路灯", "公益性", "", ""],
    ], west)
    found = reasons(result)
    assert found[(2, "资产类别")].startswith("应为以下之一")
    assert found[(3, "资产价值")] == "资产价值不能为负。"
    assert found[(4, "所有权人")] == "必填项为空"
    assert ProjectAsset.objects.count() == before
