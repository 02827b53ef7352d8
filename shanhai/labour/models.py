"""Labour cooperation (劳务协作, SPEC item 9): labour stations, job fairs, jobs offered a year, order
classes, organised transport and employment outcomes.

A record lies on both sides: the eastern region that gives the jobs and the western region the
workers come from. Where offices know only counts ("233 poor workers in stable jobs"), an outcome is
a counted group (basis 汇总), never invented people. Whether a group is in *stable* employment is
derived from its start and months kept by a rule held as data (``StabilityRule``), not typed in;
what the source itself calls stable is kept apart (``reported_stable``).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shanhai.core.models import ReferenceKind, Side
from shanhai.core.records import Basis, LedgerRecord, check_year_of_date, qualified
from shanhai.orgs.models import Organisation
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region


def _poor_within(errors: dict, total, poor, field: str):
    if total is not None and poor is not None and poor > total:
        errors[field] = _("其中贫困人数不能多于总人数。")


class LabourStation(LedgerRecord):
    """A labour cooperation station (劳务协作站/驿站) the two sides set up."""

    east_region_field = "east_region"
    west_region_field = "west_region"

    name = models.CharField(_("名称"), max_length=120)
    place = models.CharField(_("地点"), max_length=120, blank=True, help_text=_("来源未载留空"))
    east_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("东部设立单位")
    )
    east_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("东部区划"))
    west_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("西部设立单位")
    )
    west_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("西部区划"))
    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="labour_stations", verbose_name=_("所属结对")
    )
    opened_year = models.PositiveSmallIntegerField(_("设立年度"), null=True, blank=True)
    opened_on = models.DateField(_("设立日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("劳务协作站")
        verbose_name_plural = _("劳务协作站")
        ordering = ["reference"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.east_org_id and not self.east_region_id:
            self.east_region_id = self.east_org.region_id
        if self.west_org_id and not self.west_region_id:
            self.west_region_id = self.west_org.region_id
        if self.opened_on and not self.opened_year:
            self.opened_year = self.opened_on.year
        errors = {}
        check_year_of_date(errors, self.opened_year, self.opened_on, "opened_year")
        if errors:
            raise ValidationError(errors)


class JobFair(LedgerRecord):
    """A job fair or recruitment event (招聘会、专场招聘): jobs offered, attendees, contracts signed on the
    day. An aggregate ("举办招聘会12场") says how many fairs it stands for; a year is enough for it."""

    east_region_field = "east_region"
    west_region_field = "west_region"
    main_figure = "jobs_offered"  # the number the row's 数额限定 speaks of

    name = models.CharField(_("名称"), max_length=160)
    date = models.DateField(_("日期"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    place = models.CharField(_("地点"), max_length=120, blank=True)
    organiser = models.CharField(_("主办方"), max_length=160, blank=True)
    east_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("东部区划"))
    west_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("西部区划"))
    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="job_fairs", verbose_name=_("所属结对")
    )
    sessions = models.PositiveIntegerField(
        _("场次"), null=True, blank=True,
        help_text=_("汇总记录填它代表的场次；逐笔登记的一条为 1 场，可空。汇总而来源未载的留空，不按 1 计"),
    )
    employers = models.PositiveIntegerField(_("参与企业"), null=True, blank=True)
    jobs_offered = models.PositiveIntegerField(_("提供岗位"), null=True, blank=True)
    attendees = models.PositiveIntegerField(_("求职人数"), null=True, blank=True)
    signed = models.PositiveIntegerField(_("达成意向/签约人数"), null=True, blank=True)

    class Meta:
        verbose_name = _("招聘会")
        verbose_name_plural = _("招聘会")
        ordering = ["-year", "-date", "reference"]
        indexes = [models.Index(fields=["-year", "-date", "reference"], name="jobfair_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        return self.name

    def clean(self):
        if self.date and not self.year:
            self.year = self.date.year
        errors = {}
        check_year_of_date(errors, self.year, self.date)
        if self.sessions == 0:
            errors["sessions"] = _("不知道的请留空，不要填 0。")
        if self.signed is not None and self.attendees is not None and self.signed > self.attendees:
            errors["signed"] = _("签约人数不能多于求职人数。")
        if errors:
            raise ValidationError(errors)


class JobsOffered(LedgerRecord):
    """Jobs the east offers the west in a year ("昆山每年提供1.3万多个就业岗位": 13,000, 以上)."""

    east_region_field = "east_region"
    west_region_field = "west_region"
    keeper_side = Side.EAST  # eastern employers' posts
    main_figure = "jobs"  # the number the row's 数额限定 speaks of

    offered_by = models.CharField(_("提供方"), max_length=120)
    east_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("提供方区划"))
    offered_to = models.CharField(_("面向"), max_length=120)
    west_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("面向区划"))
    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="jobs_offered", verbose_name=_("所属结对")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    jobs = models.PositiveIntegerField(_("岗位数"))
    per_year = models.BooleanField(_("每年"), default=False, help_text=_("来源说的是“每年”而非某一年的实数"))

    class Meta:
        verbose_name = _("提供就业岗位")
        verbose_name_plural = _("提供就业岗位")
        ordering = ["-year", "reference"]
        indexes = [models.Index(fields=["-year", "reference"], name="jobsoffered_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        return f"{self.offered_by} {self.year}年 {self.jobs_text}"

    @property
    def jobs_text(self) -> str:
        return qualified(f"{self.jobs:,} 个", self.qualifier)


class OrderClass(LedgerRecord):
    """An order class (订单班/定制班): a western school trains for an eastern employer."""

    east_region_field = "employer_region"
    west_region_field = "school_region"
    main_figure = "students"  # the number the row's 数额限定 speaks of

    name = models.CharField(_("班级名称"), max_length=120)
    school_name = models.CharField(_("学校"), max_length=120)
    school_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("学校单位")
    )
    school_region = models.ForeignKey(Region, on_delete=models.PROTECT, blank=True, related_name="+", verbose_name=_("学校区划"))
    employer_name = models.CharField(_("合作企业"), max_length=120)
    employer_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("合作企业单位")
    )
    employer_region = models.ForeignKey(Region, on_delete=models.PROTECT, blank=True, related_name="+", verbose_name=_("企业区划"))
    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="order_classes", verbose_name=_("所属结对")
    )
    major = models.CharField(_("专业"), max_length=80, blank=True)
    year = models.PositiveSmallIntegerField(_("开班年度"), null=True, blank=True)
    students = models.PositiveIntegerField(_("学生人数"), null=True, blank=True, help_text=_("来源未载留空，不填 0"))
    poor_students = models.PositiveIntegerField(_("其中建档立卡贫困学生"), null=True, blank=True)
    promise = models.CharField(_("就业安排"), max_length=200, blank=True, help_text=_("如 毕业后可到企业就业"))

    class Meta:
        verbose_name = _("订单班")
        verbose_name_plural = _("订单班")
        ordering = ["reference"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.school_org_id and not self.school_region_id:
            self.school_region_id = self.school_org.region_id
        if self.employer_org_id and not self.employer_region_id:
            self.employer_region_id = self.employer_org.region_id
        errors = {}
        if self.school_region_id is None:
            errors["school_region"] = _("请填学校区划（或选已登记的学校单位）。")
        if self.employer_region_id is None:
            errors["employer_region"] = _("请填企业区划（或选已登记的企业单位）。")
        _poor_within(errors, self.students, self.poor_students, "poor_students")
        if errors:
            raise ValidationError(errors)


class TransportMode(models.TextChoices):
    CHARTER_FLIGHT = "charter_flight", _("包机")
    CHARTER_TRAIN = "charter_train", _("专列")
    CHARTER_BUS = "charter_bus", _("包车")
    ORGANISED = "organised", _("组织输送（方式未载）")


class OrganisedTransport(LedgerRecord):
    """Workers taken east together: a charter flight, a train, buses, or batches sent over a year."""

    east_region_field = "to_region"
    west_region_field = "from_region"
    keeper_side = Side.WEST  # the home county organises the journey
    main_figure = "workers"  # the number the row's 数额限定 speaks of

    name = models.CharField(_("名称"), max_length=160, help_text=_("如 MU7720“复工号”专机"))
    mode = models.CharField(_("方式"), max_length=16, choices=TransportMode.choices)
    flight_number = models.CharField(_("航班/车次"), max_length=20, blank=True)
    date = models.DateField(_("日期"), null=True, blank=True, help_text=_("来源未载留空，填年度"))
    year = models.PositiveSmallIntegerField(_("年度"))
    batches = models.PositiveIntegerField(_("批次"), null=True, blank=True)
    workers = models.PositiveIntegerField(_("人数"))
    poor_workers = models.PositiveIntegerField(_("其中建档立卡贫困人口"), null=True, blank=True, help_text=_("来源未载留空，不填 0"))
    employer_name = models.CharField(_("用工单位"), max_length=160, blank=True)
    employer_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("用工单位（已登记）")
    )
    via = models.CharField(_("组织方/中介"), max_length=120, blank=True, help_text=_("如 苏州文鼎集团"))
    from_place = models.CharField(_("出发地"), max_length=120)
    from_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("出发地区划"))
    to_place = models.CharField(_("目的地"), max_length=120)
    to_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("目的地区划"))
    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="transports", verbose_name=_("所属结对")
    )

    class Meta:
        verbose_name = _("组织输送")
        verbose_name_plural = _("组织输送")
        ordering = ["-year", "-date", "reference"]
        indexes = [models.Index(fields=["-year", "-date", "reference"], name="transport_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        return self.name

    def clean(self):
        if self.employer_org_id and not self.employer_name:
            self.employer_name = self.employer_org.name
        if self.date and not self.year:
            self.year = self.date.year
        errors = {}
        check_year_of_date(errors, self.year, self.date)
        _poor_within(errors, self.workers, self.poor_workers, "poor_workers")
        if self.mode == TransportMode.CHARTER_FLIGHT and not self.flight_number:
            errors["flight_number"] = _("包机请填航班号。")
        if errors:
            raise ValidationError(errors)


# ---------------------------------------------------------------- employment outcomes


class DestinationClass(ReferenceKind):
    """Where western workers found work (data): the paired eastern city, elsewhere in the east,
    elsewhere, near home, public-welfare posts. ``in_east`` says which count as transfer east."""

    in_east = models.BooleanField(_("属东部"), default=False)

    class Meta(ReferenceKind.Meta):
        verbose_name = _("就业去向")
        verbose_name_plural = _("就业去向")


class StabilityCounting(models.TextChoices):
    IN_YEAR = "in_year", _("当年在岗月数")
    CONTINUOUS = "continuous", _("连续在岗月数（截至年末）")


class StabilityRule(models.Model):
    """What counts as stable employment (稳定就业) in a year: a table the national office edits.

    "Employed at least 6 months in the year" is one row (``in_year``, 6). A rule applies from
    ``year_from`` to ``year_to`` (open-ended when empty); the row with the latest start wins.
    """

    name = models.CharField(_("名称"), max_length=120)
    min_months = models.PositiveSmallIntegerField(_("最少月数"))
    counting = models.CharField(_("计算口径"), max_length=12, choices=StabilityCounting.choices)
    year_from = models.PositiveSmallIntegerField(_("起始年度"))
    year_to = models.PositiveSmallIntegerField(_("截止年度"), null=True, blank=True)
    source = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("稳定就业认定规则")
        verbose_name_plural = _("稳定就业认定规则")
        ordering = ["-year_from"]

    def __str__(self):
        return f"{self.name}（{self.year_from}–{self.year_to or ''}）"

    def clean(self):
        errors = {}
        if not 1 <= (self.min_months or 0) <= 12:
            errors["min_months"] = _("最少月数应为 1–12。")
        if self.year_to and self.year_from and self.year_to < self.year_from:
            errors["year_to"] = _("截止年度早于起始年度。")
        if errors:
            raise ValidationError(errors)

    def months_counted(self, *, start: datetime.date, months_kept: int, year: int) -> int:
        """Months of the job that count for ``year``: the job covers ``months_kept`` whole months
        from the month it started (the start month counts)."""
        first = start.year * 12 + start.month - 1
        last = first + months_kept - 1  # the last month held
        year_first, year_last = year * 12, year * 12 + 11
        if self.counting == StabilityCounting.IN_YEAR:
            return max(0, min(last, year_last) - max(first, year_first) + 1)
        # Continuous: a job held into the year counts all its months up to the year's end.
        if last < year_first or first > year_last:
            return 0
        return min(last, year_last) - first + 1

    def is_stable(self, *, start: datetime.date, months_kept: int, year: int) -> bool:
        return self.months_counted(start=start, months_kept=months_kept, year=year) >= self.min_months


class EmploymentOutcome(LedgerRecord):
    """Western workers in work: one person (registry later) or a counted group (汇总)."""

    east_region_field = "destination_region"
    west_region_field = "origin_region"
    keeper_side = Side.WEST  # labour outcomes are the western office's (SPEC)
    main_figure = "workers"  # the number the row's 数额限定 speaks of

    origin = models.CharField(_("劳动力来源"), max_length=120)
    origin_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("来源地区划"))
    destination = models.ForeignKey(DestinationClass, on_delete=models.PROTECT, verbose_name=_("就业去向"))
    destination_place = models.CharField(_("就业地"), max_length=120, blank=True)
    destination_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("就业地区划"),
        help_text=_("“张家港等东部城市”等不止一地、或就近就业时可空"),
    )
    employer_name = models.CharField(_("用工单位"), max_length=160, blank=True)
    employer_org = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("用工单位（已登记）")
    )
    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="employment_outcomes", verbose_name=_("所属结对")
    )
    transport = models.ForeignKey(
        OrganisedTransport, on_delete=models.PROTECT, null=True, blank=True, related_name="outcomes",
        verbose_name=_("组织输送"), help_text=_("经组织输送就业的，填输送台账编号"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    start = models.DateField(_("上岗日期"), null=True, blank=True)
    months_kept = models.PositiveSmallIntegerField(_("在岗月数"), null=True, blank=True, help_text=_("截至登记时；未知留空"))
    workers = models.PositiveIntegerField(_("人数"), default=1)
    poor_workers = models.PositiveIntegerField(_("其中建档立卡贫困劳动力"), null=True, blank=True, help_text=_("来源未载留空"))
    reported_stable = models.BooleanField(
        _("来源称稳定就业"), null=True, blank=True,
        help_text=_("来源自己的说法；系统另按认定规则由上岗日期和在岗月数推算，两者分列"),
    )

    class Meta:
        verbose_name = _("就业情况")
        verbose_name_plural = _("就业情况")
        ordering = ["-year", "reference"]
        indexes = [models.Index(fields=["-year", "reference"], name="employment_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        return f"{self.origin} → {self.destination_place or self.destination.name} {self.workers} 人"

    def clean(self):
        if self.employer_org_id and not self.employer_name:
            self.employer_name = self.employer_org.name
        if self.employer_org_id and not self.destination_region_id:
            self.destination_region_id = self.employer_org.region_id
        errors = {}
        if self.basis == Basis.ITEMISED and self.workers != 1:
            errors["workers"] = _("逐人登记时人数为 1；多人请登记为汇总。")
        _poor_within(errors, self.workers, self.poor_workers, "poor_workers")
        if self.start and self.year and self.start.year > self.year:
            errors["start"] = _("上岗日期晚于所填年度。")
        if self.months_kept is not None and self.start is None:
            errors["start"] = _("填了在岗月数，请同时填上岗日期（用于推算稳定就业）。")
        if errors:
            raise ValidationError(errors)
