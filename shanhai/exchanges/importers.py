from shanhai.core.importing import (
    NOTE_COLUMN,
    SOURCE_COLUMN,
    Column,
    LedgerImporter,
    basis_column,
    parse_choice,
    parse_date,
    parse_int,
    parse_record,
    parse_year,
    qualifier_column,
)
from shanhai.core.registry import register_importer
from shanhai.industry.models import SigningEvent
from shanhai.orgs.importers import parse_organisation
from shanhai.pairings.importers import parse_pairing
from shanhai.regions.importers import parse_region
from shanhai.social.models import Donation

from . import services
from .fields import parse_visit
from .models import Direction, JointMeeting, MeetingKind, PromotionEvent, PromotionKind, Visit

BASIS = basis_column(example="逐笔登记", help="一个考察团（一次会议、一场活动）记一条为逐笔登记；多次只知合计的为汇总，并填批次/次数/场次")
QUALIFIER = qualifier_column()
SOURCE = SOURCE_COLUMN
NOTE = NOTE_COLUMN


def parties(east_example: str, west_example: str, east_region: str = "320583", west_region: str = "520602") -> list[Column]:
    return [
        Column("东部一方", "east_party", required=True, example=east_example),
        Column("东部单位", "east_org", parse=parse_organisation, help="已登记的单位名称（可空）；填了可不填东部区划代码"),
        Column("东部区划代码", "east_region", parse=parse_region, example=east_region),
        Column("西部一方", "west_party", required=True, example=west_example),
        Column("西部单位", "west_org", parse=parse_organisation, help="已登记的单位名称（可空）"),
        Column("西部区划代码", "west_region", parse=parse_region, example=west_region),
        Column("结对编号", "pairing", parse=parse_pairing, example="KS-BJ"),
    ]


class ServiceImporter(LedgerImporter):
    create_service = update_service = None

    def create(self, *, actor, **fields):
        return type(self).create_service(actor=actor, **fields)

    def update(self, *, actor, obj, **fields):
        return type(self).update_service(actor=actor, obj=obj, **fields)


@register_importer
class VisitImporter(ServiceImporter):
    name = "visits"
    title = "考察互访"
    model = Visit
    create_service = services.visit_create
    update_service = services.visit_update
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-VISIT-2019-11-20"),
        Column("考察团/活动", "name", required=True, example="张浦镇考察团"),
        Column(
            "方向", "direction", parse=parse_choice(Direction.choices), choices=("东部→西部", "西部→东部"),
            example="东部→西部", help="空则为 东部→西部",
        ),
        *parties("张浦镇", "坝黄镇", "320583106", "520602101"),
        Column("年度", "year", parse=parse_year, example="2019", help="空则取开始日期的年份；只知年度的汇总记录可不填日期"),
        Column("开始日期", "start_date", parse=parse_date, example="2019-11-20", help="逐笔登记的填；汇总记录只知年度的可空"),
        Column("结束日期", "end_date", parse=parse_date),
        Column("带队领导", "leader", help="来源未载的留空"),
        Column("批次/次数", "trips", parse=parse_int, help="汇总记录填它代表的批次（如“先后32批次”填 32）；逐笔登记的可空；来源未载的留空，不按 1 计"),
        Column("人次", "person_times", parse=parse_int, help="汇总记录填合计人次；逐笔登记的可空（按团组人数计）"),
        Column("团组人数", "people", parse=parse_int, help="一次考察的团组人数；来源未载的留空，不要估填"),
        Column("考察地区", "places"),
        Column("考察点数", "sites_count", parse=parse_int),
        Column("考察点", "sites", help="以、或；分隔"),
        Column("座谈会数", "meetings_count", parse=parse_int),
        Column("座谈会", "meetings"),
        Column("主要活动", "activities"),
        Column("捐赠编号", "donation", parse=parse_record(Donation, template="捐赠"), example="KS-BJ-DON-ZP"),
        Column("签约活动编号", "signing_event", parse=parse_record(SigningEvent, template="签约活动")),
        BASIS,
        QUALIFIER,
        SOURCE,
        NOTE,
    ]


@register_importer
class JointMeetingImporter(ServiceImporter):
    name = "joint-meetings"
    title = "联席会议"
    model = JointMeeting
    create_service = services.joint_meeting_create
    update_service = services.joint_meeting_update
    columns = [
        Column("台账编号", "reference", required=True, example="SZ-TR-JM-2020"),
        Column("会议名称", "name", required=True, example="苏州·铜仁扶贫协作联席会议"),
        Column(
            "会议类型", "kind", parse=parse_choice(MeetingKind.choices), choices=tuple(str(label) for _v, label in MeetingKind.choices),
            example="联席会议（双方）", help="空则为 联席会议（双方）；一方研究东西部协作的党委常委会、专题会议填 东部专题会议 或 西部专题会议",
        ),
        *parties("苏州市", "铜仁市", "3205", "5206"),
        Column("年度", "year", required=True, parse=parse_year, example="2020"),
        Column("次数", "sessions", parse=parse_int, help="汇总记录填它代表的会议次数；逐笔登记的可空；来源未载的留空，不按 1 计"),
        Column("日期", "date", parse=parse_date, help="来源未载具体日期的留空"),
        Column("地点", "place", example="苏州"),
        Column("参会方", "participants"),
        Column("参会人数", "participants_count", parse=parse_int),
        Column("召开期间的考察编号", "visit", parse=parse_visit, help="在考察期间召开的，填考察互访台账编号"),
        Column("会议内容/议定事项", "decisions"),
        BASIS,
        QUALIFIER,
        SOURCE,
        NOTE,
    ]


@register_importer
class PromotionEventImporter(ServiceImporter):
    name = "promotion-events"
    title = "展销推介活动"
    model = PromotionEvent
    create_service = services.promotion_event_create
    update_service = services.promotion_event_update
    columns = [
        Column("台账编号", "reference", required=True, example="KS-BJ-EXPO-2019"),
        Column("活动名称", "name", required=True, example="第十五届海峡两岸（昆山）农产品展示展销会"),
        Column(
            "类型", "event_type", parse=parse_choice(PromotionKind.choices),
            choices=tuple(str(label) for _v, label in PromotionKind.choices), example="展销会/博览会",
        ),
        *parties("昆山市", "碧江区"),
        Column("年度", "year", parse=parse_year, example="2019", help="空则取开始日期的年份；只知年度的汇总记录可不填日期"),
        Column("场次", "sessions", parse=parse_int, help="汇总记录填它代表的场次（如流动宣传车40场次）；逐笔登记的可空；来源未载的留空，不按 1 计"),
        Column("开始日期", "start_date", parse=parse_date, example="2019-11-15", help="逐笔登记的填；汇总记录只知年度的可空"),
        Column("结束日期", "end_date", parse=parse_date, example="2019-11-17"),
        Column("地点", "place", example="昆山国际会展中心"),
        Column("主办方", "organiser"),
        Column("活动情况", "activities"),
        Column("启动/成立", "launched"),
        Column("签订的协议", "signed"),
        Column("签订协议数", "agreements", parse=parse_int, help="来源未载的留空"),
        Column("签约活动编号", "signing_event", parse=parse_record(SigningEvent, template="签约活动")),
        BASIS,
        QUALIFIER,
        SOURCE,
        NOTE,
    ]
