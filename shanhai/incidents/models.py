"""Incidents (SPEC item 17): a fire or flood in the west, who it hit, what it destroyed, and the aid
that followed — linked to the donations and projects that gave it, never recorded a second time.

The people hit are counts the office reports (11 households / 39 persons), with how many of them
had already exited poverty and how many were still poor: an unknown count stays empty, never 0.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shanhai.core.models import ReferenceKind, Side
from shanhai.core.money import MoneyField, format_money
from shanhai.core.records import LedgerRecord
from shanhai.core.scope import Action
from shanhai.pairings.models import Pairing
from shanhai.projects.models import Project
from shanhai.regions.models import Region
from shanhai.social.models import Donation


class IncidentKind(ReferenceKind):
    """Kinds of incident (data): 火灾, 洪涝, 地质灾害, 风雹, 干旱, 地震 …"""

    class Meta(ReferenceKind.Meta):
        verbose_name = _("事件类别")
        verbose_name_plural = _("事件类别")


class Incident(LedgerRecord):
    """One event at one place. It lies in the west (its place); an eastern office reads it through
    the pairing it is filed under."""

    east_region_field = "place"
    west_region_field = "place"
    keeper_side = Side.WEST  # it happened in the west
    main_figure = "households_hit"  # the number the row's 数额限定 speaks of

    kind = models.ForeignKey(IncidentKind, on_delete=models.PROTECT, verbose_name=_("事件类别"))
    title = models.CharField(_("事件名称"), max_length=120)
    place = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("发生地区划"))
    place_detail = models.CharField(
        _("具体地点"), max_length=120, blank=True, help_text=_("区划以下的村民组、院落，如 兴龙社区龙田组")
    )
    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="incidents", verbose_name=_("所属结对")
    )
    date = models.DateField(_("发生日期"))
    households_hit = models.PositiveIntegerField(_("受灾户数"), null=True, blank=True)
    persons_hit = models.PositiveIntegerField(_("受灾人数"), null=True, blank=True)
    exited_households_hit = models.PositiveIntegerField(_("其中已脱贫户"), null=True, blank=True)
    exited_persons_hit = models.PositiveIntegerField(_("其中已脱贫人口"), null=True, blank=True)
    poor_households_hit = models.PositiveIntegerField(_("其中未脱贫户"), null=True, blank=True)
    poor_persons_hit = models.PositiveIntegerField(_("其中未脱贫人口"), null=True, blank=True)
    damage = models.TextField(_("损失情况"), blank=True)
    main_houses_destroyed = models.PositiveIntegerField(_("烧毁/损毁正房（栋）"), null=True, blank=True)
    main_rooms_destroyed = models.PositiveIntegerField(_("其中正房间数"), null=True, blank=True)
    side_rooms_destroyed = models.PositiveIntegerField(_("烧毁/损毁厢房（间）"), null=True, blank=True)
    direct_loss = MoneyField(_("直接经济损失"), null=True, blank=True, help_text=_("来源未载留空"))

    class Meta:
        verbose_name = _("突发事件")
        verbose_name_plural = _("突发事件")
        ordering = ["-date", "reference"]
        indexes = [models.Index(fields=["-date", "reference"], name="incident_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        return self.title

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def hit_text(self) -> str:
        parts = [f"{n} {unit}" for n, unit in ((self.households_hit, "户"), (self.persons_hit, "人")) if n is not None]
        return " ".join(parts) or str(_("不详"))

    @property
    def direct_loss_text(self) -> str:
        return format_money(self.direct_loss) if self.direct_loss is not None else str(_("不详"))

    def clean(self):
        errors = {}
        pairs = (
            ("households_hit", ("exited_households_hit", "poor_households_hit"), _("户")),
            ("persons_hit", ("exited_persons_hit", "poor_persons_hit"), _("人")),
        )
        for total_name, part_names, unit in pairs:
            total = getattr(self, total_name)
            parts = [getattr(self, n) for n in part_names]
            if total is not None and sum(p for p in parts if p is not None) > total:
                errors[part_names[0]] = _("已脱贫与未脱贫之和超过受灾总数（%(unit)s）。") % {"unit": unit}
        for households, persons in (
            ("households_hit", "persons_hit"), ("exited_households_hit", "exited_persons_hit"),
            ("poor_households_hit", "poor_persons_hit"),
        ):
            h, p = getattr(self, households), getattr(self, persons)
            if h and p is not None and p < h:
                errors[persons] = _("人数少于户数。")
        main, rooms = self.main_houses_destroyed, self.main_rooms_destroyed
        if main is not None and rooms is not None and rooms < main:
            errors["main_rooms_destroyed"] = _("正房间数少于栋数。")
        if self.direct_loss is not None and self.direct_loss < 0:
            errors["direct_loss"] = _("金额不能为负。")
        if errors:
            raise ValidationError(errors)


class IncidentAid(LedgerRecord):
    """Aid that followed an incident: a link to the donation or project that gave it.

    The money stays on the donation (or project) it belongs to; the link only says what it was for,
    so the 100 万元 Kunshan gave for rebuilding after the 龙田组 fire is counted once. It lies where its
    incident lies, and is read by whoever reads the incident.
    """

    east_region_field = "incident__place"
    west_region_field = "incident__place"
    keeper_side = Side.WEST  # with its incident
    scope_pairing_field = ""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="aid", verbose_name=_("事件"))
    donation = models.ForeignKey(
        Donation, on_delete=models.PROTECT, null=True, blank=True, related_name="incident_aid", verbose_name=_("捐赠")
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, null=True, blank=True, related_name="incident_aid", verbose_name=_("项目")
    )
    purpose = models.CharField(_("用途"), max_length=200, blank=True, help_text=_("如 灾后重建"))

    class Meta:
        verbose_name = _("灾后帮扶")
        verbose_name_plural = _("灾后帮扶")
        ordering = ["incident_id", "reference"]
        indexes = [models.Index(fields=["incident", "reference"], name="incidentaid_order")]  # the lists' order (Meta.ordering)
        constraints = [
            models.CheckConstraint(
                condition=Q(donation__isnull=False) | Q(project__isnull=False), name="incidentaid_names_a_record"
            ),
        ]

    def __str__(self):
        return f"{self.incident} ← {self.donation or self.project}"

    @classmethod
    def scope_q(cls, *, prefix: str, side: str, action: str = Action.VIEW) -> Q:
        q = super().scope_q(prefix=prefix, side=side, action=action)
        if prefix and action == Action.VIEW:
            # Whoever reads the incident (an eastern office through its pairing) reads its aid.
            q |= Q(incident__in=Incident.objects.filter(Incident.scope_q(prefix=prefix, side="", action=action)).values("pk"))
        return q

    @property
    def amount(self) -> int | None:
        if self.donation_id:
            return self.donation.amount
        return None

    @property
    def aid_text(self) -> str:
        if self.donation_id:
            d = self.donation
            return f"{d.donor_name} {d.date or d.year} {d.amount_text}"
        return str(self.project)

    def clean(self):
        errors = {}
        if not self.donation_id and not self.project_id:
            errors["donation"] = _("请填捐赠编号或项目编号。")
        if self.donation_id and self.project_id:
            errors["project"] = _("一条只关联一笔捐赠或一个项目；两者都有请分两条登记。")
        if self.incident_id and self.donation_id and self.donation.date and self.donation.date < self.incident.date:
            errors["donation"] = _("捐赠日期早于事件发生日期。")
        if errors:
            raise ValidationError(errors)
