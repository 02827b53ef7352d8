from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shanhai.core.tables import Column


def _url(org):
    return reverse("orgs:organisation_detail", args=[org.pk])


ORGANISATION_COLUMNS = [
    Column(_("单位全称"), lambda o: o.name, link=_url),
    Column(_("简称"), lambda o: o.short_name),
    Column(_("单位类别"), lambda o: o.kind.name, nowrap=True),
    Column(_("所在区划"), lambda o: o.region.name, link=lambda o: reverse("regions:region_detail", args=[o.region.display_code])),
    Column(_("区划代码"), lambda o: o.region.display_code, nowrap=True),
    Column(_("统一社会信用代码"), lambda o: o.credit_code, nowrap=True),
]
