"""Town-pair money is one sum over every town pair, however many the county pair has: the queries
do not grow with the town pairs, and the figure is the rows added up by hand."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shanhai.assessment.figures import FEN, _town_pair_roots, figure_compute
from shanhai.core.records import Basis
from shanhai.funds.models import FundKind
from shanhai.funds.selectors import funds_total
from shanhai.pairings.models import Pairing, PairingKind, PartyRole, PartyType
from shanhai.pairings.selectors import pairing_subtree
from shanhai.pairings.services import PartySpec, pairing_create
from shanhai.regions.selectors import region_get
from shanhai.social.models import Donation
from shanhai.social.services import donation_create

pytestmark = pytest.mark.django_db

# Kunshan's and Bijiang's towns the demo leaves unpaired by name, paired here one to one.
TOWNS = [("320583108", "520602102"), ("320583101", "520602103"), ("320583103", "520602202")]


def parties(helper: str, helped: str) -> list[PartySpec]:
    return [
        PartySpec(role=PartyRole.HELPER, party_type=PartyType.REGION, region=region_get(helper)),
        PartySpec(role=PartyRole.HELPED, party_type=PartyType.REGION, region=region_get(helped)),
    ]


def add_town_pairs(actor, n: int, *, tag: str, amount: int) -> list[Pairing]:
    """``n`` more town pairs directly under KS-BJ (each one more town pair not inside another), each
    with a village pair under it, and a gift to each."""
    towns = Pairing.objects.get(reference="KS-BJ")
    made = []
    for i, (helper, helped) in enumerate((TOWNS * 2)[:n]):
        town = pairing_create(
            actor=actor, parties=parties(helper, helped), reference=f"T-RS-{tag}-{i}",
            kind=PairingKind.objects.get(code="town"), parent=towns, start_date=datetime.date(2019, 1, 1),
        )
        village = pairing_create(
            actor=actor, parties=parties(helper, helped), reference=f"T-RS-{tag}-{i}-V",
            kind=PairingKind.objects.get(code="village"), parent=town, start_date=datetime.date(2019, 1, 1),
        )
        for pairing, basis in ((town, Basis.ITEMISED), (village, Basis.AGGREGATE)):
            donation_create(
                actor=actor, reference=f"D-{pairing.reference}", donor_name="镇里", donor_region=region_get(helper),
                recipient_name="乡里", recipient_region=region_get(helped), pairing=pairing, year=2019,
                amount=amount * 100, basis=basis,
            )
        made.append(town)
    return made


def under_towns(pairing: Pairing) -> set[int]:
    """Every pairing in a town pair or nested in one, found by following parents up, one by one."""
    found = set()
    for p in Pairing.objects.all():
        node, inside = p, False
        while node is not None:
            inside = inside or node.kind_id == "town"
            if node.pk == pairing.pk:
                if inside:
                    found.add(p.pk)
                break
            node = node.parent
    return found


def by_hand(user, pairing: Pairing, year: int) -> tuple[int, int, int]:
    """(itemised fen, aggregate fen, records): the town-pairing fund lines as funds_total gives
    them, and every valued donation of the year under a town pair, added here."""
    funds = funds_total(user=user, pairing=pairing, kind=FundKind.objects.get(code="town_pairing"), year=year)
    gifts = Donation.objects.filter(pairing__in=under_towns(pairing), year=year).exclude(amount=None)
    itemised = sum(d.amount for d in gifts if d.basis == Basis.ITEMISED)
    aggregate = sum(d.amount for d in gifts if d.basis == Basis.AGGREGATE)
    return funds.itemised + itemised, funds.aggregate + aggregate, funds.records + len(gifts)


def figure(user, pairing):
    return figure_compute(key="town_pair_money", user=user, pairing=pairing, period={"year": 2019})


def test_town_pair_money_queries_do_not_grow_with_the_town_pairs(demo_users):
    admin, ksbj = demo_users["admin"], Pairing.objects.get(reference="KS-BJ")
    add_town_pairs(admin, 1, tag="N", amount=10_000)  # the tree as deep as it will be
    with CaptureQueriesContext(connection) as before:
        figure(admin, Pairing.objects.get(pk=ksbj.pk))
    add_town_pairs(admin, 3, tag="M", amount=10_000)
    with CaptureQueriesContext(connection) as after:
        found = figure(admin, Pairing.objects.get(pk=ksbj.pk))
    assert len(after) == len(before)
    assert found.records == by_hand(admin, ksbj, 2019)[2]


def test_town_pair_money_equals_the_donations_under_town_pairs_added_by_hand(demo_users):
    admin, ksbj = demo_users["admin"], Pairing.objects.get(reference="KS-BJ")
    demo = figure(admin, ksbj)
    itemised, aggregate, records = by_hand(admin, ksbj, 2019)
    assert (demo.itemised * FEN, demo.aggregate * FEN, demo.records) == (itemised, aggregate, records)
    assert itemised == 120_0000 * FEN  # the demo: 张浦 and 周市 gave 60 万元 each
    add_town_pairs(admin, 2, tag="S", amount=30_000)
    found = figure(admin, Pairing.objects.get(pk=ksbj.pk))
    itemised, aggregate, records = by_hand(admin, ksbj, 2019)
    assert (found.itemised * FEN, found.aggregate * FEN, found.records) == (itemised, aggregate, records)
    assert found.itemised == demo.itemised + 2 * 30_000 and found.aggregate == demo.aggregate + 2 * 30_000
    assert found.value == max(found.itemised, found.aggregate)


def test_town_pair_roots_are_those_not_inside_another_town_pair(demo_users):
    admin = demo_users["admin"]
    made = add_town_pairs(admin, 1, tag="R", amount=1)
    nested = pairing_create(
        actor=admin, parties=parties("320583108", "520602102"), reference="T-RS-R-NESTED",
        kind=PairingKind.objects.get(code="town"), parent=made[0], start_date=datetime.date(2019, 1, 1),
    )
    ksbj = Pairing.objects.get(reference="KS-BJ")
    roots = [p.reference for p in _town_pair_roots(ksbj)]
    # As the whole subtree, read breadth first in the pairings' order, lists them.
    tree = pairing_subtree(ksbj)
    towns = {p.pk for p in tree if p.kind_id == "town"}
    assert roots == [p.reference for p in tree if p.pk in towns and p.parent_id not in towns]
    assert "KS-BJ-TOWNS" in roots and made[0].reference in roots
    assert [p.reference for p in _town_pair_roots(made[0])] == [made[0].reference]
    assert nested.reference not in roots
