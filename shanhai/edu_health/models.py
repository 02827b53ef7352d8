"""Education and health pairing (SPEC item 13).

School pairs and hospital pairs are pairings (the pairings app holds them and derives their
coverage: 55 schools ↔ 55 schools, 昆山市中医医院 ↔ 碧江区中医医院 and 15 health centres). What this
app adds is what hangs off them:

- ``HostClass``: a class an eastern school opens for western students (苏州技师学院 "铜仁班").
- ``OneOneOne``: the "1+1+1" schooling scheme (就学扶贫) as one linked record — children studying in
  the east, parents brought to work there, households that leave poverty — itemised (one household)
  or, where offices know only counts, aggregate. A count the source does not give stays empty.
- ``HospitalGoal``: a hospital pair's goal with its dates (Kunshan TCM hospital to bring 碧江区中医医院
  to tier 3 within three years) and whether, and when, it was reached.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from shanhai.core.models import Side
from shanhai.core.records import Basis, LedgerRecord, qualified
from shanhai.orgs.models import Organisation
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region


def _count_text(n, unit: str, qualifier: str = "") -> str:
    return qualified(f"{n:,} {unit}", qualifier) if n is not None else str(_("不详"))


class HostClass(LedgerRecord):
    """A class an eastern school hosts for students from the west (a 定向班 such as 苏州技师学院 "铜仁班")."""

    east_region_field = "school_region"
    west_region_field = "origin_region"
    keeper_side = Side.EAST  # the eastern school's class
    main_figure = "students"  # the number the row's 数额限定 speaks of

    school = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="host_classes", verbose_name=_("承办学校"))
    school_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, blank=True, related_name="+", verbose_name=_("学校所在区划"),
        help_text=_("留空则取学校所在区划"),
    )
    name = models.CharField(_("班级名称"), max_length=60, help_text=_("如 铜仁班"))
    origin_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("生源地区划"))
    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="host_classes", verbose_name=_("所属结对")
    )
    scheme = models.CharField(_("所属项目"), max_length=60, blank=True, help_text=_("如 1+1+1就学扶贫"))
    opened_year = models.PositiveSmallIntegerField(_("开班年度"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("人数所属年度"), help_text=_("招生人数所截至的年度"))
    students = models.PositiveIntegerField(_("在读学生"), null=True, blank=True, help_text=_("来源未载留空，不要估填"))
    poor_students = models.PositiveIntegerField(_("其中建档立卡贫困学生"), null=True, blank=True)
    free_tuition = models.BooleanField(_("免费就读"), null=True, blank=True)

    class Meta:
        verbose_name = _("东部学校定向班")
        verbose_name_plural = _("东部学校定向班")
        ordering = ["-year", "reference"]
        indexes = [models.Index(fields=["-year", "reference"], name="hostclass_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        return f"{self.school}“{self.name}”"

    @property
    def students_text(self) -> str:
        return _count_text(self.students, "名", self.qualifier)

    def clean(self):
        if self.school_id and not self.school_region_id:
            self.school_region_id = self.school.region_id
        errors = {}
        if self.students is not None and self.poor_students is not None and self.poor_students > self.students:
            errors["poor_students"] = _("贫困学生不能多于在读学生。")
        if self.opened_year and self.year and self.opened_year > self.year:
            errors["opened_year"] = _("开班年度晚于人数所属年度。")
        if errors:
            raise ValidationError(errors)


class OneOneOne(LedgerRecord):
    """"1+1+1" 就学扶贫: one child studies in the east, at least one parent works there, one household
    leaves poverty — the three linked in one record.

    Itemised, a record is one household (one child or more, its parents, the household itself);
    aggregate, it holds the counts an office reports. A count not given is unknown (empty), never 0.
    """

    east_region_field = "host_region"
    west_region_field = "origin_region"
    main_figure = "children"  # the number the row's 数额限定 speaks of

    scheme = models.CharField(_("项目名称"), max_length=60, default="1+1+1就学扶贫")
    host_class = models.ForeignKey(
        HostClass, on_delete=models.PROTECT, null=True, blank=True, related_name="one_one_one", verbose_name=_("就读班级")
    )
    host_school = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="one_one_one", verbose_name=_("就读学校"),
        help_text=_("留空则取班级的学校"),
    )
    host_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, blank=True, related_name="+", verbose_name=_("就读地区划"),
        help_text=_("留空则取学校所在区划"),
    )
    origin_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, blank=True, related_name="+", verbose_name=_("户籍地区划"),
        help_text=_("留空则取班级的生源地"),
    )
    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="one_one_one", verbose_name=_("所属结对")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    children = models.PositiveIntegerField(_("来东部就读学生"), null=True, blank=True)
    poor_children = models.PositiveIntegerField(_("其中建档立卡贫困学生"), null=True, blank=True)
    parents_employed = models.PositiveIntegerField(
        _("来东部就业家长"), null=True, blank=True, help_text=_("来源未载留空（不详），不要填 0")
    )
    households_exited = models.PositiveIntegerField(
        _("带动脱贫户"), null=True, blank=True, help_text=_("来源未载留空（不详），不要填 0")
    )
    household_ref = models.CharField(
        _("建档立卡户编号"), max_length=40, blank=True, help_text=_("逐户登记时填写，待与建档立卡库关联")
    )

    class Meta:
        verbose_name = _("“1+1+1”就学扶贫")
        verbose_name_plural = _("“1+1+1”就学扶贫")
        ordering = ["-year", "reference"]
        indexes = [models.Index(fields=["-year", "reference"], name="oneoneone_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        where = self.host_class or self.host_school or self.host_region
        return f"{self.scheme} · {where} · {self.year}"

    @property
    def children_text(self) -> str:
        return _count_text(self.children, "名", self.qualifier)

    @property
    def parents_text(self) -> str:
        return _count_text(self.parents_employed, "人")

    @property
    def households_text(self) -> str:
        return _count_text(self.households_exited, "户")

    def clean(self):
        if self.host_class_id:
            if not self.host_school_id:
                self.host_school_id = self.host_class.school_id
            if not self.host_region_id:
                self.host_region_id = self.host_class.school_region_id
            if not self.origin_region_id:
                self.origin_region_id = self.host_class.origin_region_id
            if not self.pairing_id:
                self.pairing_id = self.host_class.pairing_id
        if self.host_school_id and not self.host_region_id:
            self.host_region_id = self.host_school.region_id
        errors = {}
        if self.host_class_id and self.host_school_id and self.host_class.school_id != self.host_school_id:
            errors["host_school"] = _("就读学校与班级所属学校不符。")
        if not self.host_region_id:
            errors["host_region"] = _("请填就读学校、班级或就读地区划。")
        if not self.origin_region_id:
            errors["origin_region"] = _("请填户籍地区划（或所属班级）。")
        if self.children is not None and self.poor_children is not None and self.poor_children > self.children:
            errors["poor_children"] = _("贫困学生不能多于就读学生。")
        if self.basis == Basis.ITEMISED:
            # One household: its children, its parents, itself.
            if self.households_exited not in (None, 0, 1):
                errors["households_exited"] = _("逐户登记的记录只代表 1 户；多户请登记为汇总。")
            if not self.children:
                errors["children"] = _("逐户登记须填来东部就读的孩子数。")
        if errors:
            raise ValidationError(errors)


class GoalStatus(models.TextChoices):
    UNDERWAY = "underway", _("推进中")
    ACHIEVED = "achieved", _("已实现")
    MISSED = "missed", _("未按期实现")


class HospitalGoal(LedgerRecord):
    """A goal a hospital pair sets itself, with its start and due years and whether it was reached."""

    east_region_field = "helper_region"
    west_region_field = "helped_region"

    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, related_name="hospital_goals", verbose_name=_("医院结对"))
    helper = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="hospital_goals_helped", verbose_name=_("帮扶医院")
    )
    helper_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, blank=True, related_name="+", verbose_name=_("帮扶医院区划"), help_text=_("留空则取医院所在区划")
    )
    helped = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="hospital_goals", verbose_name=_("受帮扶医院")
    )
    helped_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, blank=True, related_name="+", verbose_name=_("受帮扶医院区划"), help_text=_("留空则取医院所在区划")
    )
    goal = models.CharField(_("目标"), max_length=300)
    target_grade = models.CharField(_("目标等级"), max_length=20, blank=True, help_text=_("如 三级"))
    start_year = models.PositiveSmallIntegerField(_("起始年度"))
    due_year = models.PositiveSmallIntegerField(_("目标年度"))
    goal_status = models.CharField(_("进展"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.UNDERWAY)
    achieved_on = models.DateField(_("实现日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("医院帮扶目标")
        verbose_name_plural = _("医院帮扶目标")
        ordering = ["due_year", "reference"]
        indexes = [models.Index(fields=["due_year", "reference"], name="hospgoal_order")]  # the lists' order (Meta.ordering)

    def __str__(self):
        return f"{self.helper} → {self.helped}：{self.goal}"

    @property
    def years(self) -> int:
        """Derived: "三年内" from 2019 is due in 2022."""
        return self.due_year - self.start_year

    @property
    def period_text(self) -> str:
        return f"{self.start_year}—{self.due_year}年（{self.years}年）"

    def clean(self):
        if self.helper_id and not self.helper_region_id:
            self.helper_region_id = self.helper.region_id
        if self.helped_id and not self.helped_region_id:
            self.helped_region_id = self.helped.region_id
        errors = {}
        if self.start_year and self.due_year and self.due_year < self.start_year:
            errors["due_year"] = _("目标年度不能早于起始年度。")
        if self.goal_status == GoalStatus.ACHIEVED and not self.achieved_on:
            errors["achieved_on"] = _("已实现的目标请填实现日期。")
        if self.achieved_on and self.goal_status != GoalStatus.ACHIEVED:
            errors["goal_status"] = _("填了实现日期，进展应为“已实现”。")
        if self.achieved_on and self.start_year and self.achieved_on.year < self.start_year:
            errors["achieved_on"] = _("实现日期早于起始年度。")
        if errors:
            raise ValidationError(errors)
