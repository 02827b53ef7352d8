"""Talent exchange (人才交流, SPEC item 8): people sent either way, the yearly quota plans they fill
(the "six tens"), and training batches.

A placement is one named person (itemised) or, where a report gives only a number, a counted
group (aggregate, ``persons``). Months served and a plan's completion are derived, never stored.
"""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shanhai.core.models import ReferenceKind, Side
from shanhai.core.records import Basis, LedgerRecord, qualified
from shanhai.orgs.models import Organisation
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region


class TalentKind(ReferenceKind):
    """Kinds of people exchanged (data): 党政干部挂职, 驻村干部, 教师, 医生, 农技专家, 科技人才 …"""

    class Meta(ReferenceKind.Meta):
        verbose_name = _("人才类别")
        verbose_name_plural = _("人才类别")


class Direction(models.TextChoices):
    EAST_TO_WEST = "east_to_west", _("东部→西部")
    WEST_TO_EAST = "west_to_east", _("西部→东部")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, held to the month's last day (31 January + 1 month = 28/29 February)."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from ``start`` to ``end``: the largest n with start + n months ≤ end.

    15 November 2019 → 14 February 2020 is 2 months, → 15 February 2020 is 3; the year end does
    not matter. An end before the start is 0.
    """
    if end < start:
        return 0
    n = (end.year - start.year) * 12 + end.month - start.month
    while n > 0 and add_months(start, n) > end:
        n -= 1
    return n


class SidedParties(LedgerRecord):
    """Who is on each side: a name as the source writes it, the registered organisation if any, and
    the region (filled from the organisation when left empty). Scope follows the two regions."""

    east_party = models.CharField(_("东部一方"), max_length=200)
    east_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("东部单位")
    )
    east_region = models.ForeignKey(Region, on_delete=models.PROTECT, blank=True, related_name="+", verbose_name=_("东部区划"))
    west_party = models.CharField(_("西部一方"), max_length=200)
    west_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("西部单位")
    )
    west_region = models.ForeignKey(Region, on_delete=models.PROTECT, blank=True, related_name="+", verbose_name=_("西部区划"))

    class Meta:
        abstract = True

    @property
    def keeper_side(self) -> str:
        """The sending side keeps the record of whom it sent, planned or trained (ADR 010)."""
        return Side.WEST if getattr(self, "direction", "") == Direction.WEST_TO_EAST else Side.EAST

    def parties_clean(self) -> dict:
        if self.east_org_id and not self.east_region_id:
            self.east_region_id = self.east_org.region_id
        if self.west_org_id and not self.west_region_id:
            self.west_region_id = self.west_org.region_id
        errors = {}
        if self.east_region_id is None:
            errors["east_region"] = _("请填东部区划（或选已登记的东部单位）。")
        if self.west_region_id is None:
            errors["west_region"] = _("请填西部区划（或选已登记的西部单位）。")
        return errors


def dates_errors(start, end) -> dict:
    errors = {}
    if start and end and end < start:
        errors["end_date"] = _("结束日期不能早于开始日期。")
    return errors


class TalentPlacement(SidedParties):
    """A person (or a counted group) sent from one side to serve on the other (挂职、支教、支医 …).

    ``direction`` says which side is home: east → west, the eastern party is the home unit and the
    western one the host. ``year`` is the year the placement counts in (the year of dispatch as
    reported), so a plan's completion can be read even where the start date is not known.
    """

    main_figure = "persons"  # the number the row's 数额限定 speaks of

    kind = models.ForeignKey(TalentKind, on_delete=models.PROTECT, verbose_name=_("人才类别"))
    direction = models.CharField(_("方向"), max_length=14, choices=Direction.choices, default=Direction.EAST_TO_WEST)
    person_name = models.CharField(_("姓名"), max_length=60, blank=True, help_text=_("逐人登记时填写；只知人数的汇总记录留空"))
    persons = models.PositiveIntegerField(_("人数"), default=1, help_text=_("逐人登记为 1；汇总记录填人数"))
    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="talent_placements", verbose_name=_("所属结对")
    )
    post = models.CharField(_("挂任职务/岗位"), max_length=200, blank=True, help_text=_("如 碧江区委常委、副区长"))
    year = models.PositiveSmallIntegerField(_("年度"), help_text=_("选派年度（计入当年计划完成）"))
    start_date = models.DateField(_("开始日期"), null=True, blank=True)
    end_date = models.DateField(_("结束日期"), null=True, blank=True, help_text=_("仍在岗的留空"))

    class Meta:
        verbose_name = _("人才交流")
        verbose_name_plural = _("人才交流")
        ordering = ["-year", "kind", "reference"]
        indexes = [models.Index(fields=["-year", "kind", "reference"], name="talent_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        who = self.person_name or _("%(n)s 人") % {"n": self.persons_text}
        return f"{who}（{self.kind}）"

    @property
    def persons_text(self) -> str:
        return qualified(f"{self.persons:,}", self.qualifier)

    @property
    def home_party(self) -> str:
        return self.east_party if self.direction == Direction.EAST_TO_WEST else self.west_party

    @property
    def host_party(self) -> str:
        return self.west_party if self.direction == Direction.EAST_TO_WEST else self.east_party

    @property
    def home_region(self):
        return self.east_region if self.direction == Direction.EAST_TO_WEST else self.west_region

    @property
    def host_region(self):
        return self.west_region if self.direction == Direction.EAST_TO_WEST else self.east_region

    def serving_on(self, day: datetime.date) -> bool:
        return (self.start_date is None or self.start_date <= day) and (self.end_date is None or self.end_date >= day)

    def months_served(self, as_of: datetime.date | None = None) -> int | None:
        """Whole months served: to the end date, or (still serving) to ``as_of`` (default today).
        Unknown (None) without a start date; 0 if ``as_of`` is before the start."""
        if self.start_date is None:
            return None
        as_of = as_of or datetime.date.today()
        end = min(self.end_date, as_of) if self.end_date else as_of
        return months_between(self.start_date, end)

    @property
    def dates_text(self) -> str:
        if not self.start_date:
            return ""
        end = f"{self.end_date:%Y-%m-%d}" if self.end_date else _("至今")
        return f"{self.start_date:%Y-%m-%d} 至 {end}"

    def clean(self):
        errors = self.parties_clean()
        errors.update(dates_errors(self.start_date, self.end_date))
        if self.persons is not None and self.persons < 1:
            errors["persons"] = _("人数至少为 1。")
        elif self.basis == Basis.ITEMISED and self.persons != 1:
            errors["persons"] = _("逐人登记的一条记录为 1 人；只知人数的请登记为汇总。")
        if self.basis == Basis.AGGREGATE and self.person_name:
            errors["person_name"] = _("汇总记录不填姓名；有姓名的请逐人登记。")
        if self.start_date and not self.year:
            self.year = self.start_date.year
        if errors:
            raise ValidationError(errors)


class QuotaPlan(SidedParties):
    """A yearly quota of one kind of people for a pairing (e.g. the "six tens": 10 teachers a year).

    It runs each year from ``first_year`` to ``last_year`` (empty: still in force). Completion is
    derived per year from the placements of that kind and direction filed under the pairing or
    the pairings nested in it (``selectors.quota_completion``).
    """

    main_figure = "target"  # the number the row's 数额限定 speaks of

    plan_name = models.CharField(_("计划名称"), max_length=120, help_text=_("如 人才交流“六个十”计划"))
    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, related_name="quota_plans", verbose_name=_("所属结对"))
    kind = models.ForeignKey(TalentKind, on_delete=models.PROTECT, verbose_name=_("人才类别"))
    direction = models.CharField(_("方向"), max_length=14, choices=Direction.choices, default=Direction.EAST_TO_WEST)
    activity = models.CharField(_("内容"), max_length=120, blank=True, help_text=_("如 优秀教师支教"))
    target = models.PositiveIntegerField(_("每年目标人数"))
    first_year = models.PositiveSmallIntegerField(_("起始年度"))
    last_year = models.PositiveSmallIntegerField(_("截止年度"), null=True, blank=True, help_text=_("留空为长期执行"))

    class Meta:
        verbose_name = _("人才交流计划")
        verbose_name_plural = _("人才交流计划")
        ordering = ["pairing", "kind", "first_year", "reference"]
        indexes = [models.Index(fields=["pairing", "kind", "first_year", "reference"], name="quotaplan_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        return f"{self.plan_name} · {self.kind} {self.target} 人/年"

    @property
    def years_text(self) -> str:
        if self.last_year == self.first_year:
            return f"{self.first_year}年"
        return f"{self.first_year}年起" if self.last_year is None else f"{self.first_year}—{self.last_year}年"

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def clean(self):
        errors = self.parties_clean()
        if self.target is not None and self.target < 1:
            errors["target"] = _("目标人数至少为 1。")
        if self.first_year and self.last_year and self.last_year < self.first_year:
            errors["last_year"] = _("截止年度不能早于起始年度。")
        if not errors and self.pairing_id and self.kind_id and self.first_year:
            overlapping = QuotaPlan.objects.filter(
                pairing_id=self.pairing_id, kind_id=self.kind_id, direction=self.direction,
            ).exclude(pk=self.pk)
            last = self.last_year or 9999
            for other in overlapping:
                if other.first_year <= last and (other.last_year or 9999) >= self.first_year:
                    errors["first_year"] = _("该结对同一类别、方向已有覆盖这些年度的计划：%(ref)s") % {"ref": other.reference}
                    break
        if errors:
            raise ValidationError(errors)


class TrainingBatch(SidedParties):
    """A training batch (培训班): who trained whom, on what, when, and how many (persons, person-times,
    poor persons among them). Where only totals are known the record is aggregate and ``batches``
    says how many batches it stands for; an aggregate whose 期数 the source does not give keeps it
    unknown (blank), never 1."""

    main_figure = "person_times"  # the number the row's 数额限定 speaks of

    topic = models.CharField(_("培训主题"), max_length=200)
    direction = models.CharField(
        _("方向"), max_length=14, choices=Direction.choices, default=Direction.EAST_TO_WEST,
        help_text=_("东部→西部：东部派员赴西部授课；西部→东部：西部人员到东部培训"),
    )
    organiser = models.CharField(_("主办单位"), max_length=200, blank=True)
    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="training_batches", verbose_name=_("所属结对")
    )
    place = models.CharField(_("培训地点"), max_length=120, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    start_date = models.DateField(_("开始日期"), null=True, blank=True)
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    batches = models.PositiveIntegerField(
        _("期数"), null=True, blank=True, help_text=_("逐期登记为 1（可空）；汇总记录填期数，来源未载的留空，不按 1 计"),
    )
    persons = models.PositiveIntegerField(_("培训人数"), null=True, blank=True)
    person_times = models.PositiveIntegerField(_("培训人次"), null=True, blank=True)
    poor_persons = models.PositiveIntegerField(_("其中贫困人口"), null=True, blank=True)

    class Meta:
        verbose_name = _("培训")
        verbose_name_plural = _("培训")
        ordering = ["-year", "-start_date", "reference"]
        indexes = [models.Index(fields=["-year", "-start_date", "reference"], name="training_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        return self.topic

    def clean(self):
        errors = self.parties_clean()
        errors.update(dates_errors(self.start_date, self.end_date))
        if self.start_date and self.year and self.start_date.year != self.year:
            errors["year"] = _("年度与开始日期不符（日期在 %(y)s 年）。") % {"y": self.start_date.year}
        if self.basis == Basis.ITEMISED and self.batches is None:
            self.batches = 1  # an itemised record is one batch
        if self.batches is not None and self.batches < 1:
            errors["batches"] = _("期数至少为 1；不知道的请留空。")
        elif self.basis == Basis.ITEMISED and self.batches != 1:
            errors["batches"] = _("逐期登记的一条记录为 1 期；多期合计的请登记为汇总。")
        if self.persons is not None and self.poor_persons is not None and self.poor_persons > self.persons:
            errors["poor_persons"] = _("贫困人口不能多于培训人数。")
        if self.persons is not None and self.person_times is not None and self.person_times < self.persons:
            errors["person_times"] = _("培训人次不能少于培训人数。")
        if errors:
            raise ValidationError(errors)
