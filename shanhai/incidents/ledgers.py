from django.utils.translation import gettext_lazy as _

from shanhai.core.ledger import Ledger, register_ledger
from shanhai.core.tables import Column, dated_column

from . import services
from .models import Incident, IncidentAid

GROUP = _("突发事件")

INCIDENT_FIELDS = [
    "reference", "kind", "title", "place", "place_detail", "pairing", "date", "households_hit", "persons_hit",
    "exited_households_hit", "exited_persons_hit", "poor_households_hit", "poor_persons_hit", "damage",
    "main_houses_destroyed", "main_rooms_destroyed", "side_rooms_destroyed", "direct_loss", "basis", "qualifier",
    "source", "note",
]

INCIDENTS = register_ledger(Ledger(
    model=Incident,
    slug="incidents",
    title=_("突发事件"),
    group=GROUP,
    order=90,
    description=_("火灾、洪涝等突发事件：地点、日期、受灾户与人（其中已脱贫、未脱贫）、损失，以及随后的帮扶（关联捐赠与项目）。"),
    columns=[
        Column(_("编号"), lambda i: i.reference, link=lambda i: INCIDENTS.url("detail", i.pk), nowrap=True),
        Column(_("类别"), lambda i: i.kind.name),
        Column(_("事件名称"), lambda i: i.title),
        dated_column(_("发生日期"), "date"),
        Column(_("受灾户数"), lambda i: i.households_hit, numeric=True),
        Column(_("受灾人数"), lambda i: i.persons_hit, numeric=True),
        Column(_("其中已脱贫户"), lambda i: i.exited_households_hit, numeric=True),
        Column(_("其中未脱贫户"), lambda i: i.poor_households_hit, numeric=True),
    ],
    fields=INCIDENT_FIELDS,
    detail_fields=INCIDENT_FIELDS,
    create=services.incident_create,
    update=services.incident_update,
    delete=services.incident_delete,
    search=("reference", "title", "place_detail", "damage"),
    filters=("kind", "basis"),
    importer="incidents",
    select_related=("kind", "place", "pairing"),
))

AID_FIELDS = ["reference", "incident", "donation", "project", "purpose", "source", "note"]

INCIDENT_AID = register_ledger(Ledger(
    model=IncidentAid,
    slug="incident-aid",
    title=_("灾后帮扶"),
    group=GROUP,
    order=91,
    description=_("事件之后的帮扶：关联已登记的捐赠或项目，金额只记在捐赠或项目上，不重复登记。"),
    columns=[
        Column(_("编号"), lambda a: a.reference, link=lambda a: INCIDENT_AID.url("detail", a.pk), nowrap=True),
        Column(_("事件"), lambda a: a.incident.title),
        Column(_("捐赠"), lambda a: a.donation.reference if a.donation_id else ""),
        Column(_("项目"), lambda a: a.project.reference if a.project_id else ""),
        Column(_("帮扶"), lambda a: a.aid_text),
        Column(_("用途"), lambda a: a.purpose),
    ],
    fields=AID_FIELDS,
    detail_fields=AID_FIELDS,
    create=services.incident_aid_create,
    update=services.incident_aid_update,
    delete=services.incident_aid_delete,
    search=("reference", "incident__title", "purpose", "donation__reference", "project__reference"),
    importer="incident-aid",
    select_related=("incident", "donation", "project"),
))
