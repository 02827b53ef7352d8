"""Rows edited as inlines in the admin are written through the audited path like every other write.

The probe: the 622 rule's shares (DistributionShare), edited as an inline of the distribution rule,
were saved by Django's own formset save: no scope check and no audit row. Driven through the real
admin pages with the test client as the demo superuser "admin".
"""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory

from shanhai.core.admin import AuditedAdmin
from shanhai.core.models import AuditEntry, AuditSource
from shanhai.projects.models import DistributionRule, DistributionShare

pytestmark = pytest.mark.django_db


def post_data(response) -> dict:
    """What a browser posts for an admin change page as it stands: the object's form and each inline
    formset (management form and every row), every field at its current value."""
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for name, field in form.fields.items():
            if field.disabled:
                continue
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif value is not None:
                data[key] = str(value)
    return data


def rows_about(model, object_id):
    return AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=str(object_id))


def change_rule(client, code, **changes):
    url = f"/admin/projects/distributionrule/{code}/change/"
    data = post_data(client.get(url)) | changes | {"_save": "保存"}
    response = client.post(url, data)
    assert response.status_code == 302, response.context and [
        f.errors for i in response.context["inline_admin_formsets"] for f in i.formset.forms
    ] + [i.formset.non_form_errors() for i in response.context["inline_admin_formsets"]]
    return response


def share(code, recipient_class):
    return DistributionShare.objects.get(rule_id=code, recipient_class=recipient_class)


def form_index(client, code, pk) -> int:
    formset = client.get(f"/admin/projects/distributionrule/{code}/change/").context["inline_admin_formsets"][0].formset
    return next(i for i, f in enumerate(formset.forms) if f.instance.pk == pk)


def test_changing_a_622_share_in_the_admin_is_audited_with_before_and_after(client_for):
    client = client_for("admin")
    poor, village = share("622", "poor_households"), share("622", "village_collective")
    assert (poor.percent, village.percent) == (60, 20)  # seed 001: 60 % to the poor households, 20 % to the village
    i, j = form_index(client, "622", poor.pk), form_index(client, "622", village.pk)
    change_rule(client, "622", **{f"shares-{i}-percent": "50", f"shares-{j}-percent": "30"})

    assert share("622", "poor_households").percent == 50 and share("622", "village_collective").percent == 30
    [entry] = rows_about(DistributionShare, poor.pk)
    assert entry.action == "update" and entry.actor.username == "admin" and entry.source == AuditSource.ADMIN
    assert (entry.before["percent"], entry.after["percent"]) == ("60", "50")
    assert [(k, b, a) for k, b, a in rows_about(DistributionShare, village.pk).get().changes] == [("percent", "20", "30")]
    assert not rows_about(DistributionRule, "622").exists()  # the rule's own fields did not change


def test_deleting_and_adding_a_share_in_the_admin_are_audited(client_for):
    client = client_for("admin")
    reinvestment, village = share("622-land", "reinvestment"), share("622-land", "village_collective")
    i, j = form_index(client, "622-land", reinvestment.pk), form_index(client, "622-land", village.pk)
    data = {f"shares-{i}-DELETE": "on", f"shares-{j}-percent": "30"}
    # a new row in the empty form's place: 10 % to the cooperative
    data |= {
        "shares-TOTAL_FORMS": "4", "shares-3-recipient_class": "cooperative", "shares-3-percent": "10",
        "shares-3-order": "3", "shares-3-rule": "622-land",
    }
    change_rule(client, "622-land", **data)

    assert not DistributionShare.objects.filter(pk=reinvestment.pk).exists()
    [deleted] = rows_about(DistributionShare, reinvestment.pk)
    assert deleted.action == "delete" and deleted.after is None
    assert (deleted.before["recipient_class"], deleted.before["percent"]) == ("reinvestment", "20")
    cooperative = share("622-land", "cooperative")
    [created] = rows_about(DistributionShare, cooperative.pk)
    assert created.action == "create" and created.before is None and created.after["percent"] == "10"
    assert rows_about(DistributionShare, village.pk).get().action == "update"


def test_a_refused_formset_writes_nothing(client_for):
    client = client_for("admin")
    poor = share("622", "poor_households")
    i = form_index(client, "622", poor.pk)
    url = "/admin/projects/distributionrule/622/change/"
    response = client.post(url, post_data(client.get(url)) | {f"shares-{i}-percent": "70", "_save": "保存"})
    assert response.status_code == 200 and "应为 100%" in response.content.decode()
    assert share("622", "poor_households").percent == 60
    assert not rows_about(DistributionShare, poor.pk).exists()


def _writable(model_admin, inline, request) -> bool:
    """Whether a superuser can post a change to an inline's rows through this admin."""
    if not (model_admin.has_change_permission(request) or model_admin.has_add_permission(request)):
        return False
    fields = set(inline.get_fields(request)) - set(inline.get_readonly_fields(request))
    return bool(
        inline.has_add_permission(request, None)
        or (inline.can_delete and inline.has_delete_permission(request))
        or (fields and inline.has_change_permission(request))
    )


def test_every_admin_inline_that_can_write_is_saved_through_the_audited_path(demo_users):
    request = RequestFactory().get("/admin/")
    request.user = demo_users["admin"]
    found = []
    for model, model_admin in admin.site._registry.items():
        for inline in model_admin.get_inline_instances(request):
            if _writable(model_admin, inline, request):
                found.append((model._meta.label, inline.model._meta.label))
                assert isinstance(model_admin, AuditedAdmin), (model, inline)
                assert type(model_admin).save_formset is AuditedAdmin.save_formset, (model, inline)
    assert ("projects.DistributionRule", "projects.DistributionShare") in found
