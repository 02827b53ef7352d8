"""The assessment hub (考核): the pairs a user sees at county level and above, each with its
dashboard, scorecard, ten-haves, returns, briefing and reconciliation; and the assessment's data."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from shanhai.pairings.models import Pairing

from .dashboards import assessed_pairings


@login_required
def assessment_index(request):
    pairs = list(assessed_pairings(user=request.user).select_related("kind", "parent"))
    with_children = set(Pairing.objects.filter(parent__in=pairs, kind__code="county").values_list("parent_id", flat=True))
    rows = [{"pairing": p, "has_counties": p.pk in with_children, "is_county": p.kind_id == "county"} for p in pairs]
    return render(request, "reports/index.html", {"rows": rows})
