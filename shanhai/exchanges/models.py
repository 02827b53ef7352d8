"""Exchanges (互访交流, SPEC item 14): delegation visits either way, joint meetings (联席会议) and
expos and promotion events (展销会、推介会).

What a visit gave or signed is held in its own ledger (a donation, a signing event) and linked
here by reference, never recorded twice.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shanhai.core.importing import split_list
from shanhai.core.records import LedgerRecord, check_year_of_date
from shanhai.industry.models import SigningEvent
from shanhai.orgs.models import Organisation
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region
from shanhai.social.models import Donation


class Direction(models.TextChoices):
    # The same values and labels as talent.models.Direction: one enum in the API schema.
    EAST_TO_WEST = "east_to_west", _("东部→西部")
    WEST_TO_EAST = "west_to_east", _("西部→东部")


class ExchangeRecord(LedgerRecord):
    """An exchange between the two sides: who on each side (a name as the source writes it, the
    registered organisation if any, the region), when, and the pairing it is filed under."""

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
    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("所属结对")
    )

    class Meta:
        abstract = True

    def fill_year(self) -> None:
        """A record dated but without its year takes the year of its start; an aggregate may give only the year."""
        start = getattr(self, "start_date", None)
        if isinstance(start, datetime.date) and not getattr(self, "year", None):
            self.year = start.year

    def clean_fields(self, exclude=None):
        if "year" in {f.name for f in self._meta.concrete_fields}:
            self.fill_year()
        super().clean_fields(exclude=exclude)

    def count_errors(self, errors: dict, *fields: str) -> None:
        """A count an aggregate states (批次、场次、次数) is at least 1; unknown is left blank."""
        for name in fields:
            if getattr(self, name) == 0:
                errors[name] = _("不知道的请留空，不要填 0。")

    def exchange_errors(self) -> dict:
        if self.east_org_id and not self.east_region_id:
            self.east_region_id = self.east_org.region_id
        if self.west_org_id and not self.west_region_id:
            self.west_region_id = self.west_org.region_id
        errors = {}
        if self.east_region_id is None:
            errors["east_region"] = _("请填东部区划（或选已登记的东部单位）。")
        if self.west_region_id is None:
            errors["west_region"] = _("请填西部区划（或选已登记的西部单位）。")
        start, end = getattr(self, "start_date", None), getattr(self, "end_date", None)
        if start and end and end < start:
            errors["end_date"] = _("结束日期不能早于开始日期。")
        if hasattr(self, "start_date"):
            self.fill_year()
            if not self.year:
                errors["year"] = _("请填年度或开始日期（汇总记录只知年度的可不填日期）。")
            check_year_of_date(errors, self.year, start)
        return errors


def dates_text(record, start: str = "start_date", end: str = "end_date") -> str:
    """A record's dates as precisely as each is known: 2020-06-03 至 2020-06-05, 2020年6月."""
    from shanhai.core.dates import dated

    if getattr(record, start) is None:
        return ""
    if getattr(record, end) and getattr(record, end) != getattr(record, start):
        return f"{dated(record, start)} 至 {dated(record, end)}"
    return dated(record, start)


