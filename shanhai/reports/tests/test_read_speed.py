"""A dashboard asks the reference tables once where it can: the KS-BJ 2019 page within a bound of
queries, the trend's indicator found once, a fund kind not read to filter on its code, and the
subtree ids read without the pairings' ordering."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shanhai.assessment.models import Indicator, IndicatorSet
from shanhai.assessment.selectors import indicator_trend, indicators_for
from shanhai.pairings.models import Pairing
from shanhai.pairings.selectors import pairing_subtree_ids

pytestmark = pytest.mark.django_db

# The KS-BJ 2019 page took 541 queries (SQLite), 481 once town-pair money was one sum, 428 since.
PAGE_QUERIES = 440


def test_the_kunshan_bijiang_2019_dashboard_stays_within_its_queries(client_for, django_assert_max_num_queries):
    client = client_for("kunshan")
    url = reverse("reports:dashboard", args=[Pairing.objects.get(reference="KS-BJ").pk]) + "?year=2019"
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert "资金使用" in response.content.decode()


def test_indicators_for_a_year_are_the_covering_sets_own_in_one_query():
    for year in (2015, 2016, 2019, 2020, 2021, 2025):
        covering = [s for s in IndicatorSet.objects.order_by("first_year") if s.covers(year)]
        want = list(Indicator.objects.filter(indicator_set=covering[0])) if covering else []
        with CaptureQueriesContext(connection) as ctx:
            found = indicators_for(year=year)
        assert found == want and len(ctx) == 1


def test_a_trend_reads_the_sets_and_the_indicator_once_for_all_years(demo_users):
    user, ksbj = demo_users["admin"], Pairing.objects.get(reference="KS-BJ")
    indicator = next(i for i in indicators_for(year=2019) if i.figure == "funds")
    years = [2016, 2017, 2018, 2019]
    with CaptureQueriesContext(connection) as ctx:
        points = indicator_trend(user=user, indicator=indicator, pairing=Pairing.objects.get(pk=ksbj.pk), years=years)
    reference = [q["sql"] for q in ctx.captured_queries if '"assessment_indicatorset"' in q["sql"] or 'FROM "assessment_indicator"' in q["sql"]]
    assert len(reference) == 2
    assert [y for y, _f in points] == [y for y in years if any(s.covers(y) for s in IndicatorSet.objects.all())]
    # The kind is asked after only where a year has no line of it (is the kind unknown, or the year empty?).
    kind_reads = sum('FROM "funds_fundkind" WHERE "funds_fundkind"."code"' in q["sql"] for q in ctx.captured_queries)
    assert kind_reads == (sum(1 for _y, f in points if not f.records) if indicator.parameter else 0)


def test_subtree_ids_are_read_without_joining_the_kinds():
    root = Pairing.objects.get(reference="KS-BJ")
    with CaptureQueriesContext(connection) as ctx:
        ids = pairing_subtree_ids(Pairing.objects.get(pk=root.pk))
    parents = dict(Pairing.objects.values_list("pk", "parent_id"))

    def under(pk):
        while pk is not None:
            if pk == root.pk:
                return True
            pk = parents[pk]
        return False

    assert sorted(ids) == sorted(pk for pk in parents if under(pk))
    walks = [q["sql"] for q in ctx.captured_queries if '"parent_id" IN' in q["sql"]]
    assert walks and not any("pairings_pairingkind" in sql or "ORDER BY" in sql for sql in walks)
