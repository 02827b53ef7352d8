"""No lost update: every record has a version; the API answers it as an ETag and honours If-Match;
pages carry it and say who wrote in between; a write changes only the fields its writer changed.

The probe these tests come from: 50 API clients editing two different fields of one record lost 28
of their writes, and 50 read-modify-write clients lost 49 of 50.
"""

import threading

import pytest
from django.db import connection

from shanhai.core.models import AuditEntry
from shanhai.funds.models import Fund

pytestmark = pytest.mark.django_db


def fund(reference="KS-BJ-FUND-TOWNS"):
    return Fund.objects.get(reference=reference)


def url(obj):
    return f"/api/funds/{obj.pk}/"


# ---------------------------------------------------------------- a write changes only what its writer changed


def test_two_writers_editing_two_fields_lose_neither(demo_users):
    from shanhai.funds.services import fund_update

    first, second = fund(), fund()  # both read the 700 万元 of town funds before either writes
    fund_update(actor=demo_users["kunshan"], obj=first, note="核对：种子报告 000")
    fund_update(actor=demo_users["workteam"], obj=second, purpose="乡镇结对")
    stored = fund()
    assert (stored.note, stored.purpose) == ("核对：种子报告 000", "乡镇结对")
    assert stored.amount == 7_000_000_00
    assert stored.version == 3


# ---------------------------------------------------------------- versions, ETag and If-Match


def test_get_answers_the_version_as_an_etag(client_for):
    obj = fund()
    response = client_for("kunshan").get(url(obj))
    assert response["ETag"] == f'"{obj.version}"'
    assert response.json()["version"] == obj.version


