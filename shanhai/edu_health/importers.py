from shanhai.core.importing import (
    SOURCE_COLUMN,
    Column,
    LedgerImporter,
    basis_column,
    parse_bool,
    parse_choice,
    parse_date,
    parse_int,
    parse_record,
    parse_year,
    qualifier_column,
)
from shanhai.core.registry import register_importer
from shanhai.orgs.importers import parse_organisation
from shanhai.pairings.importers import parse_pairing
from shanhai.regions.importers import parse_region

from . import services
from .models import GoalStatus, HospitalGoal, HostClass, OneOneOne

BASIS = basis_column(example="汇总（只知总数）")
QUALIFIER = qualifier_column(help="“30多名”填 以上")
SOURCE = SOURCE_COLUMN
NOTE = Column("备注", "note", help="来源之间的出入、推算的依据")
UNKNOWN = "来源未载留空（不详），不要填 0"


@register_importer
class HostClassImporter(LedgerImporter):
    name = "host-classes"
    title = "东部学校定向班"
    model = HostClass
    columns = [
        Column("台账编号", "reference", required=True, example="SZ-TR-CLASS-SZJS"),
        Column("承办学校", "school", required=True, parse=parse_organisation, help="已登记的单位名称", example="苏州技师学院"),
        Column("学校所在区划代码", "school_region", parse=parse_region, help="留空则取学校所在区划"),
        Column("班级名称", "name", required=True, example="铜仁班"),
        Column("生源地区划代码", "origin_region", required=True, parse=parse_region, example="520600"),
        Column("结对编号", "pairing", parse=parse_pairing, example="SZ-TR"),
        Column("所属项目", "scheme", example="1+1+1就学扶贫"),
        Column("开班年度", "opened_year", parse=parse_year),
        Column("人数所属年度", "year", required=True, parse=parse_year, example="2020"),
        Column("在读学生", "students", parse=parse_int, help=UNKNOWN, example="31"),
        Column("其中建档立卡贫困学生", "poor_students", parse=parse_int, help=UNKNOWN, example="31"),
        Column("免费就读", "free_tuition", parse=parse_bool, choices=("是", "否"), example="是"),
        BASIS,
        QUALIFIER,
        SOURCE,
        NOTE,
    ]

    def create(self, *, actor, **fields):
        return services.host_class_create(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return services.host_class_update(actor=actor, obj=obj, **fields)


@register_importer
class OneOneOneImporter(LedgerImporter):
    name = "one-one-one"
    title = "1+1+1就学扶贫"
    model = OneOneOne
    columns = [
        Column("台账编号", "reference", required=True, example="SZ-TR-111-2020"),
        Column("项目名称", "scheme", example="1+1+1就学扶贫"),
        Column("就读班级编号", "host_class", parse=parse_record(HostClass, template="东部学校定向班"), example="SZ-TR-CLASS-SZJS"),
        Column("就读学校", "host_school", parse=parse_organisation, help="留空则取班级的学校"),
        Column("就读地区划代码", "host_region", parse=parse_region, help="留空则取学校所在区划"),
        Column("户籍地区划代码", "origin_region", parse=parse_region, help="留空则取班级的生源地", example="520600"),
        Column("结对编号", "pairing", parse=parse_pairing, help="留空则取班级的结对", example="SZ-TR"),
        Column("年度", "year", required=True, parse=parse_year, example="2020"),
        Column("来东部就读学生", "children", parse=parse_int, example="31"),
        Column("其中建档立卡贫困学生", "poor_children", parse=parse_int, example="31"),
        Column("来东部就业家长", "parents_employed", parse=parse_int, help=UNKNOWN),
        Column("带动脱贫户", "households_exited", parse=parse_int, help=UNKNOWN),
        Column("建档立卡户编号", "household_ref", help="逐户登记时填写"),
        BASIS,
        QUALIFIER,
        SOURCE,
        NOTE,
    ]

    def create(self, *, actor, **fields):
        return services.one_one_one_create(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return services.one_one_one_update(actor=actor, obj=obj, **fields)


@register_importer
class HospitalGoalImporter(LedgerImporter):
    name = "hospital-goals"
    title = "医院帮扶目标"
    model = HospitalGoal
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-HOSP-GOAL-T3"),
        Column("医院结对编号", "pairing", required=True, parse=parse_pairing, example="KS-BJ-HOSPITALS"),
        Column("帮扶医院", "helper", required=True, parse=parse_organisation, example="昆山市中医医院"),
        Column("帮扶医院区划代码", "helper_region", parse=parse_region, help="留空则取医院所在区划"),
        Column("受帮扶医院", "helped", required=True, parse=parse_organisation, example="碧江区中医医院"),
        Column("受帮扶医院区划代码", "helped_region", parse=parse_region, help="留空则取医院所在区划"),
        Column("目标", "goal", required=True, example="帮助碧江区中医医院升级为三级医院"),
        Column("目标等级", "target_grade", example="三级"),
        Column("起始年度", "start_year", required=True, parse=parse_year, example="2019"),
        Column("目标年度", "due_year", required=True, parse=parse_year, help="“三年内”：起始年度加三", example="2022"),
        Column("进展", "goal_status", parse=parse_choice(GoalStatus.choices), choices=("推进中", "已实现", "未按期实现"),
               example="推进中"),
        Column("实现日期", "achieved_on", parse=parse_date),
        BASIS,
        SOURCE,
        NOTE,
    ]

    def create(self, *, actor, **fields):
        return services.hospital_goal_create(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return services.hospital_goal_update(actor=actor, obj=obj, **fields)
