from django.utils.translation import gettext_lazy as _

from shanhai.core.ledger import Ledger, register_ledger
from shanhai.core.tables import Column

from . import services
from .models import EmploymentOutcome, JobFair, JobsOffered, LabourStation, OrderClass, OrganisedTransport

GROUP = _("劳务协作")
BASIS_AND_SOURCE = ["basis", "qualifier", "source", "note"]


def _n(value):
    return "" if value is None else value


LABOUR_STATIONS = register_ledger(Ledger(
    model=LabourStation,
    slug="labour-stations",
    title=_("劳务协作站"),
    group=GROUP,
    order=60,
    description=_("两地共同设立的劳务协作站、驿站：设立单位、地点与时间。"),
    columns=[
        Column(_("编号"), lambda s: s.reference, link=lambda s: LABOUR_STATIONS.url("detail", s.pk), nowrap=True),
        Column(_("名称"), lambda s: s.name),
        Column(_("东部设立单位"), lambda s: s.east_org or s.east_region),
        Column(_("西部设立单位"), lambda s: s.west_org or s.west_region),
        Column(_("设立年度"), lambda s: s.opened_year, numeric=True),
        Column(_("登记方式"), lambda s: s.get_basis_display()),
    ],
    fields=[
        "reference", "name", "place", "east_org", "east_region", "west_org", "west_region", "pairing", "opened_year",
        "opened_on", *BASIS_AND_SOURCE,
    ],
    create=services.labour_station_create,
    update=services.labour_station_update,
    delete=services.labour_station_delete,
    search=("reference", "name", "place"),
    filters=("opened_year", "basis"),
    importer="labour-stations",
    select_related=("east_org", "west_org", "east_region", "west_region", "pairing"),
))

JOB_FAIRS = register_ledger(Ledger(
    model=JobFair,
    slug="job-fairs",
    title=_("招聘会"),
    group=GROUP,
    order=61,
    description=_("面向西部劳动力的招聘会和专场招聘：日期（汇总记录可只填年度）、场次、参与企业、提供岗位、求职与达成意向人数。"),
    columns=[
        Column(_("编号"), lambda f: f.reference, link=lambda f: JOB_FAIRS.url("detail", f.pk), nowrap=True),
        Column(_("名称"), lambda f: f.name),
        Column(_("日期"), lambda f: f.date or f.year),
        Column(_("地点"), lambda f: f.place),
        Column(_("场次"), lambda f: f.sessions, numeric=True),
        Column(_("参与企业"), lambda f: f.employers, numeric=True),
        Column(_("提供岗位"), lambda f: f.jobs_offered, numeric=True),
        Column(_("求职人数"), lambda f: f.attendees, numeric=True),
        Column(_("达成意向"), lambda f: f.signed, numeric=True),
    ],
    fields=[
        "reference", "name", "date", "year", "place", "organiser", "east_region", "west_region", "pairing", "sessions",
        "employers", "jobs_offered", "attendees", "signed", *BASIS_AND_SOURCE,
    ],
    create=services.job_fair_create,
    update=services.job_fair_update,
    delete=services.job_fair_delete,
    search=("reference", "name", "place", "organiser"),
    filters=("year", "basis"),
    importer="job-fairs",
    select_related=("east_region", "west_region", "pairing"),
))

JOBS_OFFERED = register_ledger(Ledger(
    model=JobsOffered,
    slug="jobs-offered",
    title=_("提供就业岗位"),
    group=GROUP,
    order=62,
    description=_("东部每年向西部提供的就业岗位数；“1.3万多个”记为 13,000 以上。"),
    columns=[
        Column(_("编号"), lambda j: j.reference, link=lambda j: JOBS_OFFERED.url("detail", j.pk), nowrap=True),
        Column(_("年度"), lambda j: j.year, numeric=True),
        Column(_("提供方"), lambda j: j.offered_by),
        Column(_("面向"), lambda j: j.offered_to),
        Column(_("岗位数"), lambda j: j.jobs_text, numeric=True, nowrap=True),
        Column(_("登记方式"), lambda j: j.get_basis_display()),
    ],
    fields=[
        "reference", "offered_by", "east_region", "offered_to", "west_region", "pairing", "year", "jobs", "per_year",
        *BASIS_AND_SOURCE,
    ],
    create=services.jobs_offered_create,
    update=services.jobs_offered_update,
    delete=services.jobs_offered_delete,
    search=("reference", "offered_by", "offered_to"),
    filters=("year", "basis"),
    importer="jobs-offered",
    select_related=("east_region", "west_region", "pairing"),
))

