"""A return period is created once, however many offices press 新建 at the same moment.

The probe: 50 API clients creating the same period of one pair on PostgreSQL got 48 × 500 (the unique
constraint, met by every request that had looked before the first one committed). A second creation
is a conflict: 409 in the API with the reason, a form error on the page, never a 500.
"""

import threading

import pytest
from django.db import connection, connections

from shanhai.core.models import AuditEntry
from shanhai.returns.models import Return, ReturnAction, ReturnEvent

BODY = {"pairing": "KS-BJ", "period_kind": "yearly", "year": 2019, "period_no": 1}


def ks_bj_2019():
    return Return.objects.filter(pairing__reference="KS-BJ", period_kind="yearly", year=2019, period_no=1)


@pytest.mark.django_db
def test_creating_a_period_twice_is_a_conflict(client_for):
    client = client_for("kunshan")
    assert client.post("/api/returns/", BODY, content_type="application/json").status_code == 201
    again = client_for("bijiang").post("/api/returns/", BODY, content_type="application/json")
    assert again.status_code == 409 and "该结对已有这一期的报表" in again.json()["detail"]
    assert ks_bj_2019().count() == 1


def _in_threads(n, work):
    """Run ``work(i)`` in ``n`` threads released at once, each on its own database connection,
    closed when it is done."""
    barrier, results = threading.Barrier(n), [None] * n

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001  an unhandled error is a result to count, not a crash
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


CLIENTS = 20
# both sides of the pair and both offices of the city pair above: each may create KS-BJ's returns
USERS = ("kunshan", "bijiang", "suzhou", "tongren")


# serialized_rollback: a transactional test that follows another leaves the tables empty (content types
# too, which the audit rows point at) unless its own setup restores them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_offices_creating_one_period_at_once_make_one_return():
    if connection.vendor != "postgresql":
        reason = f"concurrent creation needs PostgreSQL's row locks; this run is on {connection.vendor}"
        print(reason)
        pytest.skip(reason)
    from django.contrib.auth import get_user_model
    from django.test import Client

    from shanhai.demo.services import demo_load

    demo_load()  # the transactional test begins on an empty database
    users = {u.username: u for u in get_user_model().objects.filter(username__in=USERS)}

    def create(i):
        client = Client(raise_request_exception=False)  # a 500 is an answer to count
        client.force_login(users[USERS[i % len(USERS)]])
        response = client.post("/api/returns/", BODY, content_type="application/json")
        return response.status_code, response.json() if response.status_code != 500 else None

    results = _in_threads(CLIENTS, create)

    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    statuses = sorted(status for status, _body in results)
    assert statuses == [201] + [409] * (CLIENTS - 1)
    refusals = {body["detail"] for status, body in results if status == 409}
    assert all("该结对已有这一期的报表" in text for text in refusals)
    made = ks_bj_2019().get()
    assert ReturnEvent.objects.filter(ret=made).values_list("action", flat=True).get() == ReturnAction.CREATE
    assert AuditEntry.objects.filter(content_type__model="return", object_id=str(made.pk)).count() == 1
    assert made.figures.count() > 20  # the winner's prefill, whole
