"""Agreements (协议) of a pairing and the ten-haves checklist (“十有”) of a county pair in a year.

The ten items are data (``TenHaveItem``); an item names the rule that decides it from the ledgers
(a key in ``rules.RULES``) or none, when only a person can confirm it. A ``TenHaveCheck`` is that
confirmation: by hand, with a name and, where there is one, an attachment. Whether an item is met
is derived each time (STYLE habit 5), never stored beside the records it comes from.

Documents and attachments are files under ``SHANHAI_UPLOAD_DIR`` (default var/uploads), served
only through scoped views: an agreement's text is read by those who read its pairing.
"""


from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shanhai.core.models import ReferenceKind, Side
from shanhai.core.records import check_year_of_date
from shanhai.core.uploads import ATTACHMENT_VALIDATORS, UPLOADS
from shanhai.pairings.models import Pairing, PairingAttached


class Agreement(PairingAttached):
    """An agreement signed under a pairing (对口帮扶协议, 结对帮扶协议, 共建合作协议…), its text optional."""

    reference = models.CharField(
        _("台账编号"), max_length=40, unique=True, help_text=_("本单位自编的唯一编号；再次导入同一编号即更新该条。")
    )
    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("结对"))
    year = models.PositiveSmallIntegerField(
        _("签订年度"), null=True, blank=True, help_text=_("来源未载的留空；填了签订日期可不填。")
    )
    title = models.CharField(_("协议名称"), max_length=200)
    signed_on = models.DateField(_("签订日期"), null=True, blank=True, help_text=_("来源未载具体日期的留空"))
    precisions = models.JSONField(_("日期精度"), default=dict, blank=True, help_text=_("{字段: month|year}：只知年月或年份的日期"))
    parties = models.TextField(_("签约各方"), blank=True)
    document = models.FileField(
        _("协议文本"), upload_to="agreements/", storage=UPLOADS, blank=True, max_length=200,
        validators=ATTACHMENT_VALIDATORS,
    )
    terms = models.TextField(_("主要内容"), blank=True)
    valid_from = models.PositiveSmallIntegerField(_("有效期起始年度"), null=True, blank=True)
    valid_to = models.PositiveSmallIntegerField(
        _("有效期截止年度"), null=True, blank=True, help_text=_("填了起始年度而此处留空，为长期有效。")
    )
    source = models.CharField(_("来源"), max_length=300, blank=True, help_text=_("数据出处：报告、文件、报道"))
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("协议")
        verbose_name_plural = _("协议")
        ordering = ["pairing__sort_key", "-year", "-signed_on", "reference"]

    def __str__(self):
        return self.title

    @property
    def when_text(self) -> str:
        if self.signed_on:
            from shanhai.core.dates import dated

            return dated(self, "signed_on")  # as precisely as it is known: 2019年3月
        return f"{self.year}年" if self.year else "—"

    @property
    def valid_text(self) -> str:
        if self.valid_from is None:
            return ""
        if self.valid_to is None:
            return f"{self.valid_from}年起"
        return f"{self.valid_from}—{self.valid_to}年"

    def in_force(self, year: int) -> bool:
        """Signed in ``year``, or valid for it: a term without an end runs on; no term, only its year."""
        if self.year == year:
            return True
        if self.valid_from is None:
            return False
        return self.valid_from <= year and (self.valid_to is None or year <= self.valid_to)

    def clean(self):
        errors = {}
        if self.signed_on and not self.year:
            self.year = self.signed_on.year
        if self.signed_on and self.year and self.signed_on.year != self.year:
            errors["year"] = _("年度与日期不符（日期在 %(y)s 年）。") % {"y": self.signed_on.year}
        if self.valid_to is not None and self.valid_from is None:
            errors["valid_from"] = _("填了截止年度，请同时填起始年度。")
        elif self.valid_to is not None and self.valid_to < self.valid_from:
            errors["valid_to"] = _("截止年度不能早于起始年度。")
        if errors:
            raise ValidationError(errors)


