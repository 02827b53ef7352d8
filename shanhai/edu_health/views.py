"""A panel on a host class's page (``core.views.object_panel``): the 1+1+1 records it hosts, with their totals."""

from django.template.loader import render_to_string

from shanhai.core.views import object_panel

from .ledgers import ONE_ONE_ONE
from .selectors import one_one_one_for, one_one_one_totals


@object_panel("edu_health.hostclass", order=10)
def host_class_one_one_one(request, host_class):
    records = list(one_one_one_for(user=request.user, host_class=host_class))
    if not records:
        return None
    return render_to_string("edu_health/_one_one_one.html", {
        "records": [(r, ONE_ONE_ONE.url("detail", r.pk)) for r in records],
        "totals": one_one_one_totals(user=request.user, host_class=host_class),
    }, request)