ORDER_CLASSES = register_ledger(Ledger(
    model=OrderClass,
    slug="order-classes",
    title=_("订单班"),
    group=GROUP,
    order=63,
    description=_("西部职业院校为东部企业开设的订单班、定制班：学校、企业、专业、学生人数。"),
    columns=[
        Column(_("编号"), lambda c: c.reference, link=lambda c: ORDER_CLASSES.url("detail", c.pk), nowrap=True),
        Column(_("班级名称"), lambda c: c.name),
        Column(_("学校"), lambda c: c.school_name),
        Column(_("合作企业"), lambda c: c.employer_name),
        Column(_("专业"), lambda c: c.major),
        Column(_("学生人数"), lambda c: c.students, numeric=True),
    ],
    fields=[
        "reference", "name", "school_name", "school_org", "school_region", "employer_name", "employer_org",
        "employer_region", "pairing", "major", "year", "students", "poor_students", "promise", *BASIS_AND_SOURCE,
    ],
    create=services.order_class_create,
    update=services.order_class_update,
    delete=services.order_class_delete,
    search=("reference", "name", "school_name", "employer_name", "major"),
    filters=("year", "basis"),
    importer="order-classes",
    select_related=("school_org", "employer_org", "school_region", "employer_region", "pairing"),
))

TRANSPORTS = register_ledger(Ledger(
    model=OrganisedTransport,
    slug="transports",
    title=_("组织输送"),
    group=GROUP,
    order=64,
    description=_("有组织地输送西部劳动力到东部就业：包机、专列、包车或分批输送；人数与其中贫困人口。"),
    columns=[
        Column(_("编号"), lambda t: t.reference, link=lambda t: TRANSPORTS.url("detail", t.pk), nowrap=True),
        Column(_("名称"), lambda t: t.name),
        Column(_("方式"), lambda t: t.get_mode_display()),
        Column(_("日期"), lambda t: t.date or t.year),
        Column(_("批次"), lambda t: t.batches, numeric=True),
        Column(_("人数"), lambda t: t.workers, numeric=True),
        Column(_("其中贫困人口"), lambda t: t.poor_workers, numeric=True),
        Column(_("用工单位"), lambda t: t.employer_name),
        Column(_("出发地—目的地"), lambda t: f"{t.from_place}—{t.to_place}"),
    ],
    fields=[
        "reference", "name", "mode", "flight_number", "date", "year", "batches", "workers", "poor_workers",
        "employer_name", "employer_org", "via", "from_place", "from_region", "to_place", "to_region", "pairing",
        *BASIS_AND_SOURCE,
    ],
    create=services.transport_create,
    update=services.transport_update,
    delete=services.transport_delete,
    search=("reference", "name", "flight_number", "employer_name", "via", "from_place", "to_place"),
    filters=("year", "mode", "basis"),
    importer="transports",
    select_related=("employer_org", "from_region", "to_region", "pairing"),
))

EMPLOYMENT_OUTCOMES = register_ledger(Ledger(
    model=EmploymentOutcome,
    slug="employment-outcomes",
    title=_("就业情况"),
    group=GROUP,
    order=65,
    description=_(
        "西部劳动力的就业去向、用工单位、上岗与在岗月数；贫困劳动力单列；只知人数的记为汇总。"
        "稳定就业按认定规则推算，来源自称的稳定就业另列。"
    ),
    columns=[
        Column(_("编号"), lambda e: e.reference, link=lambda e: EMPLOYMENT_OUTCOMES.url("detail", e.pk), nowrap=True),
        Column(_("年度"), lambda e: e.year, numeric=True),
        Column(_("劳动力来源"), lambda e: e.origin),
        Column(_("就业去向"), lambda e: e.destination.name),
        Column(_("就业地"), lambda e: e.destination_place),
        Column(_("用工单位"), lambda e: e.employer_name),
        Column(_("人数"), lambda e: e.workers, numeric=True),
        Column(_("其中贫困劳动力"), lambda e: e.poor_workers, numeric=True),
        Column(_("在岗月数"), lambda e: e.months_kept, numeric=True),
        Column(_("来源称稳定就业"), lambda e: {True: "是", False: "否"}.get(e.reported_stable, "")),
        Column(_("登记方式"), lambda e: e.get_basis_display()),
    ],
    fields=[
        "reference", "origin", "origin_region", "destination", "destination_place", "destination_region",
        "employer_name", "employer_org", "pairing", "transport", "year", "start", "months_kept", "workers",
        "poor_workers", "reported_stable", *BASIS_AND_SOURCE,
    ],
    create=services.employment_outcome_create,
    update=services.employment_outcome_update,
    delete=services.employment_outcome_delete,
    search=("reference", "origin", "destination_place", "employer_name"),
    filters=("year", "destination", "basis"),
    importer="employment-outcomes",
    select_related=("destination", "origin_region", "destination_region", "employer_org", "pairing", "transport"),
))
