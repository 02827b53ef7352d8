from django.db.models import Q

from shanhai.core.importing import (
    NOTE_COLUMN,
    SOURCE_COLUMN,
    Column,
    LedgerImporter,
    RowError,
    basis_column,
    parse_choice,
    parse_date,
    parse_int,
    parse_year,
    qualifier_column,
)
from shanhai.core.registry import register_importer
from shanhai.orgs.importers import parse_organisation
from shanhai.pairings.importers import parse_pairing
from shanhai.regions.importers import parse_region

from . import services
from .models import Direction, QuotaPlan, TalentKind, TalentPlacement, TrainingBatch


def parse_talent_kind(text: str) -> TalentKind:
    kind = TalentKind.objects.filter(Q(name=text) | Q(code=text)).first()
    if kind is None:
        raise RowError("未知人才类别；可选：" + "、".join(TalentKind.objects.values_list("name", flat=True)))
    return kind


DIRECTION = Column(
    "方向", "direction", parse=parse_choice(Direction.choices), choices=("东部→西部", "西部→东部"), example="东部→西部",
    help="空则为 东部→西部",
)
BASIS = basis_column(example="逐笔登记")
QUALIFIER = qualifier_column(help="“10余名”填 余")
SOURCE = SOURCE_COLUMN
NOTE = NOTE_COLUMN


def parties(east_example: str, west_example: str) -> list[Column]:
    return [
        Column("东部一方", "east_party", required=True, example=east_example),
        Column("东部单位", "east_org", parse=parse_organisation, help="已登记的单位名称（可空）；填了可不填东部区划代码"),
        Column("东部区划代码", "east_region", parse=parse_region, example="320583"),
        Column("西部一方", "west_party", required=True, example=west_example),
        Column("西部单位", "west_org", parse=parse_organisation, help="已登记的单位名称（可空）"),
        Column("西部区划代码", "west_region", parse=parse_region, example="520602"),
    ]


class ServiceImporter(LedgerImporter):
    create_service = update_service = None

    def create(self, *, actor, **fields):
        return type(self).create_service(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return type(self).update_service(actor=actor, obj=obj, **fields)


@register_importer
class TalentPlacementImporter(ServiceImporter):
    name = "talent-placements"
    title = "人才交流"
    model = TalentPlacement
    create_service = services.talent_placement_create
    update_service = services.talent_placement_update
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-TAL-001"),
        Column("人才类别", "kind", required=True, parse=parse_talent_kind, help="如 党政干部挂职、教师、医生、农技专家", example="党政干部挂职"),
        DIRECTION,
        Column("姓名", "person_name", help="逐人登记时填写；只知人数的汇总记录留空", example="孙道寻"),
        Column("人数", "persons", parse=parse_int, help="逐人登记为 1（可空）；汇总记录填人数", example="1"),
        *parties("昆山市", "碧江区"),
        Column("结对编号", "pairing", parse=parse_pairing, example="KS-BJ"),
        Column("挂任职务/岗位", "post", example="碧江区委常委、副区长"),
        Column("年度", "year", required=True, parse=parse_year, example="2019"),
        Column("开始日期", "start_date", parse=parse_date, help="来源未载的留空"),
        Column("结束日期", "end_date", parse=parse_date, help="仍在岗的留空"),
        BASIS,
        QUALIFIER,
        SOURCE,
        NOTE,
    ]


@register_importer
class QuotaPlanImporter(ServiceImporter):
    name = "quota-plans"
    title = "人才交流计划"
    model = QuotaPlan
    create_service = services.quota_plan_create
    update_service = services.quota_plan_update
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-SIX-TENS-TEACHER"),
        Column("计划名称", "plan_name", required=True, example="人才交流“六个十”计划"),
        Column("结对编号", "pairing", required=True, parse=parse_pairing, example="KS-BJ"),
        Column("人才类别", "kind", required=True, parse=parse_talent_kind, example="教师"),
        DIRECTION,
        Column("内容", "activity", example="优秀教师支教"),
        Column("每年目标人数", "target", required=True, parse=parse_int, example="10"),
        Column("起始年度", "first_year", required=True, parse=parse_year, example="2019"),
        Column("截止年度", "last_year", parse=parse_year, help="留空为长期执行；只管一年的填同一年度"),
        *parties("昆山市", "碧江区"),
        SOURCE,
        NOTE,
    ]


@register_importer
class TrainingBatchImporter(ServiceImporter):
    name = "training-batches"
    title = "培训"
    model = TrainingBatch
    create_service = services.training_batch_create
    update_service = services.training_batch_update
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-TRN-001"),
        Column("培训主题", "topic", required=True, example="农村实用技术培训"),
        DIRECTION,
        Column("主办单位", "organiser"),
        *parties("昆山市", "碧江区"),
        Column("结对编号", "pairing", parse=parse_pairing, example="KS-BJ"),
        Column("培训地点", "place"),
        Column("年度", "year", required=True, parse=parse_year, example="2020"),
        Column("开始日期", "start_date", parse=parse_date),
        Column("结束日期", "end_date", parse=parse_date),
        Column("期数", "batches", parse=parse_int, help="逐期登记为 1（可空）；汇总记录填期数，来源未载的留空，不按 1 计"),
        Column("培训人数", "persons", parse=parse_int),
        Column("培训人次", "person_times", parse=parse_int),
        Column("其中贫困人口", "poor_persons", parse=parse_int),
        BASIS,
        QUALIFIER,
        SOURCE,
        NOTE,
    ]
