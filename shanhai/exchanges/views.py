"""What the generic ledger pages cannot show by themselves: a visit's linked records, as a panel."""

from django.template.loader import render_to_string

from shanhai.core.ledger import ledger_for_model
from shanhai.core.views import object_panel

from .ledgers import JOINT_MEETINGS
from .selectors import visit_links


def _url(obj) -> str:
    ledger = ledger_for_model(type(obj))
    return ledger.url("detail", obj.pk) if ledger else ""


@object_panel("exchanges.visit", order=10)
def visit_links_panel(request, visit):
    links = visit_links(user=request.user, visit=visit)
    donation, signing = links["donation"], links["signing_event"]
    return render_to_string("exchanges/_visit_links.html", {
        "visit": visit,
        "donation": donation, "donation_url": _url(donation) if donation else "",
        "signing": signing, "signing_url": _url(signing) if signing else "",
        "meetings": [{"m": m, "url": JOINT_MEETINGS.url("detail", m.pk)} for m in links["joint_meetings"]],
    }, request)
