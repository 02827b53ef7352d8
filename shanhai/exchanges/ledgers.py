from django.utils.translation import gettext_lazy as _

from shanhai.core.ledger import Ledger, register_ledger
from shanhai.core.tables import Column

from . import services
from .models import JointMeeting, PromotionEvent, Visit

PARTIES = ["east_party", "east_org", "east_region", "west_party", "west_org", "west_region", "pairing"]
BASIS_AND_SOURCE = ["basis", "qualifier", "source", "note"]

VISITS = register_ledger(Ledger(
    model=Visit,
    slug="visits",
    title=_("考察互访"),
    group=_("互访交流"),
    order=90,
    description=_("东西部双向的考察团：带队领导、人数、考察点、座谈会，以及考察期间的捐赠和签约（按台账编号关联，不重复登记）。"),
    columns=[
        Column(_("编号"), lambda v: v.reference, link=lambda v: VISITS.url("detail", v.pk), nowrap=True),
        Column(_("日期"), lambda v: v.when_text, nowrap=True),
        Column(_("考察团/活动"), lambda v: v.name),
        Column(_("方向"), lambda v: v.get_direction_display(), nowrap=True),
        Column(_("来访方"), lambda v: v.from_party),
        Column(_("接待方"), lambda v: v.to_party),
        Column(_("带队领导"), lambda v: v.leader),
        Column(_("批次/次数"), lambda v: v.trips, numeric=True),
        Column(_("人次"), lambda v: v.person_times, numeric=True),
        Column(_("团组人数"), lambda v: v.people, numeric=True),
        Column(_("考察点数"), lambda v: v.sites_count, numeric=True),
        Column(_("座谈会数"), lambda v: v.meetings_count, numeric=True),
        Column(_("捐赠"), lambda v: v.donation.reference if v.donation_id else ""),
        Column(_("签约活动"), lambda v: v.signing_event.reference if v.signing_event_id else ""),
    ],
    fields=[
        "reference", "name", "direction", *PARTIES, "year", "start_date", "end_date", "leader", "trips",
        "person_times", "people", "places",
        "sites_count", "sites", "meetings_count", "meetings", "activities", "donation", "signing_event",
        *BASIS_AND_SOURCE,
    ],
    create=services.visit_create,
    update=services.visit_update,
    delete=services.visit_delete,
    search=("reference", "name", "leader", "east_party", "west_party", "sites", "activities"),
    filters=("direction", "basis"),
    importer="visits",
    select_related=("east_region", "west_region", "pairing", "donation", "signing_event"),
))

JOINT_MEETINGS = register_ledger(Ledger(
    model=JointMeeting,
    slug="joint-meetings",
    title=_("联席会议"),
    group=_("互访交流"),
    order=91,
    description=_("结对双方的联席会议，及一方研究东西部协作的党委常委会、专题会议：日期（或召开期间的考察）、地点、参会方、议定事项；汇总记录填会议次数。"),
    columns=[
        Column(_("编号"), lambda m: m.reference, link=lambda m: JOINT_MEETINGS.url("detail", m.pk), nowrap=True),
        Column(_("年度"), lambda m: m.year, numeric=True),
        Column(_("日期"), lambda m: m.when_text, nowrap=True),
        Column(_("会议名称"), lambda m: m.name),
        Column(_("会议类型"), lambda m: m.get_kind_display()),
        Column(_("次数"), lambda m: m.sessions, numeric=True),
        Column(_("地点"), lambda m: m.place),
        Column(_("参会方"), lambda m: m.participants),
        Column(_("结对"), lambda m: m.pairing.reference if m.pairing_id else ""),
    ],
    fields=[
        "reference", "name", "kind", *PARTIES, "year", "sessions", "date", "place", "participants", "participants_count", "visit",
        "decisions", *BASIS_AND_SOURCE,
    ],
    create=services.joint_meeting_create,
    update=services.joint_meeting_update,
    delete=services.joint_meeting_delete,
    search=("reference", "name", "place", "participants", "decisions"),
    filters=("year", "kind", "basis"),
    importer="joint-meetings",
    select_related=("east_region", "west_region", "pairing", "visit"),
))

PROMOTION_EVENTS = register_ledger(Ledger(
    model=PromotionEvent,
    slug="promotion-events",
    title=_("展销推介活动"),
    group=_("互访交流"),
    order=92,
    description=_("展销会、博览会、推介会、宣传活动和流动宣传车：日期（汇总记录可只填年度）、场次、地点、西部一方的展台与推介、启动的合作、签订的协议；现场销售与经销合同记入消费帮扶台账。"),
    columns=[
        Column(_("编号"), lambda e: e.reference, link=lambda e: PROMOTION_EVENTS.url("detail", e.pk), nowrap=True),
        Column(_("日期"), lambda e: e.when_text, nowrap=True),
        Column(_("活动名称"), lambda e: e.name),
        Column(_("类型"), lambda e: e.get_event_type_display()),
        Column(_("场次"), lambda e: e.sessions, numeric=True),
        Column(_("地点"), lambda e: e.place),
        Column(_("东部一方"), lambda e: e.east_party),
        Column(_("西部一方"), lambda e: e.west_party),
        Column(_("签订协议数"), lambda e: e.agreements, numeric=True),
        Column(_("启动/成立"), lambda e: e.launched),
    ],
    fields=[
        "reference", "name", "event_type", *PARTIES, "year", "sessions", "start_date", "end_date", "place", "organiser", "activities",
        "launched", "signed", "agreements", "signing_event", *BASIS_AND_SOURCE,
    ],
    create=services.promotion_event_create,
    update=services.promotion_event_update,
    delete=services.promotion_event_delete,
    search=("reference", "name", "place", "activities", "launched", "signed"),
    filters=("event_type", "basis"),
    importer="promotion-events",
    select_related=("east_region", "west_region", "pairing"),
))
