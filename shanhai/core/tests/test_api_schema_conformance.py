"""The API answers what /api/schema/ says it answers: requests generated from the schema (schemathesis),
sent to the Django app in-process as the superuser and as a scoped office, must never meet a server error,
and every answer's status code and body must be documented.

Reads (GET, and HEAD beside each) cover every operation; writes (POST, PUT, PATCH, DELETE) a few examples
per operation. Every request runs inside the test's transaction, so the writes are rolled back with it,
and the last test proves the demo world is as it was. Hypothesis is derandomised: a run sends the same
requests every time, so a failure is repeatable (the failing request is printed as a curl line).
"""

from urllib.parse import quote

import pytest
import schemathesis
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.test.client import ClientHandler
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from shanhai.core.tokens import token_for

# Two callers: the superuser reads and writes everywhere; Kunshan's office reads its pairs and writes the
# helper side of them, so most generated writes meet its scope (403) or records it cannot see (404).
USERS = ["admin", "kunshan"]

READ_EXAMPLES = 6  # per GET operation and caller, beside the schema's own examples
WRITE_EXAMPLES = 3  # per write operation and caller

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

ON_POSTGRESQL = connection.vendor == "postgresql"

# Server errors these tests found, each kept as a test of its own now that it is mended. A NUL character in
# these values reached a PostgreSQL lookup (DataError: text cannot contain NUL) and answered 500; it is
# now refused (400) before any lookup, by core.middleware.RefuseNulMiddleware. Each value named where the
# lookup was.
NUL_REACHES_POSTGRESQL = {
    ("/api/audit/", "query", "content_type"): "core/api.py AuditEntryViewSet.get_queryset (content_type_model)",
    ("/api/coverage/", "query", "target"): "pairings/api.py target_param",
    ("/api/pairings/{id}/two-way-coverage/", "query", "target"): "pairings/api.py target_param",
    ("/api/pairings/{id}/totals/", "query", "kind"): "pairings/api.py PairingViewSet.totals",
    ("/api/exchange-totals/", "query", "pairing"): "exchanges/api.py ExchangeTotalsViewSet.list",
    ("/api/reconciliation/", "query", "pairing"): "reports/reconciliation.py reconciliation_pairing",
    ("/api/return-rollups/", "query", "pairing"): "returns/api.py ReturnRollupViewSet.list",
    ("/api/returns/", "query", "pairing"): "returns/api.py ReturnViewSet.scope_queryset",
    ("/api/signing-totals/summary/", "query", "pairing"): "industry/api.py SigningTotalsViewSet.summary",
    ("/api/ten-haves/", "query", "pairing"): "agreements/api.py TenHavesViewSet.list",
    ("/api/member-kinds/{code}/", "path", "code"): "core/api.py ReferenceViewSet (DRF get_object)",
    ("/api/org-kinds/{code}/", "path", "code"): "core/api.py ReferenceViewSet (DRF get_object)",
    ("/api/pairing-kinds/{code}/", "path", "code"): "core/api.py ReferenceViewSet (DRF get_object)",
    ("/api/coverage-targets/{code}/", "path", "code"): "core/api.py ReferenceViewSet (DRF get_object)",
    ("/api/reported-indicators/{code}/", "path", "code"): "core/api.py ReferenceViewSet (DRF get_object)",
    ("/api/channel-figures/{reference}/", "path", "reference"): "core/api.py ScopedViewSetMixin.get_object",
    ("/api/labour-figures/{reference}/", "path", "reference"): "core/api.py ScopedViewSetMixin.get_object",
    ("/api/sales-figures/{reference}/", "path", "reference"): "core/api.py ScopedViewSetMixin.get_object",
    ("/api/dashboards/{reference}/", "path", "reference"): "reports/dashboard_api.py _pairing",
    ("/api/scorecards/{reference}/", "path", "reference"): "reports/dashboard_api.py _pairing",
}
# Operations left out, each with the reason, reported as a skipped test of its own (never silently).
LEFT_OUT = {
    "POST /api/auth/token/": (
        "not generated: random usernames and passwords are failed logins, which django-axes counts towards a "
        "lockout; the token endpoint has its own tests (test_logins.py, test_api.py)"
    ),
    "GET /api/schema/": (
        "not generated: each call builds the whole schema (about 3 seconds); this module loads it to make its "
        "requests, and test_api.py validates it"
    ),
}
class InProcessApp:
    """WSGI in front of Django's test handler: requests run on the test's database connection and inside
    its transaction, as the test client's do (the plain WSGI handler would close the connection after
    each request). CSRF is enforced as in production; the requests carry a token, not a session."""

    def __init__(self):
        self.handler = ClientHandler(enforce_csrf_checks=True)

    def __call__(self, environ, start_response):
        response = self.handler(environ)
        headers = [*response.items(), *(("Set-Cookie", c.output(header="").strip()) for c in response.cookies.values())]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return response.streaming_content if response.streaming else [response.content]