class LeadingGroup(PairingAttached):
    """A side's leading group for the cooperation (东西部扶贫协作工作领导小组): who leads it, what it is
    made of, where its office sits and when it was set up. It feeds 组织领导: the figure
    ``leading_groups`` and the briefing."""

    reference = models.CharField(
        _("台账编号"), max_length=40, unique=True, help_text=_("本单位自编的唯一编号；再次导入同一编号即更新该条。")
    )
    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, related_name="leading_groups", verbose_name=_("结对"))
    side = models.CharField(_("所属一方"), max_length=4, choices=Side.choices)
    name = models.CharField(_("领导小组名称"), max_length=120, default="东西部扶贫协作工作领导小组")
    year = models.PositiveSmallIntegerField(_("成立年度"), null=True, blank=True, help_text=_("填了成立日期可不填。"))
    set_up_on = models.DateField(_("成立日期"), null=True, blank=True, help_text=_("只知年月的填年月，如 2018年3月"))
    precisions = models.JSONField(_("日期精度"), default=dict, blank=True, help_text=_("{字段: month|year}：只知年月或年份的日期"))
    leader = models.CharField(_("组长"), max_length=120, blank=True, help_text=_("如 县委书记、县长（双组长）"))
    composition = models.TextField(_("组成"), blank=True, help_text=_("副组长、成员单位等，如 “县委副书记任副组长，27个部门为成员单位”"))
    member_units = models.PositiveIntegerField(_("成员单位数"), null=True, blank=True)
    office = models.CharField(_("办公室设在"), max_length=120, blank=True, help_text=_("如 县扶贫办、县发改局"))
    source = models.CharField(_("来源"), max_length=300, blank=True, help_text=_("数据出处：报告、文件、报道"))
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("领导小组")
        verbose_name_plural = _("领导小组")
        ordering = ["pairing__sort_key", "side", "-year", "reference"]

    def __str__(self):
        return self.name

    @property
    def when_text(self) -> str:
        if self.set_up_on:
            from shanhai.core.dates import dated

            return dated(self, "set_up_on")
        return f"{self.year}年" if self.year else ""

    def clean(self):
        if self.set_up_on and not self.year:
            self.year = self.set_up_on.year
        errors = {}
        check_year_of_date(errors, self.year, self.set_up_on)
        if self.member_units == 0:
            errors["member_units"] = _("成员单位数至少为 1；不知道的请留空。")
        if errors:
            raise ValidationError(errors)


class TenHaveItem(ReferenceKind):
    """One of the ten items (有协议 … 有成效), with the rule that decides it from the ledgers, if any."""

    rule = models.CharField(
        _("判定规则"), max_length=30, blank=True,
        help_text=_("由台账判定该项的规则代码；留空则只能人工确认。"),
    )
    description = models.TextField(_("说明"), blank=True)

    class Meta(ReferenceKind.Meta):
        verbose_name = _("“十有”事项")
        verbose_name_plural = _("“十有”事项")

    def clean(self):
        from .rules import RULES

        if self.rule and self.rule not in RULES:
            raise ValidationError({"rule": _("未知的判定规则“%(key)s”。") % {"key": self.rule}})


class TenHaveCheck(PairingAttached):
    """An item confirmed by hand for a pair and a year: who confirmed it, on what (an attachment)."""

    # PROTECT: a pairing with confirmations is not deleted with them silently (no audit row for each).
    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, related_name="ten_have_checks", verbose_name=_("结对"))
    year = models.PositiveSmallIntegerField(_("年度"))
    item = models.ForeignKey(TenHaveItem, on_delete=models.PROTECT, related_name="checks", verbose_name=_("事项"))
    met = models.BooleanField(_("已达到"), default=True)
    confirmed_by = models.CharField(_("确认人"), max_length=120, help_text=_("确认人姓名或确认单位"))
    attachment = models.FileField(
        _("附件"), upload_to="ten-haves/%Y/", storage=UPLOADS, blank=True, max_length=200,
        validators=ATTACHMENT_VALIDATORS,
        help_text=_("佐证材料：文件、照片、会议纪要等"),
    )
    source = models.CharField(_("来源"), max_length=300, blank=True, help_text=_("佐证出处：报告、文件、报道"))
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("“十有”人工确认")
        verbose_name_plural = _("“十有”人工确认")
        ordering = ["pairing__sort_key", "-year", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["pairing", "year", "item"], name="unique_ten_have_check"),
        ]

    def __str__(self):
        return f"{self.pairing.reference} · {self.year} · {self.item}"

    def clean(self):
        if not (self.confirmed_by or "").strip():
            raise ValidationError({"confirmed_by": _("请填写确认人姓名。")})
        self.confirmed_by = self.confirmed_by.strip()
