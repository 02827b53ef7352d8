"""The labour templates: one per ledger, Chinese headers → fields, written through the services."""


from shanhai.core.importing import (
    NOTE_COLUMN,
    SOURCE_COLUMN,
    Column,
    LedgerImporter,
    basis_column,
    parse_bool,
    parse_choice,
    parse_date,
    parse_int,
    parse_kind,
    parse_record,
    parse_year,
    qualifier_column,
)
from shanhai.core.registry import register_importer
from shanhai.orgs.importers import parse_organisation
from shanhai.pairings.importers import parse_pairing
from shanhai.regions.importers import parse_region

from . import services
from .models import (
    DestinationClass,
    EmploymentOutcome,
    JobFair,
    JobsOffered,
    LabourStation,
    OrderClass,
    OrganisedTransport,
    TransportMode,
)

BASIS = basis_column(example="汇总（只知总数）")
QUALIFIER = qualifier_column(help="“1.3万多个”填 以上")
SOURCE = SOURCE_COLUMN
NOTE = NOTE_COLUMN
PAIRING = Column("结对编号", "pairing", parse=parse_pairing, example="KS-BJ")


parse_destination = parse_kind(DestinationClass, "就业去向")


parse_transport = parse_record(OrganisedTransport, template="组织输送")


class _Ledger(LedgerImporter):
    create_service = None
    update_service = None

    def create(self, *, actor, **fields):
        return type(self).create_service(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return type(self).update_service(actor=actor, obj=obj, **fields)


@register_importer
class LabourStationImporter(_Ledger):
    name = "labour-stations"
    title = "劳务协作站"
    model = LabourStation
    create_service = services.labour_station_create
    update_service = services.labour_station_update
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-LAB-STATION"),
        Column("名称", "name", required=True, example="昆山—碧江劳务协作站"),
        Column("地点", "place"),
        Column("东部设立单位", "east_org", parse=parse_organisation, example="昆山市人社局"),
        Column("东部区划代码", "east_region", required=True, parse=parse_region, example="320583"),
        Column("西部设立单位", "west_org", parse=parse_organisation, example="碧江区人社局"),
        Column("西部区划代码", "west_region", required=True, parse=parse_region, example="520602"),
        PAIRING,
        Column("设立年度", "opened_year", parse=parse_year, example="2019"),
        Column("设立日期", "opened_on", parse=parse_date),
        BASIS, QUALIFIER, SOURCE, NOTE,
    ]


@register_importer
class JobFairImporter(_Ledger):
    name = "job-fairs"
    title = "招聘会"
    model = JobFair
    create_service = services.job_fair_create
    update_service = services.job_fair_update
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-FAIR-2020-01"),
        Column("名称", "name", required=True),
        Column("日期", "date", parse=parse_date, example="2020-02-20"),
        Column("年度", "year", required=True, parse=parse_year, example="2020"),
        Column("地点", "place"),
        Column("主办方", "organiser"),
        Column("东部区划代码", "east_region", required=True, parse=parse_region, example="320583"),
        Column("西部区划代码", "west_region", required=True, parse=parse_region, example="520602"),
        PAIRING,
        Column("场次", "sessions", parse=parse_int, help="汇总记录填它代表的招聘会场次（如“举办招聘会12场”填 12）；逐笔登记的可空；来源未载的留空，不按 1 计"),
        Column("参与企业", "employers", parse=parse_int),
        Column("提供岗位", "jobs_offered", parse=parse_int),
        Column("求职人数", "attendees", parse=parse_int),
        Column("达成意向/签约人数", "signed", parse=parse_int),
        BASIS, QUALIFIER, SOURCE, NOTE,
    ]


@register_importer
class JobsOfferedImporter(_Ledger):
    name = "jobs-offered"
    title = "提供就业岗位"
    model = JobsOffered
    create_service = services.jobs_offered_create
    update_service = services.jobs_offered_update
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-JOBS-2019"),
        Column("提供方", "offered_by", required=True, example="昆山市"),
        Column("提供方区划代码", "east_region", required=True, parse=parse_region, example="320583"),
        Column("面向", "offered_to", required=True, example="碧江区"),
        Column("面向区划代码", "west_region", required=True, parse=parse_region, example="520602"),
        PAIRING,
        Column("年度", "year", required=True, parse=parse_year, example="2019"),
        Column("岗位数", "jobs", required=True, parse=parse_int, example="13000"),
        Column("每年", "per_year", parse=parse_bool, help="来源说“每年”填 是", example="是"),
        BASIS, QUALIFIER, SOURCE, NOTE,
    ]


