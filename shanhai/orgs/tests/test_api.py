"""Organisations through the API: scoped lists, Chinese search, writes through orgs.services."""

import pytest

from shanhai.core.models import AuditEntry
from shanhai.orgs.models import Organisation

pytestmark = pytest.mark.django_db


def names(response):
    assert response.status_code == 200, response.content
    return {o["name"] for o in response.json()["results"]}


def test_bijiang_lists_its_own_six_organisations_and_kunshans(client_for):
    # The demo's Bijiang side (seeds 000/001): HR, justice, grain, supply co-operative, the development
    # zone and the TCM hospital; and Kunshan's eleven across their pair.
    listed = names(client_for("bijiang").get("/api/orgs/?page_size=500"))
    assert {n for n in listed if n.startswith("碧江")} == {
        "碧江区人力资源和社会保障局", "碧江区司法局", "碧江区粮食局", "碧江区供销合作社联合社", "碧江经济开发区", "碧江区中医医院",
    }
    # and the two of the city above Kunshan, 苏州 (ADR 017: an actor above the pair, named inside it)
    assert {"苏州技师学院", "雅鹿集团"} <= listed
    assert len(listed) == 19 and "昆山市人力资源和社会保障局" in listed and "江苏沙钢集团有限公司" not in listed


def test_zhangjiagang_sees_shagang_only(client_for):
    # its own 沙钢, and the two of 苏州, the city above it (ADR 017)
    assert names(client_for("zhangjiagang").get("/api/orgs/")) == {"江苏沙钢集团有限公司", "苏州技师学院", "雅鹿集团"}


@pytest.mark.parametrize(
    ("username", "query", "expected"),
    [
        ("admin", "人社局", {"昆山市人力资源和社会保障局", "碧江区人力资源和社会保障局"}),
        ("bijiang", "人社局", {"碧江区人力资源和社会保障局", "昆山市人力资源和社会保障局"}),  # Kunshan's across the pair
        ("zhangjiagang", "人社局", set()),  # neither is Zhangjiagang's or across its pairs
        ("kunshan", "商会", {"昆山市张浦商会", "昆山市青年商会"}),
        ("kunshan", "ksssfj", {"昆山市司法局"}),  # pinyin initials of 昆山市司法局
        ("kunshan", "鲜活", {"昆山鲜活果汁有限公司"}),  # short name
    ],
)
def test_search_by_name_short_name_or_initials(client_for, username, query, expected):
    assert names(client_for(username).get(f"/api/orgs/?search={query}")) == expected


def test_filters_kind_and_within(client_for):
    client = client_for("admin")
    assert names(client.get("/api/orgs/?within=320583106")) == {"昆山市张浦商会"}
    assert names(client.get("/api/orgs/?kind=chamber&within=320583")) == {"昆山市女企业家协会", "昆山市青年商会", "昆山市张浦商会"}
    assert names(client.get("/api/orgs/?kind=hospital")) == {"昆山市中医医院", "碧江区中医医院"}


def test_org_kinds(client_for):
    kinds = {k["code"]: k["name"] for k in client_for("auditor").get("/api/org-kinds/?page_size=100").json()["results"]}
    assert kinds["chamber"] == "商会/协会" and kinds["health_centre"] == "乡镇卫生院"


def test_create_update_delete_through_the_services(client_for, demo_users):
    client = client_for("bijiang")
    payload = {"name": "碧江区坝黄镇蓝莓专业合作社", "short_name": "坝黄蓝莓社", "kind": "cooperative", "region": "520602101"}
    response = client.post("/api/orgs/", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["region"], data["region_name"], data["kind_name"]) == ("520602101000", "坝黄镇", "合作社")
    url = f"/api/orgs/{data['id']}/"
    assert client.patch(url, {"note": "高坝田村蓝莓"}, content_type="application/json").json()["note"] == "高坝田村蓝莓"
    assert client.get("/api/orgs/?search=bhlms").json()["count"] == 1  # initials of the short name
    assert client.delete(url).status_code == 204
    trail = AuditEntry.objects.filter(content_type__model="organisation", object_id=str(data["id"])).order_by("id")
    assert [(e.action, e.source, e.actor.username) for e in trail] == [
        ("create", "api", "bijiang"), ("update", "api", "bijiang"), ("delete", "api", "bijiang"),
    ]
    assert trail[1].before["note"] == "" and trail[1].after["note"] == "高坝田村蓝莓"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "碧江区司法局", "kind": "department", "region": "520602"}, "non_field_errors"),  # already there
        ({"name": "某合作社", "kind": "nonsense", "region": "520602"}, "kind"),
        ({"name": "某合作社", "kind": "cooperative", "region": "520602999"}, "region"),
        ({"name": "某合作社", "kind": "cooperative", "region": "5206"}, None),  # a city: outside Bijiang → 403
        ({"kind": "cooperative", "region": "520602"}, "name"),
    ],
)
def test_invalid_or_refused_create_writes_nothing(client_for, payload, field):
    before = (Organisation.objects.count(), AuditEntry.objects.count())
    response = client_for("bijiang").post("/api/orgs/", payload, content_type="application/json")
    if field is None:
        assert response.status_code == 403
    else:
        assert response.status_code == 400, response.content
        assert field in response.json()
    assert (Organisation.objects.count(), AuditEntry.objects.count()) == before


def test_an_organisation_in_a_pairing_cannot_be_deleted(client_for):
    org = Organisation.objects.get(name="昆山鲜活果汁有限公司")
    response = client_for("kunshan").delete(f"/api/orgs/{org.pk}/")
    assert response.status_code == 409
    # It is the helper of the blueberry project's pairing with 高坝田村 (seeds 000/001).
    assert "鲜活果汁 仍是结对方（KS-BJ-ENT-XH）" in response.json()["detail"]
    assert Organisation.objects.filter(pk=org.pk).exists()
