"""The assessment hub (考核): the pairs a user sees at county level and above, each with its
dashboard, scorecard, ten-haves, returns, briefing and reconciliation; and the assessment's data."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from shanhai.pairings.models import Pairing

MAIN_KINDS = ("province", "city", "county")


def main_pairings(user) -> list[Pairing]:
    """Pairs at county level and above the user sees, the higher ones first."""
    kinds = {kind: order for order, kind in enumerate(MAIN_KINDS)}
    pairs = list(Pairing.objects.visible_to(user).filter(kind__code__in=MAIN_KINDS).select_related("kind", "parent"))
    return sorted(pairs, key=lambda p: (kinds[p.kind_id], p.sort_key, p.pk))


@login_required
def assessment_index(request):
    pairs = main_pairings(request.user)
    with_children = set(Pairing.objects.filter(parent__in=pairs, kind__code="county").values_list("parent_id", flat=True))
    rows = [{"pairing": p, "has_counties": p.pk in with_children, "is_county": p.kind_id == "county"} for p in pairs]
    return render(request, "reports/index.html", {"rows": rows})
