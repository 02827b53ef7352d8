from django.db.models import Q

from shanhai.core.importing import (
    SOURCE_COLUMN,
    Column,
    LedgerImporter,
    RowError,
    money_column,
    parse_choice,
    parse_date,
    parse_int,
    parse_record,
)
from shanhai.core.records import Basis, Qualifier
from shanhai.core.registry import register_importer
from shanhai.pairings.importers import parse_pairing
from shanhai.projects.models import Project
from shanhai.regions.importers import parse_region
from shanhai.social.models import Donation

from . import services
from .models import Incident, IncidentAid, IncidentKind

UNKNOWN = "来源未载留空（不详），不要填 0"
SOURCE = SOURCE_COLUMN
NOTE = Column("备注", "note", help="来源之间的出入、推算的依据")


def parse_incident_kind(text: str) -> IncidentKind:
    kind = IncidentKind.objects.filter(Q(name=text) | Q(code=text)).first()
    if kind is None:
        raise RowError("未知事件类别；可选：" + "、".join(IncidentKind.objects.values_list("name", flat=True)))
    return kind


@register_importer
class IncidentImporter(LedgerImporter):
    name = "incidents"
    title = "突发事件"
    model = Incident
    columns = [
        Column("台账编号", "reference", required=True, example="BJ-INC-LT-FIRE"),
        Column("事件类别", "kind", required=True, parse=parse_incident_kind, help="如 火灾、洪涝、地质灾害", example="火灾"),
        Column("事件名称", "title", required=True, example="六龙山乡兴龙社区龙田组火灾"),
        Column("发生地区划代码", "place", required=True, parse=parse_region, example="520602204"),
        Column("具体地点", "place_detail", help="区划以下的村民组、院落", example="兴龙社区龙田组"),
        Column("结对编号", "pairing", parse=parse_pairing, example="KS-BJ"),
        Column("发生日期", "date", required=True, parse=parse_date, example="2017-11-24"),
        Column("受灾户数", "households_hit", parse=parse_int, help=UNKNOWN, example="11"),
        Column("受灾人数", "persons_hit", parse=parse_int, help=UNKNOWN, example="39"),
        Column("其中已脱贫户", "exited_households_hit", parse=parse_int, help=UNKNOWN, example="2"),
        Column("其中已脱贫人口", "exited_persons_hit", parse=parse_int, help=UNKNOWN, example="7"),
        Column("其中未脱贫户", "poor_households_hit", parse=parse_int, help=UNKNOWN, example="2"),
        Column("其中未脱贫人口", "poor_persons_hit", parse=parse_int, help=UNKNOWN, example="5"),
        Column("损失情况", "damage"),
        Column("烧毁/损毁正房（栋）", "main_houses_destroyed", parse=parse_int, example="7"),
        Column("其中正房间数", "main_rooms_destroyed", parse=parse_int, example="17"),
        Column("烧毁/损毁厢房（间）", "side_rooms_destroyed", parse=parse_int, example="12"),
        money_column("直接经济损失", "direct_loss", unit="元", help=UNKNOWN),
        Column("登记方式", "basis", parse=parse_choice(Basis.choices), choices=("逐笔登记", "汇总（只知总数）"), example="逐笔登记"),
        Column("数额限定", "qualifier", parse=parse_choice(Qualifier.choices), choices=("确数", "以上", "约")),
        SOURCE,
        NOTE,
    ]

    def create(self, *, actor, **fields):
        return services.incident_create(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return services.incident_update(actor=actor, obj=obj, **fields)


@register_importer
class IncidentAidImporter(LedgerImporter):
    name = "incident-aid"
    title = "灾后帮扶"
    model = IncidentAid
    columns = [
        Column("台账编号", "reference", required=True, example="BJ-INC-LT-FIRE-AID-1"),
        Column("事件编号", "incident", required=True, parse=parse_record(Incident, template="突发事件"), example="BJ-INC-LT-FIRE"),
        Column("捐赠编号", "donation", parse=parse_record(Donation, template="捐赠"), help="已登记的捐赠；与项目编号二选一",
               example="KS-BJ-DON-FIRE"),
        Column("项目编号", "project", parse=parse_record(Project, template="帮扶项目"), help="已登记的项目；与捐赠编号二选一"),
        Column("用途", "purpose", example="灾后重建"),
        SOURCE,
        NOTE,
    ]

    def create(self, *, actor, **fields):
        return services.incident_aid_create(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return services.incident_aid_update(actor=actor, obj=obj, **fields)