def test_if_match_writes_over_the_version_read_and_refuses_a_stale_one(client_for):
    obj = fund()
    client = client_for("kunshan")
    etag = client.get(url(obj))["ETag"]
    response = client.patch(url(obj), {"note": "第一笔"}, content_type="application/json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response["ETag"] == f'"{obj.version + 1}"'
    before = (list(Fund.objects.order_by("pk").values_list()), AuditEntry.objects.count())
    stale = client.patch(url(obj), {"note": "第二笔"}, content_type="application/json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412, stale.content
    assert "已被" in stale.json()["detail"]
    assert (list(Fund.objects.order_by("pk").values_list()), AuditEntry.objects.count()) == before
    assert client.delete(url(obj), HTTP_IF_MATCH=etag).status_code == 412
    assert Fund.objects.filter(pk=obj.pk).exists()


def test_the_service_refuses_a_version_that_moved_on_under_its_lock(demo_users):
    from shanhai.core.services import StaleRecord, expect_version
    from shanhai.funds.services import fund_update

    read = fund()
    fund_update(actor=demo_users["workteam"], obj=fund(), note="先到")
    expect_version(read, read.version)
    with pytest.raises(StaleRecord) as exc:
        fund_update(actor=demo_users["kunshan"], obj=read, note="后到")
    assert "昆山驻碧江工作队" in exc.value.message  # who wrote in between
    assert fund().note == "先到"


# ---------------------------------------------------------------- pages


def _fund_form(obj, **changes):
    from shanhai.core.ledger import form_initial
    from shanhai.funds.ledgers import FUNDS

    data = {k: ("" if v is None else v) for k, v in form_initial(FUNDS, obj).items()}
    data["kind"] = obj.kind_id
    data["source_region"], data["recipient_region"] = obj.source_region_id, obj.recipient_region_id
    data["_version"] = obj.version
    data.update(changes)
    return data


def test_the_edit_page_carries_the_version_and_names_who_wrote_since(client_for, demo_users):
    from shanhai.funds.services import fund_update

    obj = fund()
    client = client_for("kunshan")
    page = client.get(f"/funds/{obj.pk}/edit/").content.decode()
    assert f'name="_version" value="{obj.version}"' in page
    form = _fund_form(obj, note="页面上改的")
    fund_update(actor=demo_users["workteam"], obj=fund(), purpose="工作队先改")
    response = client.post(f"/funds/{obj.pk}/edit/", form)
    assert response.status_code == 200
    text = response.content.decode()
    assert "此记录已被昆山驻碧江工作队于" in text and "请刷新后再改" in text
    assert (fund().note, fund().purpose) == (obj.note, "工作队先改")
    # Read again, the page writes.
    response = client.post(f"/funds/{obj.pk}/edit/", _fund_form(fund(), note="页面上改的"))
    assert response.status_code == 302
    assert (fund().note, fund().purpose) == ("页面上改的", "工作队先改")


def test_a_stale_delete_page_deletes_nothing(client_for, demo_users):
    from shanhai.social.models import Donation
    from shanhai.social.services import donation_update

    donation = Donation.objects.get(reference="KS-BJ-DON-FIRE")
    client = client_for("kunshan")
    assert f'name="_version" value="{donation.version}"' in client.get(f"/donations/{donation.pk}/delete/").content.decode()
    donation_update(actor=demo_users["workteam"], obj=Donation.objects.get(pk=donation.pk), note="已核对")
    response = client.post(f"/donations/{donation.pk}/delete/", {"_version": donation.version})
    assert response.status_code == 200 and "请刷新后再改" in response.content.decode()
    assert Donation.objects.filter(pk=donation.pk).exists()


# ---------------------------------------------------------------- many writers at once (PostgreSQL)


def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip(f"concurrent writers need PostgreSQL's row locks; this run is on {connection.vendor}")


def _in_threads(n, work):
    """Run ``work(i)`` in ``n`` threads at once, each with its own database connection."""
    from django.db import connections

    barrier, results = threading.Barrier(n), [None] * n

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_writers_on_two_fields_lose_no_write():
    _postgres_only()
    from django.test import Client

    from shanhai.demo.services import demo_load

    demo_load()
    obj = fund()

    def write(i):
        client = Client()
        client.force_login(_user("workteam"))
        field = "note" if i % 2 else "purpose"
        return client.patch(url(obj), {field: f"{field}-{i}"}, content_type="application/json").status_code

    statuses = _in_threads(50, write)
    assert statuses == [200] * 50
    entries = list(AuditEntry.objects.filter(content_type__model="fund", object_id=str(obj.pk), action="update").order_by("id"))
    assert len(entries) == 50
    # Each write changed exactly the field its writer sent, on top of every write before it.
    for previous, entry in zip(entries, entries[1:], strict=False):
        assert entry.before == previous.after
    for entry in entries:
        changed = {k for k, _b, _a in entry.changes} - {"version"}
        assert len(changed) == 1 and changed <= {"note", "purpose"}
    stored = fund()
    last = {k: entries[-1].after[k] for k in ("note", "purpose")}
    assert (stored.note, stored.purpose) == (last["note"], last["purpose"]) and stored.version == obj.version + 50


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_read_modify_write_clients_with_if_match_lose_nothing():
    # 25 clients, not 50: each retry is a full read and write, so the work grows with the square.
    _postgres_only()
    from django.test import Client

    from shanhai.demo.services import demo_load

    demo_load()
    obj = fund()
    start = obj.project_count or 0

    def increment(i):
        client = Client()
        client.force_login(_user("workteam"))
        statuses = []
        for _attempt in range(200):
            read = client.get(url(obj))
            count = read.json()["project_count"] or 0
            response = client.patch(
                url(obj), {"project_count": count + 1}, content_type="application/json", HTTP_IF_MATCH=read["ETag"]
            )
            statuses.append(response.status_code)
            if response.status_code != 412:
                return statuses
        return statuses

    results = _in_threads(25, increment)
    assert all(s[-1] == 200 for s in results), results
    assert all(code in (200, 412) for s in results for code in s)
    assert fund().project_count == start + 25


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_new_record_made_twenty_times_at_once_is_made_once():
    _postgres_only()
    from django.test import Client

    from shanhai.demo.services import demo_load

    demo_load()
    payload = {
        "reference": "KS-BJ-FUND-RACE", "kind": "fiscal_aid", "title": "同时登记", "source_name": "昆山市",
        "source_region": "320583", "recipient_name": "碧江区", "recipient_region": "520602", "year": 2020,
        "amount": 100_00, "pairing": "KS-BJ",
    }

    def create(i):
        client = Client()
        client.force_login(_user("kunshan"))
        response = client.post("/api/funds/", payload, content_type="application/json")
        return response.status_code, response.content.decode()

    results = _in_threads(20, create)
    statuses = sorted(code for code, _body in results)
    assert statuses.count(201) == 1, results
    # The others are told: 400 when the record was already there to see, 409 when both wrote at once.
    assert all(code in (400, 409) for code in statuses if code != 201), results
    assert Fund.objects.filter(reference="KS-BJ-FUND-RACE").count() == 1
