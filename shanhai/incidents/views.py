"""Pages: the reported poverty status of a region (脱贫进展), and panels on detail pages — an
incident's aid, and a region's exit check — registered with ``core.views.object_panel``."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from shanhai.core.views import object_panel, requested_year, year_choices
from shanhai.regions.selectors import region_get, region_visible

from .selectors import incident_aid_donated, incident_aid_for, poverty_status


def poverty_status_url(region) -> str | None:
    """The status page's address, once its URLs are included (config/urls.py); None before."""
    try:
        return reverse("incidents:poverty_status", args=[region.display_code])
    except NoReverseMatch:
        return None


@login_required
def poverty_status_page(request, code):
    region = region_get(code)
    if not region_visible(request.user, region):
        raise Http404
    year = requested_year(request)
    status = poverty_status(user=request.user, region=region, year=year)
    return render(request, "incidents/poverty_status.html", {
        "region": region, "status": status, "year": year, "years": year_choices(year),
    })


@object_panel("incidents.incident", order=10)
def incident_aid_panel(request, incident):
    links = list(incident_aid_for(user=request.user, incident=incident))
    return render_to_string("incidents/_incident_aid.html", {
        "incident": incident, "links": links, "donated": incident_aid_donated(user=request.user, incident=incident),
    }, request)


@object_panel("regions.region", order=45)
def region_poverty_status(request, region):
    """The grouped status on the region's page, for the year the page shows."""
    status = poverty_status(user=request.user, region=region, year=requested_year(request))
    if not status.reported_count:
        return None
    groups = [g for g in status.groups if g.key != "other" and any(f.value is not None for f in g.figures)]
    return render_to_string("incidents/_poverty_status.html", {
        "status": status, "groups": groups, "page_url": poverty_status_url(region),
    }, request)
