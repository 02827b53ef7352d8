"""What the generic ledger pages cannot show by themselves: derived figures, as panels on a record's page."""

from django.template.loader import render_to_string

from shanhai.core.money import format_money
from shanhai.core.views import object_panel

from .ledgers import CHARITY_FUNDS
from .selectors import fund_balances


def _part(fen: int) -> str:
    return format_money(fen) if fen else ""


@object_panel("social.charityfund", order=10)
def fund_balance_panel(request, fund):
    balances = fund_balances(user=request.user, fund=fund)
    rows = [{
        "name": b.fund.name, "url": CHARITY_FUNDS.url("detail", b.fund.pk), "indent": f"{0.5 + 1.5 * b.depth}em",
        "receipts": str(b.receipts), "itemised": _part(b.receipts.itemised), "aggregate": _part(b.receipts.aggregate),
        "disbursements": str(b.disbursements), "balance": b.balance_text,
    } for b in balances]
    return render_to_string("social/_fund_balance.html", {"rows": rows, "total": balances[0]}, request)
