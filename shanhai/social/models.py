"""Social assistance (社会帮扶, SPEC item 12): donations in cash or in kind."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shanhai.core.money import MoneyField, format_money
from shanhai.core.records import LedgerRecord, qualified
from shanhai.orgs.models import Organisation
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region


class DonationForm(models.TextChoices):
    CASH = "cash", _("现金")
    IN_KIND = "in_kind", _("物资")


class Donation(LedgerRecord):
    """A gift from the east to the west. In kind it is valued in yuan, or marked unvalued (no amount)."""

    east_region_field = "donor_region"
    west_region_field = "recipient_region"

    donor_name = models.CharField(_("捐赠方"), max_length=120)
    donor_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="donations_given", verbose_name=_("捐赠单位")
    )
    donor_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("捐赠方区划"))
    recipient_name = models.CharField(_("受赠方"), max_length=120)
    recipient_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="donations_received", verbose_name=_("受赠单位")
    )
    recipient_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("受赠方区划"))
    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="donations", verbose_name=_("所属结对"))
    year = models.PositiveSmallIntegerField(_("年度"))
    date = models.DateField(_("日期"), null=True, blank=True)
    form = models.CharField(_("形式"), max_length=8, choices=DonationForm.choices, default=DonationForm.CASH)
    amount = MoneyField(_("金额"), null=True, blank=True, help_text=_("物资可折价；未折价的物资留空"))
    items = models.CharField(_("物资"), max_length=200, blank=True)
    purpose = models.CharField(_("用途"), max_length=200, blank=True)
    item_count = models.PositiveIntegerField(_("笔数"), null=True, blank=True, help_text=_("汇总记录代表的捐赠笔数（已知时）"))

    class Meta:
        verbose_name = _("捐赠")
        verbose_name_plural = _("捐赠")
        ordering = ["-year", "-date", "reference"]
        indexes = [
            models.Index(fields=["donor_region"], name="donation_donor_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["recipient_region"], name="donation_recipient_prefix", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self):
        return f"{self.donor_name} → {self.recipient_name} {self.amount_text}"

    @property
    def amount_text(self) -> str:
        if self.amount is None:
            return str(_("未折价"))
        return qualified(format_money(self.amount), self.qualifier)

    def clean(self):
        errors = {}
        if self.form == DonationForm.CASH and self.amount is None:
            errors["amount"] = _("现金捐赠须填金额。")
        if self.form == DonationForm.IN_KIND and not self.items:
            errors["items"] = _("物资捐赠须写明物资。")
        if self.amount is not None and self.amount < 0:
            errors["amount"] = _("金额不能为负。")
        if self.date and self.year and self.date.year != self.year:
            errors["year"] = _("年度与日期不符（日期在 %(y)s 年）。") % {"y": self.date.year}
        if errors:
            raise ValidationError(errors)
        if self.donor_org_id and not self.donor_region_id:
            self.donor_region_id = self.donor_org.region_id
        if self.recipient_org_id and not self.recipient_region_id:
            self.recipient_region_id = self.recipient_org.region_id
