"""Project status: 储备 → 立项 → 实施 → 完工 → 验收, one step at a time, moved by the western side;
moving back is for a national or provincial office, with a reason."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shanhai.core.models import AuditEntry
from shanhai.projects.models import Project, ProjectStatusChange
from shanhai.projects.selectors import project_status_history
from shanhai.projects.services import project_status_move, project_update

pytestmark = pytest.mark.django_db

D = datetime.date


def project(reference):
    return Project.objects.get(reference=reference)


def test_registered_status_opens_the_history():
    [first] = project_status_history(project=project("KS-BJ-PRJ-BLUEBERRY"))
    assert (first.from_status, first.to_status, first.date, first.actor.username) == ("", "underway", None, "admin")


def test_forward_one_step_at_a_time_and_recorded(demo_users):
    bijiang = demo_users["bijiang"]
    change = project_status_move(actor=bijiang, project=project("KS-BJ-PRJ-BLUEBERRY"), to="completed", date=D(2020, 10, 1))
    assert (change.from_status, change.to_status, change.actor, change.date) == ("underway", "completed", bijiang, D(2020, 10, 1))
    assert project("KS-BJ-PRJ-BLUEBERRY").status == "completed"
    assert AuditEntry.objects.filter(content_type__model="projectstatuschange", object_id=str(change.pk), actor=bijiang).exists()
    project_status_move(actor=bijiang, project=project("KS-BJ-PRJ-BLUEBERRY"), to="accepted", date=D(2020, 12, 1))
    assert [c.to_status for c in project_status_history(project=project("KS-BJ-PRJ-BLUEBERRY"))] == ["underway", "completed", "accepted"]


def test_no_skipping(demo_users):
    road = project("ZJG-YH-PRJ-GSC-ROAD")  # 立项
    with pytest.raises(ValidationError) as exc:
        project_status_move(actor=demo_users["admin"], project=road, to="completed", date=D(2020, 7, 1))
    assert "不能跳过环节：“立项”之后应为“实施”" in str(exc.value)
    # the 思渠镇 operator holds 高山村: it moves its road on
    project_status_move(actor=demo_users["yanhe"], project=road, to="underway", date=D(2020, 5, 6))
    assert project("ZJG-YH-PRJ-GSC-ROAD").status == "underway"


def test_who_may_move(demo_users):
    blueberry = project("KS-BJ-PRJ-BLUEBERRY")
    # Kunshan funds the project, but the western side keeps it (ADR 010): Kunshan neither edits nor moves it.
    with pytest.raises(PermissionDenied):
        project_update(actor=demo_users["kunshan"], obj=blueberry, operating_model="公司+合作社+农户")
    project_update(actor=demo_users["bijiang"], obj=blueberry, operating_model="公司+合作社+农户")
    with pytest.raises(PermissionDenied):
        project_status_move(actor=demo_users["kunshan"], project=blueberry, to="completed", date=D(2020, 10, 1))
    for outsider in ("zhangjiagang", "yanhe", "auditor"):
        with pytest.raises(PermissionDenied):
            project_status_move(actor=demo_users[outsider], project=blueberry, to="completed", date=D(2020, 10, 1))
    assert project("KS-BJ-PRJ-BLUEBERRY").status == "underway"
    project_status_move(actor=demo_users["workteam"], project=blueberry, to="completed", date=D(2020, 10, 1))


def test_moving_back_is_for_a_national_office_with_a_reason(demo_users):
    blueberry = project("KS-BJ-PRJ-BLUEBERRY")
    project_status_move(actor=demo_users["bijiang"], project=blueberry, to="completed", date=D(2020, 10, 1))
    with pytest.raises(PermissionDenied):
        project_status_move(actor=demo_users["bijiang"], project=blueberry, to="underway", date=D(2020, 11, 1))
    with pytest.raises(ValidationError) as exc:
        project_status_move(actor=demo_users["jiangsu"], project=blueberry, to="underway", date=D(2020, 11, 1))
    assert "须写明原因" in str(exc.value)
    change = project_status_move(actor=demo_users["jiangsu"], project=blueberry, to="underway", date=D(2020, 11, 1), note="验收前补栽树苗")
    assert (change.from_status, change.to_status) == ("completed", "underway")


def test_dates_keep_order_and_aggregates_have_no_status(demo_users):
    blueberry = project("KS-BJ-PRJ-BLUEBERRY")
    project_status_move(actor=demo_users["bijiang"], project=blueberry, to="completed", date=D(2020, 10, 1))
    with pytest.raises(ValidationError) as exc:
        project_status_move(actor=demo_users["bijiang"], project=blueberry, to="accepted", date=D(2020, 9, 30))
    assert "不能早于上一次状态变更（2020-10-01）" in str(exc.value)
    with pytest.raises(ValidationError):
        project_status_move(actor=demo_users["bijiang"], project=project("KS-BJ-PRJ-ENT-8"), to="approved", date=D(2020, 1, 1))


def test_status_is_not_edited_in_the_project_form(demo_users):
    with pytest.raises(ValidationError) as exc:
        project_update(actor=demo_users["bijiang"], obj=project("KS-BJ-PRJ-BLUEBERRY"), status="accepted")
    assert "逐级推进" in str(exc.value)


def test_status_change_ledger_page_and_api(client_for):
    blueberry = project("KS-BJ-PRJ-BLUEBERRY")
    before = ProjectStatusChange.objects.count()
    kunshan = client_for("kunshan")
    response = kunshan.post("/project-status/new/", {"project": "KS-BJ-PRJ-BLUEBERRY", "to_status": "completed", "date": "2020-10-01"})
    assert response.status_code == 403 and ProjectStatusChange.objects.count() == before
    bijiang = client_for("bijiang")
    response = bijiang.post("/project-status/new/", {"project": "KS-BJ-PRJ-BLUEBERRY", "to_status": "accepted", "date": "2020-10-01"})
    assert response.status_code == 200 and "不能跳过环节" in response.content.decode()
    response = bijiang.post("/project-status/new/", {"project": "KS-BJ-PRJ-BLUEBERRY", "to_status": "completed", "date": "2020-10-01"})
    assert response.status_code == 302
    page = bijiang.get(f"/projects/{blueberry.pk}/").content.decode()
    assert "2020-10-01" in page and "碧江区乡村振兴局" in page and "完工" in page
    response = bijiang.post("/api/project-status/", {"project": "KS-BJ-PRJ-BLUEBERRY", "to_status": "accepted", "date": "2020-12-01"}, content_type="application/json")
    assert response.status_code == 201, response.content
    change = ProjectStatusChange.objects.get(pk=response.json()["id"])
    # A move is kept as made: the API offers no edit, the page no edit form.
    response = bijiang.patch(f"/api/project-status/{change.pk}/", {"note": "改"}, content_type="application/json")
    assert response.status_code == 405 and ProjectStatusChange.objects.get(pk=change.pk).note == ""
    assert bijiang.get(f"/project-status/{change.pk}/edit/").status_code == 404
    assert "修改" not in bijiang.get(f"/project-status/{change.pk}/").content.decode().split("<h1>")[1].split("</div>")[0]
