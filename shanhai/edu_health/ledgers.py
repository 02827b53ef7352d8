from django.utils.translation import gettext_lazy as _

from shanhai.core.ledger import Ledger, register_ledger
from shanhai.core.tables import Column

from . import services
from .models import HospitalGoal, HostClass, OneOneOne

BASIS_AND_SOURCE = ["basis", "qualifier", "source", "note"]
GROUP = _("教育医疗结对")

HOST_CLASS_FIELDS = [
    "reference", "school", "school_region", "name", "origin_region", "pairing", "scheme", "opened_year", "year",
    "students", "poor_students", "free_tuition", *BASIS_AND_SOURCE,
]

HOST_CLASSES = register_ledger(Ledger(
    model=HostClass,
    slug="host-classes",
    title=_("东部学校定向班"),
    group=GROUP,
    order=80,
    description=_("东部学校为西部学生开设的班级（如苏州技师学院“铜仁班”）：学校、生源地、在读与贫困学生；人数不详的留空。"),
    columns=[
        Column(_("编号"), lambda c: c.reference, link=lambda c: HOST_CLASSES.url("detail", c.pk), nowrap=True),
        Column(_("承办学校"), lambda c: c.school.name),
        Column(_("班级名称"), lambda c: c.name),
        Column(_("所属项目"), lambda c: c.scheme),
        Column(_("人数所属年度"), lambda c: c.year, numeric=True),
        Column(_("在读学生"), lambda c: c.students, numeric=True),
        Column(_("其中贫困学生"), lambda c: c.poor_students, numeric=True),
        Column(_("登记方式"), lambda c: c.get_basis_display()),
    ],
    fields=HOST_CLASS_FIELDS,
    detail_fields=HOST_CLASS_FIELDS,
    create=services.host_class_create,
    update=services.host_class_update,
    delete=services.host_class_delete,
    search=("reference", "name", "school__name", "scheme"),
    filters=("year", "basis"),
    importer="host-classes",
    select_related=("school", "school_region", "origin_region", "pairing"),
))

ONE_ONE_ONE_FIELDS = [
    "reference", "scheme", "host_class", "host_school", "host_region", "origin_region", "pairing", "year", "children",
    "poor_children", "parents_employed", "households_exited", "household_ref", *BASIS_AND_SOURCE,
]

ONE_ONE_ONE = register_ledger(Ledger(
    model=OneOneOne,
    slug="one-one-one",
    title=_("“1+1+1”就学扶贫"),
    group=GROUP,
    order=81,
    description=_("1名孩子来东部就读、至少1名家长来东部就业、带动1户家庭整体脱贫：三者记在同一条记录上；只知人数的记为汇总，不详的留空。"),
    columns=[
        Column(_("编号"), lambda r: r.reference, link=lambda r: ONE_ONE_ONE.url("detail", r.pk), nowrap=True),
        Column(_("年度"), lambda r: r.year, numeric=True),
        Column(_("就读班级"), lambda r: str(r.host_class or r.host_school or "")),
        Column(_("来东部就读学生"), lambda r: r.children_text, numeric=True, nowrap=True),
        Column(_("来东部就业家长"), lambda r: r.parents_text, numeric=True, nowrap=True),
        Column(_("带动脱贫户"), lambda r: r.households_text, numeric=True, nowrap=True),
        Column(_("登记方式"), lambda r: r.get_basis_display()),
    ],
    fields=ONE_ONE_ONE_FIELDS,
    detail_fields=ONE_ONE_ONE_FIELDS,
    create=services.one_one_one_create,
    update=services.one_one_one_update,
    delete=services.one_one_one_delete,
    search=("reference", "scheme", "host_class__name", "host_school__name"),
    filters=("year", "basis"),
    importer="one-one-one",
    select_related=("host_class", "host_class__school", "host_school", "host_region", "origin_region", "pairing"),
))

HOSPITAL_GOAL_FIELDS = [
    "reference", "pairing", "helper", "helper_region", "helped", "helped_region", "goal", "target_grade", "start_year",
    "due_year", "goal_status", "achieved_on", "basis", "source", "note",
]

HOSPITAL_GOALS = register_ledger(Ledger(
    model=HospitalGoal,
    slug="hospital-goals",
    title=_("医院帮扶目标"),
    group=GROUP,
    order=82,
    description=_("医院结对定下的目标（如三年内帮助县中医院升级为三级医院）：起止年度、进展与实现日期。"),
    columns=[
        Column(_("编号"), lambda g: g.reference, link=lambda g: HOSPITAL_GOALS.url("detail", g.pk), nowrap=True),
        Column(_("帮扶医院"), lambda g: g.helper.name),
        Column(_("受帮扶医院"), lambda g: g.helped.name),
        Column(_("目标"), lambda g: g.goal),
        Column(_("期限"), lambda g: g.period_text, nowrap=True),
        Column(_("进展"), lambda g: g.get_goal_status_display()),
        Column(_("实现日期"), lambda g: g.achieved_on),
    ],
    fields=HOSPITAL_GOAL_FIELDS,
    detail_fields=HOSPITAL_GOAL_FIELDS,
    create=services.hospital_goal_create,
    update=services.hospital_goal_update,
    delete=services.hospital_goal_delete,
    search=("reference", "goal", "helper__name", "helped__name"),
    filters=("goal_status", "due_year"),
    importer="hospital-goals",
    select_related=("pairing", "helper", "helped", "helper_region", "helped_region"),
))
