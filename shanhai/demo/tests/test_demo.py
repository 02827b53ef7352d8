"""The demo is loaded through the import templates and can be loaded again without change."""

import pytest

from shanhai.core.models import AuditEntry
from shanhai.demo.services import DATA_DIR, DEMO_FILES, demo_load
from shanhai.orgs.models import Organisation
from shanhai.pairings.models import Pairing, PairingParty
from shanhai.regions.models import PovertyDesignation, Region, ReportedFigure

pytestmark = pytest.mark.django_db

MODELS = (Region, Organisation, Pairing, PairingParty, PovertyDesignation, ReportedFigure)


def snapshot():
    return {m.__name__: m.objects.count() for m in MODELS} | {
        "parties": sorted(PairingParty.objects.values_list("pairing__reference", "role", "region_id", "count")),
    }


def test_loading_the_demo_twice_gives_the_same_data():
    before = snapshot()
    trail = AuditEntry.objects.exclude(content_type__model="regionsourceload").count()
    results = demo_load()
    assert snapshot() == before
    assert all((r.created, r.updated, r.unchanged) == (0, 0, r.rows) for _, r in results)
    # Unchanged records write no audit rows; only the region load itself is logged.
    assert AuditEntry.objects.exclude(content_type__model="regionsourceload").count() == trail


def test_the_demo_is_made_of_template_files_not_code():
    # Every file in data/ is a template the demo loads, and every template it loads is a file there.
    assert sorted(p.name for p in DATA_DIR.glob("*.csv")) == sorted(filename for _, filename in DEMO_FILES)
    sources = AuditEntry.objects.filter(content_type__model="pairing", action="create").values_list("source", flat=True)
    assert set(sources) == {"import"}


def test_seven_pairing_kinds_of_kunshan_bijiang():
    # Seeds 000/001: departments, parks, towns, villages, families, enterprises, social forces ("七结对").
    kinds = set(Pairing.objects.filter(parent__reference="KS-BJ").values_list("kind__name", flat=True))
    assert {"部门结对", "园区结对", "乡镇（街道）结对", "村村结对", "家庭结对", "村企结对", "社会力量结对"} <= kinds


def test_named_town_pairs_and_social_forces():
    names = {p.display_name() for p in Pairing.objects.filter(reference__startswith="KS-BJ-")}
    for expected in ("张浦镇 ↔ 坝黄镇", "周市镇 ↔ 瓦屋乡", "七桥村 ↔ 高坝田村", "鲜活果汁 ↔ 高坝田村",
                     "女企业家协会 ↔ 坪茶村", "昆山青商会 ↔ 陈家寨村", "张浦商会 ↔ 高坝田村"):
        assert expected in names
