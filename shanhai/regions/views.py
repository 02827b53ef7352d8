from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from shanhai.core.views import (
    SUGGESTION_LIMIT,
    ScopedListView,
    home_panel,
    object_history,
    object_panels,
    requested_year,
    suggestion_query,
    suggestions_response,
    year_choices,
)

from . import codes
from .filters import RegionFilterSet
from .models import Region, RegionLevel
from .selectors import region_get, region_poverty_summary, region_visible, regions_search, scope_roots
from .tables import REGION_COLUMNS

# Itemised flag counts (region_poverty_summary's keys) and the reported indicator of the same name.
POVERTY_FIGURES = [
    ("poor_counties", _("贫困县")),
    ("poor_villages", _("贫困村（含深度贫困村）")),
    ("deep_poverty_villages", _("深度贫困村")),
]


class RegionListView(ScopedListView):
    template_name = "regions/region_list.html"
    filterset_class = RegionFilterSet
    columns = REGION_COLUMNS
    title = _("行政区划")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["roots"] = scope_roots(self.request.user)
        return ctx


@login_required
def region_detail(request, code):
    region = region_get(code)
    if not region_visible(request.user, region):
        raise Http404
    year = requested_year(request)
    path = region.path()
    visible_above = set(
        Region.objects.visible_to(request.user).filter(code__in=[r.code for r in path]).values_list("code", flat=True)
    )
    summary = region_poverty_summary(region=region, year=year)
    reported_by_indicator = {fig.indicator_id: fig for fig in summary["reported"]}
    side_by_side = [
        {"label": label, "itemised": summary["itemised"][key], "reported": reported_by_indicator.pop(key, None)}
        for key, label in POVERTY_FIGURES
    ]
    children = region.children.prefetch_related("poverty").order_by("code")
    return render(request, "regions/region_detail.html", {
        "region": region,
        "path": [(r, r.code in visible_above) for r in path[:-1]],
        "flags": list(region.poverty.all()),
        "side_by_side": side_by_side,
        "other_reported": list(reported_by_indicator.values()),
        "children": children,
        "year": year,
        "years": year_choices(year),
        "coverage_available": region.level in (RegionLevel.CITY, RegionLevel.COUNTY),
        "history": object_history(request.user, region),
        "panels": object_panels(request, region),
        "prefix": codes.prefix_of(region.code, region.level),
    })


@login_required
def region_suggest(request):
    """Regions the user may see, by name, short name or code prefix: for region-code inputs.

    In code order, so a county comes before its towns and villages; the parent's name tells
    apart the many villages of one name.
    """
    query = suggestion_query(request, "region")
    if not query:
        return suggestions_response(request, [])
    rows = regions_search(user=request.user, query=query).select_related("parent").order_by("code")[:SUGGESTION_LIMIT]
    return suggestions_response(request, [
        (r.display_code, f"{r.name}{f' · {r.parent.name}' if r.parent else ''}") for r in rows
    ])


@home_panel(order=10)
def scope_panel(request):
    assignments = list(request.user.role_assignments.all())
    rows = []
    for ra in assignments:
        region = region_get(ra.region_code) if ra.region_code else None
        rows.append({"assignment": ra, "region": region})
    return render_to_string("regions/_home_scope.html", {"rows": rows, "superuser": request.user.is_superuser}, request)
