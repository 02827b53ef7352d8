
"""What the generic ledger pages cannot show by themselves: derived figures, as panels.

A region's page shows the sales touching it per pairing, year and channel, in tonnes and money,
itemised and aggregate apart; a channel's page, the outlets it opened. (The pairing page renders no
panels yet; per-pairing figures are on the region page and in ``api.SalesFiguresViewSet``.)
"""

from django.template.loader import render_to_string

from shanhai.core.money import format_money
from shanhai.core.views import object_panel

from .ledgers import SALES, SALES_CHANNELS
from .selectors import (
    channel_figures,
    contracts_firms,
    sales_by_channel,
    sales_by_pairing,
    sales_by_year,
    sales_total,
)


def _row(label, t) -> dict:
    return {
        "label": label,
        "amount": str(t.amount)
        if t.amount.records else "—",
        "amount_itemised": format_money(t.amount.itemised) if t.amount.itemised else "",
        "amount_aggregate": format_money(t.amount.aggregate) if t.amount.aggregate else "",
        "mass": str(t.mass) if t.mass.records else "—",
        "poor": str(t.poor_people_driven) if t.poor_people_driven.records else "—",
        "records": t.records, "amount_unknown": t.amount_unknown, "poor_unknown": t.poor_unknown,
    }


@object_panel("regions.region", order=70)
def region_consumption(request, region):
    """Sales touching a region's subtree (either side): per pairing filed under, year and channel."""
    user, prefix = request.user, region.prefix
    total = sales_total(user=user, region_prefix=prefix)
    firms = contracts_firms(user=user, region_prefix=prefix)
    if not total.records and not firms.records:
        return None
    return render_to_string("consumption/_region_consumption.html", {
        "total": _row("合计", total),
        "pairings": [_row(f"{p.reference} {p}", t) for p, t in sales_by_pairing(user=user, region_prefix=prefix)],
        "years": [_row(f"{year} 年", t) for year, t in sales_by_year(user=user, region_prefix=prefix).items()],
        "channels": [_row(k.name if k else "渠道未载", t) for k, t in sales_by_channel(user=user, region_prefix=prefix)],
        "firms": firms, "sales_url": SALES.url("list") + f"?region={prefix}",
    }, request)


@object_panel("consumption.saleschannel", order=10)
def channel_panel(request, channel):
    figures = channel_figures(user=request.user, channel=channel)
    outlets = [
        {"name": c.name, "url": SALES_CHANNELS.url("detail", c.pk), "count": c.count_text, "basis": c.get_basis_display()}
        for c in channel.outlets.visible_to(request.user).order_by("reference")
    ]
    return render_to_string("consumption/_channel.html", {
        "figures": figures, "outlets": outlets, "sales": _row("经本渠道销售", figures.sales),
    }, request)
