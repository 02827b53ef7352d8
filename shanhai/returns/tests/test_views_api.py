"""The returns' pages and API: what each demo account sees and may do, through the same services."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from shanhai.core.testing import csv_bytes
from shanhai.pairings.models import Pairing
from shanhai.returns.models import PeriodKind, Return, ReturnState, WorkLog

pytestmark = pytest.mark.django_db


def demo_return(ref, kind, year, number):
    return Return.objects.get(pairing__reference=ref, period_kind=kind, year=year, period_no=number)


def ks_bj_q4():
    return demo_return("KS-BJ", "quarterly", 2019, 4)  # submitted by kunshan in the demo


# ---------------------------------------------------------------- pages


def test_list_shows_what_the_user_may_act_on(client_for):
    page = client_for("suzhou").get("/returns/?pairing=KS-BJ").content.decode()
    assert "2019年第4季度" in page and "2019年第1季度" in page
    assert "审核、退回" in page  # Q4 is submitted: suzhou may approve or send it back
    assert "重新打开" in page  # Q1–Q3 are approved: suzhou reviewed them and may reopen


def test_list_is_scoped(client_for):
    page = client_for("zhangjiagang").get("/returns/").content.decode()
    assert "张家港市—沿河土家族自治县" in page and "昆山市—碧江区" not in page


def test_detail_shows_prefilled_figures_with_their_basis(client_for):
    page = client_for("kunshan").get(f"/returns/{ks_bj_q4().pk}/").content.decode()
    assert "700 万元以上" in page  # 700多万元 (seed 000); seed 001's 1.2亿元 spans 2017—2019, no one year's
    assert "13,000 个以上" in page  # jobs a year (seed 001)
    assert "本年累计至报告期" in page
    assert "6278户22896人" in page  # the note on 当年减贫人口
    assert "已报送" in page and "审核通过" not in page  # kunshan submitted it: no review buttons


def test_detail_offers_the_reviewer_the_review_buttons(client_for):
    page = client_for("suzhou").get(f"/returns/{ks_bj_q4().pk}/").content.decode()
    assert "审核通过" in page and "退回意见（必填）" in page and 'name="value"' not in page


def test_detail_of_an_approved_return_shows_current_figure_and_drift(client_for):
    page = client_for("suzhou").get(f"/returns/{demo_return('KS-BJ', 'quarterly', 2019, 1).pk}/").content.decode()
    assert "当前台账数" in page and "变动（当前−审核）" in page and "重新打开的理由（必填）" in page
    funds = next(row for row in page.split("<tr") if "各类帮扶资金" in row)
    # prefilled, approved and current: 700多万元; the basis names it too (汇总 700 万元以上（1 条记录）)
    assert funds.count("700 万元以上") == 4 and "汇总 700 万元以上（1 条记录）" in funds and "汇总：汇总" not in funds


def test_out_of_scope_user_gets_404(client_for):
    client = client_for("zhangjiagang")
    ret = ks_bj_q4()
    assert client.get(f"/returns/{ret.pk}/").status_code == 404
    assert client.post(f"/returns/{ret.pk}/approve/", {"comment": ""}).status_code == 404
    assert client.get(f"/returns/{ret.pk}/export/").status_code == 404
    assert Return.objects.get(pk=ret.pk).state == ReturnState.SUBMITTED


def test_actions_through_the_page(client_for):
    ret = ks_bj_q4()
    client = client_for("suzhou")
    response = client.post(f"/returns/{ret.pk}/send-back/", {"comment": ""}, follow=True)
    assert "退回须写明意见" in response.content.decode()
    assert Return.objects.get(pk=ret.pk).state == ReturnState.SUBMITTED
    client.post(f"/returns/{ret.pk}/send-back/", {"comment": "请补充第四季度的劳务输出"})
    assert Return.objects.get(pk=ret.pk).state == ReturnState.RETURNED
    page = client.get(f"/returns/{ret.pk}/").content.decode()
    assert "请补充第四季度的劳务输出" in page


def test_typing_a_figure_through_the_page(client_for):
    ret = demo_return("ZJG-YH", "quarterly", 2020, 3)  # a draft
    fig = ret.figures.get(indicator__key="persons_exited")
    client = client_for("zhangjiagang")
    assert 'name="value"' in client.get(f"/returns/{ret.pk}/").content.decode()
    client.post(f"/returns/{ret.pk}/figures/{fig.pk}/", {"value": "320", "note": "县扶贫办"})
    fig.refresh_from_db()
    assert fig.reported == Decimal("320") and fig.note == "县扶贫办"
    other = ret.figures.get(indicator__key="funds_all")
    response = client.post(f"/returns/{ret.pk}/figures/{other.pk}/", {"value": "5"}, follow=True)
    assert "由台账计算，不能手工填报" in response.content.decode()
    other.refresh_from_db()
    assert other.reported is None


def test_new_return_form(client_for):
    client = client_for("kunshan")
    assert client.get("/returns/new/?pairing=KS-BJ").status_code == 200
    response = client.post("/returns/new/", {"pairing": "KS-BJ", "period_kind": "monthly", "year": "2019", "period_no": "11"})
    ret = Return.objects.get(pairing__reference="KS-BJ", period_kind="monthly", year=2019, period_no=11)
    assert response.status_code == 302 and response["Location"] == f"/returns/{ret.pk}/"
    assert ret.created_by.username == "kunshan" and ret.figures.count() > 20
    # the same period twice, and a pairing kunshan does not see
    again = client.post("/returns/new/", {"pairing": "KS-BJ", "period_kind": "monthly", "year": "2019", "period_no": "11"})
    assert "已有这一期的报表" in again.content.decode()
    other = client.post("/returns/new/", {"pairing": "ZJG-YH", "period_kind": "yearly", "year": "2020", "period_no": "1"})
    assert "不存在或不在您的权限范围内" in other.content.decode()


def test_export_is_the_return_in_excel(client_for):
    response = client_for("suzhou").get(f"/returns/{demo_return('KS-BJ', 'quarterly', 2019, 1).pk}/export/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    header = rows[0]
    funds = next(r for r in rows if r[1] == "各类帮扶资金")
    assert Decimal(str(funds[header.index("审核数")])) == Decimal("7000000")
    assert "当前台账数" in header and "变动（当前−审核）" in header


def test_rollup_page_lists_children_and_totals(client_for):
    sz_tr = Pairing.objects.get(reference="SZ-TR")
    page = client_for("suzhou").get(f"/returns/rollup/{sz_tr.pk}/yearly/2020/1/").content.decode()
    assert "WJ-YJ" in page and "已审核" in page and "未报" in page
    assert "421 人" in page and "198 人" in page  # 印江 via 文鼎: 421 workers, 198 of them poor (seed 003)
    assert "不可相加" in page
    assert client_for("suzhou").get(f"/returns/rollup/{sz_tr.pk}/weekly/2020/1/").status_code == 404


def test_pairing_page_has_a_returns_panel(client_for):
    ks_bj = Pairing.objects.get(reference="KS-BJ")
    page = client_for("kunshan").get(f"/pairings/{ks_bj.pk}/").content.decode()
    assert 'id="returns"' in page and "2019年第4季度" in page and "新建报表" in page
    assert "张浦镇考察团到坝黄镇" in page  # a work log of the pair
    town = Pairing.objects.get(reference="KS-BJ-TOWN-ZP")
    assert 'id="returns"' not in client_for("kunshan").get(f"/pairings/{town.pk}/").content.decode()


# ---------------------------------------------------------------- API


def test_api_list_and_detail(client_for):
    client = client_for("suzhou")
    data = client.get("/api/returns/?pairing=KS-BJ").json()
    assert data["count"] == 4
    detail = client.get(f"/api/returns/{ks_bj_q4().pk}/").json()
    assert detail["state"] == "submitted" and detail["actions"] == ["approve", "send_back"]
    funds = next(f for f in detail["figures"] if f["indicator"] == "funds_all")
    assert funds["prefilled"] == "7000000" and funds["reportable"] is False
    assert [e["action"] for e in detail["events"]] == ["create", "edit", "submit"]


def test_api_is_scoped(client_for):
    client = client_for("zhangjiagang")
    assert client.get(f"/api/returns/{ks_bj_q4().pk}/").status_code == 404
    assert client.post(f"/api/returns/{ks_bj_q4().pk}/approve/", {}).status_code == 404
    assert client.get("/api/returns/?pairing=KS-BJ").json()["count"] == 0


def test_api_steps_call_the_services(client_for):
    ret = ks_bj_q4()
    assert client_for("kunshan").post(f"/api/returns/{ret.pk}/approve/", {}).status_code == 403
    assert client_for("auditor").post(f"/api/returns/{ret.pk}/approve/", {}).status_code == 403
    client = client_for("suzhou")
    refused = client.post(f"/api/returns/{ret.pk}/send-back/", {"comment": ""}, content_type="application/json")
    assert refused.status_code == 400 and "退回须写明意见" in str(refused.json())
    approved = client.post(f"/api/returns/{ret.pk}/approve/", {"comment": "同意"}, content_type="application/json")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    funds = next(f for f in approved.json()["figures"] if f["indicator"] == "funds_all")
    assert funds["approved"] == "7000000" and funds["drift"] == "0"
    no_reason = client.post(f"/api/returns/{ret.pk}/reopen/", {}, content_type="application/json")
    assert no_reason.status_code == 400
    reopened = client.post(f"/api/returns/{ret.pk}/reopen/", {"reason": "数据有误"}, content_type="application/json")
    assert reopened.json()["state"] == "draft" and reopened.json()["events"][-1]["comment"] == "数据有误"


def test_api_create_and_set_figure(client_for):
    client = client_for("bijiang")
    created = client.post(
        "/api/returns/", {"pairing": "KS-BJ", "period_kind": "yearly", "year": 2019, "period_no": 1},
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    ok = client.post(f"/api/returns/{pk}/figure/", {"indicator": "persons_exited", "value": "789"}, content_type="application/json")
    exited = next(f for f in ok.json()["figures"] if f["indicator"] == "persons_exited")
    assert exited["reported"] == "789" and exited["value"] == "789"
    refused = client.post(f"/api/returns/{pk}/figure/", {"indicator": "sales", "value": "1"}, content_type="application/json")
    assert refused.status_code == 400 and "不能手工填报" in str(refused.json())
    submitted = client.post(f"/api/returns/{pk}/submit/", {}, content_type="application/json")
    assert submitted.json()["state"] == "submitted" and submitted.json()["submitted_by"] == "bijiang"


def test_api_rollup(client_for):
    client = client_for("suzhou")
    data = client.get("/api/return-rollups/?pairing=SZ-TR&period_kind=yearly&year=2020").json()
    children = {c["pairing"]: c["status"] for c in data["children"]}
    assert children["WJ-YJ"] == "approved" and children["ZJG-YH"] == "missing"
    totals = {t["key"]: t for t in data["totals"]}
    assert totals["transports"]["total"] == "421" and totals["transports"]["parts"] == 1
    assert client.get("/api/return-rollups/?period_kind=weekly&year=2020").status_code == 400
    assert client_for("zhangjiagang").get(
        "/api/return-rollups/?pairing=KS-BJ&period_kind=yearly&year=2019").status_code == 404


# ---------------------------------------------------------------- the "done when"


def test_full_flow_submit_send_back_fix_approve_lock_roll_up(client_for, demo_users):
    """A county office submits a return, the city office sends it back with a comment, it is fixed and
    approved, and the approved figure is locked and rolls up to the city pair."""
    kunshan = client_for("kunshan")
    kunshan.post("/returns/new/", {"pairing": "KS-BJ", "period_kind": "yearly", "year": "2020", "period_no": "1"})
    ret = Return.objects.get(pairing__reference="KS-BJ", period_kind="yearly", year=2020)
    kunshan.post(f"/returns/{ret.pk}/submit/", {"comment": ""})
    assert Return.objects.get(pk=ret.pk).state == ReturnState.SUBMITTED

    suzhou = client_for("suzhou")
    suzhou.post(f"/returns/{ret.pk}/send-back/", {"comment": "当年减贫人口请碧江区填报"})
    assert Return.objects.get(pk=ret.pk).state == ReturnState.RETURNED

    bijiang = client_for("bijiang")
    fig = ret.figures.get(indicator__key="persons_exited")
    bijiang.post(f"/returns/{ret.pk}/figures/{fig.pk}/", {"value": "789", "note": "建档立卡系统"})
    bijiang.post(f"/returns/{ret.pk}/submit/", {"comment": "已补填"})

    suzhou = client_for("suzhou")
    suzhou.post(f"/returns/{ret.pk}/approve/", {"comment": ""})
    ret.refresh_from_db()
    assert ret.state == ReturnState.APPROVED and ret.reviewed_by.username == "suzhou"
    assert ret.figures.get(indicator__key="persons_exited").approved == Decimal("789")

    # locked: the figure can no longer be typed
    bijiang = client_for("bijiang")
    response = bijiang.post(f"/returns/{ret.pk}/figures/{fig.pk}/", {"value": "800"}, follow=True)
    assert "须先重新打开" in response.content.decode()
    assert ret.figures.get(indicator__key="persons_exited").approved == Decimal("789")

    # and it rolls up: the city pair's 2020 yearly roll-up counts KS-BJ beside WJ-YJ
    sz_tr = Pairing.objects.get(reference="SZ-TR")
    page = client_for("suzhou").get(f"/returns/rollup/{sz_tr.pk}/yearly/2020/1/").content.decode()
    assert "789 人" in page
    events = [e.action for e in ret.events.all()]
    assert events == ["create", "submit", "return", "edit", "submit", "approve"]


# ---------------------------------------------------------------- work logs


def test_work_logs_imported_from_the_demo():
    log = WorkLog.objects.get(reference="KS-BJ-LOG-2019-11-20")
    assert log.pairing.reference == "KS-BJ" and "捐资60万元" in log.text


def test_work_log_import_is_scoped(demo_users):
    from shanhai.core.importing import import_file
    from shanhai.core.registry import importer_get

    rows = [
        ["台账编号", "结对编号", "日期", "记录人", "标题", "内容", "来源"],
        ["KS-BJ-LOG-T1", "KS-BJ", "2019-12-01", "工作队", "走访", "走访高坝田村蓝莓基地", ""],
    ]
    refused = import_file(importer_get("work-logs"), filename="logs.csv", data=csv_bytes(rows), actor=demo_users["zhangjiagang"])
    assert not refused.ok and not WorkLog.objects.filter(reference="KS-BJ-LOG-T1").exists()
    done = import_file(importer_get("work-logs"), filename="logs.csv", data=csv_bytes(rows), actor=demo_users["workteam"])
    assert done.ok and WorkLog.objects.get(reference="KS-BJ-LOG-T1").author == "工作队"


def test_work_log_attachment_upload_and_download(client_for, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.SHANHAI_UPLOAD_DIR = tmp_path
    log = WorkLog.objects.get(reference="KS-BJ-LOG-2019-11-20")
    kunshan = client_for("kunshan")
    detail = kunshan.get(f"/work-logs/{log.pk}/").content.decode()
    assert "上传附件" in detail
    upload = SimpleUploadedFile("考察纪要.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    kunshan.post(f"/returns/work-logs/{log.pk}/attachment/", {"attachment": upload})
    log.refresh_from_db()
    assert log.attachment.name.startswith("worklogs/")
    download = kunshan.get(f"/returns/work-logs/{log.pk}/attachment/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 minutes"
    assert client_for("zhangjiagang").get(f"/returns/work-logs/{log.pk}/attachment/").status_code == 404
    auditor = client_for("auditor")
    assert "上传附件" not in auditor.get(f"/work-logs/{log.pk}/").content.decode()
    other = SimpleUploadedFile("x.pdf", b"other", content_type="application/pdf")
    auditor.post(f"/returns/work-logs/{log.pk}/attachment/", {"attachment": other})
    log.refresh_from_db()
    assert log.attachment.open("rb").read() == b"%PDF-1.4 minutes"


def test_services_used_by_the_demo_are_the_ones_tested(demo_users):
    # the demo made KS-BJ Q1 through the services: the trail says who did what
    ret = demo_return("KS-BJ", PeriodKind.QUARTERLY, 2019, 1)
    trail = [(e.action, e.actor.username) for e in ret.events.all()]
    assert trail == [("create", "kunshan"), ("edit", "bijiang"), ("submit", "kunshan"), ("approve", "suzhou")]


def test_home_page_lists_what_waits_for_the_user(client_for):
    suzhou = client_for("suzhou").get("/").content.decode()
    assert "定期报表待办" in suzhou and "2019年第4季度" in suzhou  # KS-BJ Q4 waits for review
    zjg = client_for("zhangjiagang").get("/").content.decode()
    assert "定期报表待办" in zjg and "2020年第2季度" in zjg and "2020年第3季度" in zjg  # returned, and a draft
    assert "定期报表待办" not in client_for("auditor").get("/").content.decode()


def test_nation_rollup_page(client_for):
    page = client_for("admin").get("/returns/rollup/nation/yearly/2020/1/").content.decode()
    assert "全国：下级报表汇总" in page and "JS-GZ" in page and "按下级汇总" in page
    assert "421 人" in page


def test_a_county_office_is_not_led_to_the_city_pair(client_for):
    page = client_for("kunshan").get(f"/returns/{ks_bj_q4().pk}/").content.decode()
    assert "上级汇总" not in page  # kunshan does not see SZ-TR
    assert "上级汇总" in client_for("suzhou").get(f"/returns/{ks_bj_q4().pk}/").content.decode()


def test_the_api_is_in_the_schema(client_for):
    schema = client_for("admin").get("/api/schema/?format=json").json()
    for path in (
        "/api/returns/", "/api/returns/{id}/", "/api/returns/{id}/submit/", "/api/returns/{id}/send-back/",
        "/api/returns/{id}/approve/", "/api/returns/{id}/reopen/", "/api/returns/{id}/refresh/",
        "/api/returns/{id}/figure/", "/api/return-rollups/", "/api/work-logs/",
    ):
        assert path in schema["paths"], path
    reopen = schema["paths"]["/api/returns/{id}/reopen/"]["post"]
    assert "理由必填" in reopen["description"]
