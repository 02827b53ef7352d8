"""What the generic ledger pages cannot show by themselves: derived figures, as panels on a record's page."""

from django.template.loader import render_to_string

from shanhai.core.money import format_money
from shanhai.core.views import object_panel

from .ledgers import PARK_CREDIT_LINES, WEST_ENTERPRISES
from .selectors import park_credit_lines_for, park_figures, signing_totals


@object_panel("industry.park", order=10)
def park_figures_panel(request, park):
    figures = park_figures(user=request.user, park=park)
    credit_lines = [
        {"url": PARK_CREDIT_LINES.url("detail", c.pk), "line": c}
        for c in park_credit_lines_for(user=request.user, park=park).order_by("reference")
    ]
    named = [{"url": WEST_ENTERPRISES.url("detail", e.pk), "enterprise": e} for e in figures.named_enterprises]
    return render_to_string("industry/_park_figures.html", {
        "f": figures, "park": park, "credit_lines": credit_lines, "named": named,
    }, request)


@object_panel("industry.signingevent", order=10)
def signing_totals_panel(request, event):
    totals = signing_totals(user=request.user, event=event)
    rows = [{
        "label": t.label, "projects": t.projects, "agreements": t.agreements,
        "amount": str(t.amount) if t.amount.records else "", "kinds": "、".join(t.amount_kinds),
        "aggregate": bool(t.projects.aggregate or t.amount.aggregate or t.agreements.aggregate),
    } for t in totals.by_type]
    return render_to_string("industry/_signing_totals.html", {
        "rows": rows, "totals": totals, "amount": format_money(totals.amount.total) if totals.amount.records else "",
    }, request)
