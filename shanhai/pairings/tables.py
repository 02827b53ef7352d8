from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shanhai.core.tables import Column

from .selectors import SideCount, pairings_party_totals


def with_same_kind_totals(pairings) -> list:
    """The pairings, each with ``same_kind_totals`` from one batched ``pairings_party_totals`` call."""
    pairings = list(pairings)
    totals = pairings_party_totals(pairings, same_kind=True)
    for pairing in pairings:
        pairing.same_kind_totals = totals[pairing.pk]
    return pairings


def side_count_text(count: SideCount) -> str:
    """'1 逐一 + 7 汇总' — how many are named one by one and how many are only counted."""
    if count.aggregate and count.itemised:
        return _("%(i)s 逐一 + %(a)s 汇总") % {"i": count.itemised, "a": count.aggregate}
    if count.aggregate:
        return _("%(a)s 汇总") % {"a": count.aggregate}
    return _("%(i)s 逐一") % {"i": count.itemised}


def _url(pairing):
    return reverse("pairings:pairing_detail", args=[pairing.pk])


PAIRING_COLUMNS = [
    Column(gettext_lazy("结对编号"), lambda p: p.reference, link=_url, nowrap=True),
    Column(gettext_lazy("名称"), lambda p: p.display_name(), link=_url),
    Column(gettext_lazy("结对类型"), lambda p: p.kind.name, nowrap=True),
    Column(gettext_lazy("形态"), lambda p: p.shape, nowrap=True),
    # Roll-ups over the pairing and those of its kind nested under it (``pairings_party_totals``,
    # attached by the list view): the village pairs read "1 逐一 + 7 汇总", as the seeds count them.
    Column(gettext_lazy("帮扶方（含同类下级）"), lambda p: side_count_text(p.same_kind_totals.helpers), nowrap=True),
    Column(gettext_lazy("受帮扶方（含同类下级）"), lambda p: side_count_text(p.same_kind_totals.helped), nowrap=True),
    Column(gettext_lazy("开始日期"), lambda p: p.start_date, nowrap=True),
    Column(gettext_lazy("结束日期"), lambda p: p.end_date, nowrap=True),
    Column(gettext_lazy("状态"), lambda p: p.get_status_display(), nowrap=True),
]