APP = InProcessApp()
CONFIG = schemathesis.Config.from_dict({
    # Examples written in the schema, then generated requests; the coverage phase's exhaustive edge
    # cases would multiply the run by the number of parameters.
    "phases": {"examples": {"enabled": True}, "coverage": {"enabled": False}, "stateful": {"enabled": False}},
    "generation": {"mode": "positive"},
})
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", APP, config=CONFIG)


def _left_out(ctx) -> bool:
    return f"{ctx.operation.method.upper()} {ctx.operation.path}" in LEFT_OUT


api = schema.exclude(_left_out)
reads = api.include(method="GET")
writes = api.include(method=["POST", "PUT", "PATCH", "DELETE"])

HYPOTHESIS = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    # The token and the transaction are the test's, shared by its examples: an operation's writes pile up
    # on one another until the test's rollback, which is how a client would meet them too.
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
}


@api.hook
def map_path_parameters(context, path_parameters):
    # A generated id is mostly a number no record has (404 before anything else is read); folded onto the
    # demo's first ids, the reads serve real records and the writes meet them.
    if path_parameters and isinstance(path_parameters.get("id"), int):
        path_parameters["id"] = abs(path_parameters["id"]) % 40 + 1
    return path_parameters


def demo_world_fingerprint() -> dict[str, tuple[int, int]]:
    """Every table's row count and, for versioned records, the sum of their versions."""
    out = {}
    for model in apps.get_models():
        qs = model._default_manager.using("default")
        versions = 0
        if any(f.name == "version" for f in model._meta.concrete_fields):
            versions = qs.aggregate(v=Sum("version"))["v"] or 0
        out[model._meta.label] = (qs.count(), versions)
    return out


