"""Edits in the Django admin are audited: accounts (flags, groups, passwords), role assignments, tokens.

Driven through the real admin pages with the test client as the demo superuser "admin". No audit
row and no admin log entry may hold a password hash or a token's key.
"""

import json

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from rest_framework.authtoken.models import Token

from shanhai.core.models import AuditEntry, AuditSource, RoleAssignment

pytestmark = pytest.mark.django_db

User = get_user_model()


def post_data(form) -> dict:
    """What a browser would post for an admin form as it stands (every field at its current value)."""
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        widget = field.widget
        if hasattr(widget, "widgets"):  # split date and time
            parts = widget.decompress(value)
            for i, part in enumerate(parts):
                data[f"{name}_{i}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = str(value)
    return data


def audit_rows_about(model, object_id):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=str(object_id)
    ).order_by("id")


def everything_written(user_pk=None):
    """Every audit row and admin log entry as text, for searching for secrets."""
    rows = [json.dumps([e.object_repr, e.object_id, e.before, e.after], ensure_ascii=False) for e in AuditEntry.objects.all()]
    logs = [f"{e.object_repr} {e.object_id} {e.change_message}" for e in LogEntry.objects.all()]
    return "\n".join(rows + logs)


def change_user(client, user, **changes):
    url = f"/admin/auth/user/{user.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = post_data(form) | changes
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    return response


def test_making_a_user_superuser_writes_one_audit_row_with_the_flags_before_and_after(client_for):
    client = client_for("admin")
    bijiang = User.objects.get(username="bijiang")
    assert not bijiang.is_superuser
    change_user(client, bijiang, is_superuser="on", is_staff="on")

    bijiang.refresh_from_db()
    assert bijiang.is_superuser and bijiang.is_staff
    [entry] = audit_rows_about(User, bijiang.pk)
    assert entry.action == "update" and entry.source == AuditSource.ADMIN
    assert entry.actor.username == "admin" and entry.object_repr == "bijiang"
    assert (entry.before["is_superuser"], entry.after["is_superuser"]) == (False, True)
    assert (entry.before["is_staff"], entry.after["is_staff"]) == (False, True)
    assert {field for field, _, _ in entry.changes} == {"is_superuser", "is_staff"}
    assert entry.before["password"] == entry.after["password"] == "已设置"
    assert bijiang.password not in everything_written()


def test_saving_a_user_unchanged_writes_no_audit_row(client_for):
    client = client_for("admin")
    kunshan = User.objects.get(username="kunshan")
    change_user(client, kunshan)
    assert not audit_rows_about(User, kunshan.pk).exists()


def test_adding_a_user_to_a_group_is_audited(client_for):
    client = client_for("admin")
    group = Group.objects.create(name="省级审核")
    yanhe = User.objects.get(username="yanhe")
    change_user(client, yanhe, groups=[str(group.pk)])
    [entry] = audit_rows_about(User, yanhe.pk)
    assert (entry.before["groups"], entry.after["groups"]) == ([], ["省级审核"])


def test_a_password_changed_in_the_admin_is_audited_without_the_hash(client_for):
    client = client_for("admin")
    auditor = User.objects.get(username="auditor")
    old_hash = auditor.password
    response = client.post(
        f"/admin/auth/user/{auditor.pk}/password/",
        {"password1": "Shenji-2020-tongren", "password2": "Shenji-2020-tongren", "usable_password": "true"},
    )
    assert response.status_code == 302
    auditor.refresh_from_db()
    assert auditor.password != old_hash and auditor.check_password("Shenji-2020-tongren")

    [entry] = audit_rows_about(User, auditor.pk)
    assert entry.action == "update" and entry.source == AuditSource.ADMIN
    assert (entry.before["password"], entry.after["password"]) == ("已设置", "已设置（已更改）")
    written = everything_written()
    for secret in (old_hash, auditor.password, "Shenji-2020-tongren"):
        assert secret not in written


def test_a_user_added_in_the_admin_is_audited(client_for):
    client = client_for("admin")
    response = client.post(
        "/admin/auth/user/add/",
        {"username": "tongren2", "password1": "Tongren-2020-xiezuo", "password2": "Tongren-2020-xiezuo",
         "usable_password": "true"},
    )
    assert response.status_code == 302
    created = User.objects.get(username="tongren2")
    [entry] = audit_rows_about(User, created.pk)
    assert entry.action == "create" and entry.before is None
    assert entry.after["username"] == "tongren2" and entry.after["password"] == "已设置"
    assert created.password not in everything_written()


def test_deleting_a_user_in_the_admin_is_audited(client_for):
    client = client_for("admin")
    temp = User.objects.create_user("linshi", password="x")
    response = client.post(f"/admin/auth/user/{temp.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(username="linshi").exists()
    [entry] = audit_rows_about(User, temp.pk)
    assert entry.action == "delete" and entry.before["username"] == "linshi" and entry.after is None


def test_a_role_assignment_changed_in_the_admin_is_audited(client_for):
    client = client_for("admin")
    role = RoleAssignment.objects.get(user__username="bijiang")
    url = f"/admin/core/roleassignment/{role.pk}/change/"
    data = post_data(client.get(url).context["adminform"].form) | {"note": "2020年起兼管铜仁市本级"}
    assert client.post(url, data).status_code == 302
    [entry] = audit_rows_about(RoleAssignment, role.pk)
    assert entry.source == AuditSource.ADMIN and entry.actor.username == "admin"
    assert entry.after["note"] == "2020年起兼管铜仁市本级" and entry.before["note"] != entry.after["note"]


def test_a_token_created_in_the_admin_is_audited_without_its_key(client_for):
    client = client_for("admin")
    workteam = User.objects.get(username="workteam")
    response = client.post("/admin/authtoken/tokenproxy/add/", {"user": str(workteam.pk)})
    assert response.status_code == 302
    token = Token.objects.get(user=workteam)

    [entry] = audit_rows_about(Token, workteam.pk)
    assert entry.action == "create" and entry.source == AuditSource.ADMIN and entry.actor.username == "admin"
    assert entry.after["user"] == "workteam"
    assert entry.after["key"] == entry.object_repr == token.key[:4] + "…"
    [log] = LogEntry.objects.filter(object_id=str(workteam.pk), content_type__model="tokenproxy")
    assert log.object_repr == token.key[:4] + "…"
    assert token.key not in everything_written()
    # The list shows the masked key, not the key.
    listing = client.get("/admin/authtoken/tokenproxy/").content.decode()
    assert token.key[:4] + "…" in listing and token.key not in listing


def test_a_token_deleted_in_the_admin_is_audited_and_stops_working(client_for):
    from rest_framework.test import APIClient

    token = Token.objects.create(user=User.objects.get(username="kunshan"))
    client = client_for("admin")
    response = client.post(f"/admin/authtoken/tokenproxy/{token.user_id}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Token.objects.filter(key=token.key).exists()
    [entry] = audit_rows_about(Token, token.user_id)
    assert entry.action == "delete" and entry.before["key"] == token.key[:4] + "…"
    assert token.key not in everything_written()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/orgs/").status_code == 401


def test_the_admin_opens_to_superusers_only(client, demo_users):
    # The admin reads without an office's scope: a staff flag on Kunshan's account must not open it.
    kunshan = demo_users["kunshan"]
    kunshan.is_staff = True
    kunshan.save()
    client.force_login(kunshan)
    response = client.get("/admin/core/roleassignment/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(demo_users["admin"])
    assert client.get("/admin/core/roleassignment/").status_code == 200
