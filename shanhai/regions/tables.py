from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shanhai.core.tables import Column

REGION_COLUMNS = [
    Column(_("区划代码"), lambda r: r.display_code, link=lambda r: reverse("regions:region_detail", args=[r.display_code]), nowrap=True),
    Column(_("名称"), lambda r: r.name, link=lambda r: reverse("regions:region_detail", args=[r.display_code])),
    Column(_("简称"), lambda r: r.short_name),
    Column(_("层级"), lambda r: r.get_level_display(), nowrap=True),
    Column(_("类别"), lambda r: r.get_kind_display(), nowrap=True),
    Column(_("临时代码"), lambda r: _("是") if r.provisional else ""),
]
