from django.utils.translation import gettext_lazy as _

from shanhai.core.ledger import Ledger, register_ledger
from shanhai.core.tables import Column, dated_column

from . import services
from .models import QuotaPlan, TalentPlacement, TrainingBatch

PARTIES = ["east_party", "east_org", "east_region", "west_party", "west_org", "west_region"]
BASIS_AND_SOURCE = ["basis", "qualifier", "source", "note"]

TALENT_PLACEMENTS = register_ledger(Ledger(
    model=TalentPlacement,
    slug="talent-placements",
    title=_("人才交流"),
    group=_("人才交流"),
    order=60,
    description=_("双向选派的人才：挂职干部、驻村干部、教师、医生、农技专家、科技人才、企业家、社会工作者；"
                  "有姓名的逐人登记，只知人数的汇总登记；在岗月数由起止日期推算。"),
    columns=[
        Column(_("编号"), lambda p: p.reference, link=lambda p: TALENT_PLACEMENTS.url("detail", p.pk), nowrap=True),
        Column(_("年度"), lambda p: p.year, numeric=True),
        Column(_("人才类别"), lambda p: p.kind.name),
        Column(_("方向"), lambda p: p.get_direction_display(), nowrap=True),
        Column(_("姓名"), lambda p: p.person_name),
        Column(_("人数"), lambda p: p.persons_text, numeric=True),
        Column(_("派出方"), lambda p: p.home_party),
        Column(_("接收方"), lambda p: p.host_party),
        Column(_("挂任职务/岗位"), lambda p: p.post),
        Column(_("起止日期"), lambda p: p.dates_text, nowrap=True),
        Column(_("在岗月数"), lambda p: p.months_served(), numeric=True),
        Column(_("登记方式"), lambda p: p.get_basis_display()),
    ],
    fields=[
        "reference", "kind", "direction", "person_name", "persons", *PARTIES, "pairing", "post", "year", "start_date",
        "end_date", *BASIS_AND_SOURCE,
    ],
    create=services.talent_placement_create,
    update=services.talent_placement_update,
    delete=services.talent_placement_delete,
    search=("reference", "person_name", "post", "east_party", "west_party", "kind__name"),
    filters=("year", "kind", "direction", "basis"),
    importer="talent-placements",
    select_related=("kind", "east_region", "west_region", "pairing"),
))

QUOTA_PLANS = register_ledger(Ledger(
    model=QuotaPlan,
    slug="quota-plans",
    title=_("人才交流计划"),
    group=_("人才交流"),
    order=61,
    description=_("结对双方每年选派各类人才的目标人数（如“六个十”）；完成情况由人才交流台账按年推算。"),
    columns=[
        Column(_("编号"), lambda q: q.reference, link=lambda q: QUOTA_PLANS.url("detail", q.pk), nowrap=True),
        Column(_("计划名称"), lambda q: q.plan_name),
        Column(_("结对"), lambda q: q.pairing.reference),
        Column(_("人才类别"), lambda q: q.kind.name),
        Column(_("内容"), lambda q: q.activity),
        Column(_("方向"), lambda q: q.get_direction_display(), nowrap=True),
        Column(_("每年目标人数"), lambda q: q.target, numeric=True),
        Column(_("执行年度"), lambda q: q.years_text, nowrap=True),
    ],
    fields=[
        "reference", "plan_name", "pairing", "kind", "direction", "activity", "target", "first_year", "last_year",
        *PARTIES, "source", "note",
    ],
    create=services.quota_plan_create,
    update=services.quota_plan_update,
    delete=services.quota_plan_delete,
    search=("reference", "plan_name", "activity", "kind__name", "pairing__reference"),
    filters=("kind", "direction", "first_year"),
    importer="quota-plans",
    select_related=("kind", "pairing", "east_region", "west_region"),
))

TRAINING_BATCHES = register_ledger(Ledger(
    model=TrainingBatch,
    slug="training-batches",
    title=_("培训"),
    group=_("人才交流"),
    order=62,
    description=_("培训班：方向、主题、日期、期数、人数、人次、其中贫困人口；只知合计的登记为汇总。"),
    columns=[
        Column(_("编号"), lambda t: t.reference, link=lambda t: TRAINING_BATCHES.url("detail", t.pk), nowrap=True),
        Column(_("年度"), lambda t: t.year, numeric=True),
        Column(_("培训主题"), lambda t: t.topic),
        Column(_("方向"), lambda t: t.get_direction_display(), nowrap=True),
        dated_column(_("开始日期"), "start_date"),
        Column(_("期数"), lambda t: t.batches, numeric=True),
        Column(_("培训人数"), lambda t: t.persons, numeric=True),
        Column(_("培训人次"), lambda t: t.person_times, numeric=True),
        Column(_("其中贫困人口"), lambda t: t.poor_persons, numeric=True),
        Column(_("登记方式"), lambda t: t.get_basis_display()),
    ],
    fields=[
        "reference", "topic", "direction", "organiser", *PARTIES, "pairing", "place", "year", "start_date", "end_date",
        "batches", "persons", "person_times", "poor_persons", *BASIS_AND_SOURCE,
    ],
    create=services.training_batch_create,
    update=services.training_batch_update,
    delete=services.training_batch_delete,
    search=("reference", "topic", "organiser", "place"),
    filters=("year", "direction", "basis"),
    importer="training-batches",
    select_related=("east_region", "west_region", "pairing"),
))
