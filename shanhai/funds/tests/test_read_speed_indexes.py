"""Indexes: a ledger list's order has one, and no index repeats another (PostgreSQL already makes a
``varchar_pattern_ops`` index, ``*_like``, for every region foreign key), while a region prefix
filter still finds an index."""

import re

import pytest
from django.apps import apps
from django.db import connection

from shanhai.core.records import LedgerRecord

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes")


def test_every_ledger_list_order_has_an_index():
    missing = []
    for model in apps.get_models():
        if not issubclass(model, LedgerRecord) or list(model._meta.ordering) == ["reference"]:
            continue  # the reference is unique, so indexed already
        ordering = [f.replace("_id", "") if f.endswith("_id") else f for f in model._meta.ordering]
        if not any(list(index.fields) == ordering for index in model._meta.indexes):
            missing.append(model.__name__)
    assert missing == []


@postgres_only
def test_no_index_repeats_another():
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'")
        rows = cursor.fetchall()
    seen, repeated = {}, []
    for _table, name, definition in rows:
        shape = re.sub(r"^CREATE (UNIQUE )?INDEX \S+ ON ", "", definition)
        if " WHERE " not in shape and not definition.startswith("CREATE UNIQUE"):
            if shape in seen:
                repeated.append((seen[shape], name))
            seen.setdefault(shape, name)
    assert repeated == []


@postgres_only
@pytest.mark.parametrize(("table", "column"), [
    ("funds_fund", "source_region_id"), ("social_donation", "recipient_region_id"),
    ("labour_employmentoutcome", "origin_region_id"), ("pairings_pairingparty", "region_id"),
    ("orgs_organisation", "region_id"), ("regions_region", "code"),
])
def test_a_region_prefix_filter_still_uses_an_index(table, column):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN SELECT {column} FROM {table} WHERE {column} LIKE %s", ["520602%"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index" in plan and re.search(rf"\b{column}\)?(::text)? ~>=~ '520602'", plan), plan


@postgres_only
def test_a_ledger_list_is_read_in_its_index_order():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM funds_fund ORDER BY year DESC, date DESC, reference ASC LIMIT 50")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "fund_order" in plan and "Sort" not in plan, plan
