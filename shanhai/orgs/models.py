from django.db import models
from django.utils.translation import gettext_lazy as _

from shanhai.core.models import ReferenceKind
from shanhai.core.scope import ScopedModel
from shanhai.core.text import pinyin_initials, pinyin_key
from shanhai.regions.models import Region


class OrgKind(ReferenceKind):
    """Kinds of organisation (data): 政府部门, 国有企业, 商会, 学校, 卫生院 …"""

    class Meta(ReferenceKind.Meta):
        verbose_name = _("单位类别")
        verbose_name_plural = _("单位类别")


class Organisation(ScopedModel):
    # Both sides of a pair read each other's organisations: Bijiang names the Kunshan firm that gave.
    visible_across_pairs = True
    # And the organisations of the city and province above them: a municipal state enterprise acting
    # inside a county pair is named by that pair's offices (ADR 017).
    visible_from_below = True

    name = models.CharField(_("单位全称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=60, blank=True)
    kind = models.ForeignKey(OrgKind, on_delete=models.PROTECT, verbose_name=_("单位类别"))
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("所在区划"))
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    sort_key = models.CharField(_("拼音"), max_length=200, editable=False, db_index=True)
    initials = models.CharField(_("拼音首字母"), max_length=60, editable=False, db_index=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["sort_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["name", "region"], name="unique_org_name_in_region"),
            models.UniqueConstraint(
                fields=["credit_code"], condition=~models.Q(credit_code=""), name="unique_org_credit_code"
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    def clean(self):
        self.name = self.name.strip()
        self.short_name = self.short_name.strip()
        self.sort_key = pinyin_key(self.short_name or self.name)
        self.initials = pinyin_initials(self.short_name or self.name)
