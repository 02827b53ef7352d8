"""What the generic ledger pages cannot show by themselves: derived figures, as panels on a record's page."""

import datetime

from django.template.loader import render_to_string

from shanhai.core.views import object_panel

from .selectors import quota_completions


@object_panel("talent.quotaplan", order=10)
def quota_completion_panel(request, plan):
    rows = quota_completions(user=request.user, plan=plan)
    return render_to_string("talent/_quota_completion.html", {"plan": plan, "rows": rows}, request)


@object_panel("talent.talentplacement", order=10)
def months_served_panel(request, placement):
    today = datetime.date.today()
    return render_to_string("talent/_months_served.html", {
        "p": placement, "today": today, "months": placement.months_served(today),
        "serving": placement.serving_on(today) and placement.start_date is not None,
    }, request)