class Visit(ExchangeRecord):
    """A delegation visit (考察、互访): from one side to the other, its leader, size, the sites it
    saw and the meetings it held, and what it gave or signed (linked records)."""

    main_figure = "people"  # the number the row's 数额限定 speaks of

    name = models.CharField(_("考察团/活动"), max_length=200, help_text=_("如 张浦镇考察团"))
    direction = models.CharField(_("方向"), max_length=14, choices=Direction.choices, default=Direction.EAST_TO_WEST)
    year = models.PositiveSmallIntegerField(
        _("年度"), blank=True, help_text=_("空则取开始日期的年份；只知年度的汇总记录可不填日期"),
    )
    start_date = models.DateField(_("开始日期"), null=True, blank=True)
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    leader = models.CharField(_("带队领导"), max_length=120, blank=True, help_text=_("如 市委书记陈昌旭"))
    trips = models.PositiveIntegerField(
        _("批次/次数"), null=True, blank=True,
        help_text=_("汇总记录填它代表的批次（如“先后32批次”填 32）；逐笔登记的一条为 1 次，可空。汇总而来源未载的留空，不按 1 计"),
    )
    person_times = models.PositiveIntegerField(
        _("人次"), null=True, blank=True, help_text=_("汇总记录填合计人次；逐笔登记的可空（按团组人数计）"),
    )
    people = models.PositiveIntegerField(_("团组人数"), null=True, blank=True, help_text=_("一次考察的团组人数；来源未载的留空"))
    places = models.CharField(_("考察地区"), max_length=300, blank=True)
    sites_count = models.PositiveIntegerField(_("考察点数"), null=True, blank=True)
    sites = models.TextField(_("考察点"), blank=True, help_text=_("以、或；分隔；来源只列出部分的，在备注中说明"))
    meetings_count = models.PositiveIntegerField(_("座谈会数"), null=True, blank=True)
    meetings = models.TextField(_("座谈会"), blank=True)
    activities = models.TextField(_("主要活动"), blank=True)
    donation = models.ForeignKey(
        Donation, on_delete=models.PROTECT, null=True, blank=True, related_name="visits", verbose_name=_("捐赠（台账编号）"),
        help_text=_("考察期间的捐赠，填捐赠台账编号"),
    )
    signing_event = models.ForeignKey(
        SigningEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="visits",
        verbose_name=_("签约活动（台账编号）"), help_text=_("考察期间的签约，填签约活动台账编号"),
    )

    class Meta:
        verbose_name = _("考察互访")
        verbose_name_plural = _("考察互访")
        ordering = ["-year", "-start_date", "reference"]
        indexes = [models.Index(fields=["-year", "-start_date", "reference"], name="visit_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        return f"{self.name}（{dates_text(self, end='start_date')}）" if self.start_date else self.name

    @property
    def dates_text(self) -> str:
        return dates_text(self)

    @property
    def when_text(self) -> str:
        """The dates, or the year(s) where the source gives no date."""
        return self.dates_text or (f"{self.years_text}年" if self.year else "")

    @property
    def from_party(self) -> str:
        return self.east_party if self.direction == Direction.EAST_TO_WEST else self.west_party

    @property
    def to_party(self) -> str:
        return self.west_party if self.direction == Direction.EAST_TO_WEST else self.east_party

    @property
    def sites_list(self) -> list[str]:
        return split_list(self.sites)

    def _within(self, day) -> bool:
        return day is None or self.start_date is None or self.start_date <= day <= (self.end_date or self.start_date)

    def clean(self):
        errors = self.exchange_errors()
        self.count_errors(errors, "trips", "person_times")
        if self.sites_count is not None and len(self.sites_list) > self.sites_count:
            errors["sites"] = _("列出的考察点（%(n)s 个）多于考察点数。") % {"n": len(self.sites_list)}
        if self.donation_id and not self._within(self.donation.date):
            errors["donation"] = _("捐赠日期（%(d)s）不在考察日期内。") % {"d": self.donation.date}
        if self.signing_event_id and self.start_date:
            event = self.signing_event
            end = self.end_date or self.start_date
            if event.start_date > end or (event.end_date or event.start_date) < self.start_date:
                errors["signing_event"] = _("签约活动日期（%(d)s）与考察日期不相交。") % {"d": event.dates_text}
        if errors:
            raise ValidationError(errors)


class MeetingKind(models.TextChoices):
    JOINT = "joint", _("联席会议（双方）")
    EAST = "east", _("东部专题会议")
    WEST = "west", _("西部专题会议")


class JointMeeting(ExchangeRecord):
    """A joint meeting of the pair (联席会议), or one side's own meeting on the cooperation (党委常委会、
    专题会议): date (or only the year, or the visit it was held during), place, participants and what it
    decided. An aggregate ("召开专题会议12次") says how many meetings it stands for."""

    main_figure = "participants_count"  # the number the row's 数额限定 speaks of

    name = models.CharField(_("会议名称"), max_length=200)
    kind = models.CharField(
        _("会议类型"), max_length=8, choices=MeetingKind.choices, default=MeetingKind.JOINT,
        help_text=_("双方的联席会议，或一方研究东西部协作的党委常委会、专题会议"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    sessions = models.PositiveIntegerField(
        _("次数"), null=True, blank=True,
        help_text=_("汇总记录填它代表的会议次数；逐笔登记的一条为 1 次，可空。汇总而来源未载的留空，不按 1 计"),
    )
    date = models.DateField(_("日期"), null=True, blank=True, help_text=_("来源未载具体日期的留空"))
    place = models.CharField(_("地点"), max_length=120, blank=True)
    participants = models.TextField(_("参会方"), blank=True)
    participants_count = models.PositiveIntegerField(_("参会人数"), null=True, blank=True)
    visit = models.ForeignKey(
        Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="joint_meetings",
        verbose_name=_("召开期间的考察（台账编号）"),
    )
    decisions = models.TextField(_("会议内容/议定事项"), blank=True)

    class Meta:
        verbose_name = _("联席会议")
        verbose_name_plural = _("联席会议")
        ordering = ["-year", "-date", "reference"]
        indexes = [models.Index(fields=["-year", "-date", "reference"], name="jointmeeting_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        return self.name

    @property
    def when_text(self) -> str:
        if self.date:
            from shanhai.core.dates import dated

            return dated(self, "date")
        if self.visit_id:
            return f"{self.visit.dates_text}（{_('考察期间')}）"
        return f"{self.year}年"

    def clean(self):
        errors = self.exchange_errors()
        self.count_errors(errors, "sessions")
        check_year_of_date(errors, self.year, self.date)
        if self.visit_id:
            if self.date and not self.visit._within(self.date):
                errors["date"] = _("会议日期不在所填考察的日期内。")
            if self.year and self.visit.year and self.visit.year != self.year:
                errors["year"] = _("年度与所填考察的年度不符。")
        if errors:
            raise ValidationError(errors)


class PromotionKind(models.TextChoices):
    EXPO = "expo", _("展销会/博览会")
    PROMOTION = "promotion", _("推介会")
    PUBLICITY = "publicity", _("宣传活动/流动宣传车")
    OTHER = "other", _("其他")


class PromotionEvent(ExchangeRecord):
    """An expo, promotion or publicity event (展销会、推介会、宣传活动、流动宣传车): where, when, what the
    western side did there, what was launched and signed. Sales and contracts made there belong to the
    consumption ledger; a signing with counted projects to the signing ledger (linked). An aggregate
    ("开展流动宣传车宣传40场次") says how many events it stands for."""

    name = models.CharField(_("活动名称"), max_length=200)
    event_type = models.CharField(_("类型"), max_length=10, choices=PromotionKind.choices, default=PromotionKind.EXPO)
    year = models.PositiveSmallIntegerField(
        _("年度"), blank=True, help_text=_("空则取开始日期的年份；只知年度的汇总记录可不填日期"),
    )
    sessions = models.PositiveIntegerField(
        _("场次"), null=True, blank=True,
        help_text=_("汇总记录填它代表的场次；逐笔登记的一条为 1 场，可空。汇总而来源未载的留空，不按 1 计"),
    )
    start_date = models.DateField(_("开始日期"), null=True, blank=True)
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=120, blank=True)
    organiser = models.CharField(_("主办方"), max_length=200, blank=True)
    activities = models.TextField(_("活动情况"), blank=True, help_text=_("展台、推介会、出席领导等"))
    launched = models.TextField(_("启动/成立"), blank=True, help_text=_("如 成立的联盟"))
    signed = models.TextField(_("签订的协议"), blank=True)
    agreements = models.PositiveIntegerField(_("签订协议数"), null=True, blank=True, help_text=_("来源未载的留空"))
    signing_event = models.ForeignKey(
        SigningEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="promotion_events",
        verbose_name=_("签约活动（台账编号）"),
    )

    class Meta:
        verbose_name = _("展销推介活动")
        verbose_name_plural = _("展销推介活动")
        ordering = ["-year", "-start_date", "reference"]
        indexes = [models.Index(fields=["-year", "-start_date", "reference"], name="promotion_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        return self.name

    @property
    def dates_text(self) -> str:
        return dates_text(self)

    @property
    def when_text(self) -> str:
        return self.dates_text or (f"{self.years_text}年" if self.year else "")

    def clean(self):
        errors = self.exchange_errors()
        self.count_errors(errors, "sessions")
        if self.agreements and not self.signed:
            errors["signed"] = _("填了协议数，请写明签订了什么协议。")
        if errors:
            raise ValidationError(errors)