@register_importer
class OrderClassImporter(_Ledger):
    name = "order-classes"
    title = "订单班"
    model = OrderClass
    create_service = services.order_class_create
    update_service = services.order_class_update
    columns = [
        Column("台账编号", "reference", required=True, example="ZJG-YH-CLASS-DD"),
        Column("班级名称", "name", required=True, example="东渡纺织班"),
        Column("学校", "school_name", required=True, example="沿河中等职业学校"),
        Column("学校单位", "school_org", parse=parse_organisation, help="已登记的单位名称（可空）"),
        Column("学校区划代码", "school_region", parse=parse_region, help="选了学校单位可空", example="520627"),
        Column("合作企业", "employer_name", required=True, example="东渡集团"),
        Column("合作企业单位", "employer_org", parse=parse_organisation),
        Column("企业区划代码", "employer_region", parse=parse_region, example="320582"),
        PAIRING,
        Column("专业", "major", example="服装设计"),
        Column("开班年度", "year", parse=parse_year),
        Column("学生人数", "students", parse=parse_int, help="来源未载留空，不填 0"),
        Column("其中建档立卡贫困学生", "poor_students", parse=parse_int),
        Column("就业安排", "promise"),
        BASIS, QUALIFIER, SOURCE, NOTE,
    ]


@register_importer
class TransportImporter(_Ledger):
    name = "transports"
    title = "组织输送"
    model = OrganisedTransport
    create_service = services.transport_create
    update_service = services.transport_update
    columns = [
        Column("台账编号", "reference", required=True, example="SZ-TR-LAB-MU7720"),
        Column("名称", "name", required=True, example="MU7720“复工号”专机"),
        Column("方式", "mode", required=True, parse=parse_choice(TransportMode.choices), choices=tuple(str(label) for _, label in TransportMode.choices), example="包机"),
        Column("航班/车次", "flight_number", example="MU7720"),
        Column("日期", "date", parse=parse_date, help="来源未载留空"),
        Column("年度", "year", required=True, parse=parse_year, example="2020"),
        Column("批次", "batches", parse=parse_int),
        Column("人数", "workers", required=True, parse=parse_int, example="144"),
        Column("其中建档立卡贫困人口", "poor_workers", parse=parse_int, help="来源未载留空，不填 0"),
        Column("用工单位", "employer_name"),
        Column("用工单位（已登记）", "employer_org", parse=parse_organisation),
        Column("组织方/中介", "via"),
        Column("出发地", "from_place", required=True, example="铜仁市各区县"),
        Column("出发地区划代码", "from_region", required=True, parse=parse_region, example="520600"),
        Column("目的地", "to_place", required=True, example="昆山市"),
        Column("目的地区划代码", "to_region", required=True, parse=parse_region, example="320583"),
        PAIRING,
        BASIS, QUALIFIER, SOURCE, NOTE,
    ]


@register_importer
class EmploymentOutcomeImporter(_Ledger):
    name = "employment-outcomes"
    title = "就业情况"
    model = EmploymentOutcome
    create_service = services.employment_outcome_create
    update_service = services.employment_outcome_update
    columns = [
        Column("台账编号", "reference", required=True, example="ZJG-YH-EMP-233"),
        Column("劳动力来源", "origin", required=True, example="沿河县贫困劳动力"),
        Column("来源地区划代码", "origin_region", required=True, parse=parse_region, example="520627"),
        Column("就业去向", "destination", required=True, parse=parse_destination, help="结对东部城市、东部其他地区、其他地区、就近就业、公益性岗位等", example="结对东部城市"),
        Column("就业地", "destination_place", example="张家港市"),
        Column("就业地区划代码", "destination_region", parse=parse_region, example="320582"),
        Column("用工单位", "employer_name"),
        Column("用工单位（已登记）", "employer_org", parse=parse_organisation),
        PAIRING,
        Column("组织输送编号", "transport", parse=parse_transport, help="经组织输送就业的，填输送台账编号"),
        Column("年度", "year", required=True, parse=parse_year, example="2020"),
        Column("上岗日期", "start", parse=parse_date),
        Column("在岗月数", "months_kept", parse=parse_int),
        Column("人数", "workers", parse=parse_int, help="逐人登记为 1；汇总填人数", example="233"),
        Column("其中建档立卡贫困劳动力", "poor_workers", parse=parse_int, help="来源未载留空，不填 0"),
        Column("来源称稳定就业", "reported_stable", parse=parse_bool, help="来源自己说“稳定就业”填 是；系统另按规则推算"),
        BASIS, QUALIFIER, SOURCE, NOTE,
    ]