@pytest.fixture(scope="module")
def demo_world_before(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return demo_world_fingerprint()


def token_header(username: str) -> dict:
    """The caller's API token, as POST /api/auth/token/ issues it (without a login per test)."""
    return {"Authorization": f"Token {token_for(get_user_model().objects.get(username=username)).key}"}


@pytest.fixture(params=USERS)
def auth(request, db, demo_world_before):
    return token_header(request.param)


# Values that get past each endpoint's other checks, so the NUL is what the request is about.
KNOWN_GOOD = {"id": "1", "pairing": "KS-BJ", "year": "2019", "region": "520602", "period_kind": "quarterly"}


@pytest.mark.parametrize("key", sorted(NUL_REACHES_POSTGRESQL), ids=lambda k: f"{k[0]} {k[1]} {k[2]}")
def test_a_nul_where_a_lookup_was_is_refused_before_it(key, db):
    path, where, name = key
    parameters = schema[path]["GET"].definition.raw.get("parameters", [])
    query = {p["name"]: KNOWN_GOOD.get(p["name"], "x") for p in parameters if p.get("required") and p["in"] == "query"}
    url = path.replace("{id}", KNOWN_GOOD["id"])
    if where == "path":
        url = url.replace("{" + name + "}", quote("a\x00b"))
    else:
        query[name] = "a\x00b"
    response = Client(raise_request_exception=False).get(url, query, headers=token_header("admin"))
    assert response.status_code == 400  # refused before any lookup (core.middleware.RefuseNulMiddleware)


@pytest.mark.parametrize("url, field", [
    ("/api/funds/", "pairing"), ("/api/funds/", "kind"), ("/api/orgs/", "kind"), ("/api/pairings/", "kind"),
    ("/api/reported-figures/", "indicator"), ("/api/returns/", "pairing"),
])
def test_a_null_character_where_a_record_is_looked_up_is_the_fields_error(url, field, db):
    # It used to reach the lookup: a 500 on PostgreSQL, which cannot hold the character in text.
    response = Client().post(url, {field: "KS\x00BJ"}, content_type="application/json", headers=token_header("admin"))
    assert response.status_code == 400
    assert field in response.json()


def test_deleting_an_enterprise_brought_west(db):
    # It answered 500 on PostgreSQL: the delete's row lock took the model's ordering, an outer join.
    from shanhai.industry.models import WestEnterprise

    enterprise = WestEnterprise.objects.order_by("pk").first()
    response = Client(raise_request_exception=False).delete(
        f"/api/west-enterprises/{enterprise.pk}/", headers=token_header("admin")
    )
    assert response.status_code == 204


@pytest.mark.parametrize("operation", sorted(LEFT_OUT))
def test_operations_left_out(operation):
    method, path = operation.split(" ")
    assert method.lower() in schema.raw_schema["paths"].get(path, {}), "no such operation"
    pytest.skip(f"{operation}: {LEFT_OUT[operation]}")


def _all_operations():
    return [result.ok() for result in schema.get_all_operations()]


def test_every_operation_documents_its_errors_and_versions():
    public = {("get", "/api/schema/"), ("post", "/api/auth/token/")}  # no login needed; their own answers
    for path, item in schema.raw_schema["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete") or (method, path) in public:
                continue
            codes = set(operation["responses"])
            expected = {"401", "403"}
            if path != "/api/auth/logout/":
                expected |= {"400", "404"}
            if method != "get" and path != "/api/auth/logout/":
                expected.add("409")
            if method in ("put", "patch", "delete"):
                expected.add("412")
                assert any(p["name"] == "If-Match" and p["in"] == "header" for p in operation["parameters"]), path
                assert "ETag" in item["get"]["responses"]["200"]["headers"], path
            assert expected <= codes, f"{method.upper()} {path} documents {sorted(codes)}"


def _paged_lists():
    """The list operations that need nothing but a page: every record the demo holds passes through them."""
    out = []
    for op in _all_operations():
        params = op.definition.raw.get("parameters", [])
        names = {p["name"] for p in params if p.get("in") == "query"}
        if op.method.upper() == "GET" and "page" in names and not any(p.get("required") for p in params):
            out.append(op.path)
    return sorted(out)


@pytest.mark.parametrize("path", _paged_lists())
def test_every_demo_record_matches_the_schema(path, auth):
    # Generated page sizes sample the records; this reads them all, 500 a page (the first 2,000 of each).
    operation = schema[path]["GET"]
    for page in range(1, 5):
        response = operation.Case(query={"page_size": 500, "page": page}).call_and_validate(headers=auth, checks=CHECKS)
        if not response.json().get("next"):
            break


@reads.parametrize()
@settings(max_examples=READ_EXAMPLES, **HYPOTHESIS)
def test_reads_answer_as_documented(case, auth):
    response = case.call_and_validate(headers=auth, checks=CHECKS)
    # HEAD is GET without the body: same status, nothing after the headers.
    head = case.operation.Case(
        method="HEAD", path_parameters=case.path_parameters, query=case.query, headers=case.headers
    ).call(headers=auth)
    assert head.status_code == response.status_code, f"HEAD {head.status_code}, GET {response.status_code}"
    assert not head.content


@writes.parametrize()
@settings(max_examples=WRITE_EXAMPLES, **HYPOTHESIS)
def test_writes_answer_as_documented(case, auth):
    case.call_and_validate(headers=auth, checks=CHECKS)


def test_demo_world_is_intact_after_the_generated_writes(db, demo_world_before):
    # Run last in this module: every generated write was rolled back with its test.
    assert demo_world_fingerprint() == demo_world_before
