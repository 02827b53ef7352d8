from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from shanhai.core.scope import Action, scope_for
from shanhai.core.services import audited_delete, audited_save

from .models import Pairing, PairingParty, PartyRole, PartyType

FIELDS = ("reference", "kind", "parent", "name", "start_date", "end_date", "precisions", "status", "agreement", "source", "note")


@dataclass
class PartySpec:
    role: str
    party_type: str
    region: object = None
    organisation: object = None
    count: int = 1
    member_kind: object = None
    exited: bool | None = None
    label: str = ""


def acting_region(organisation, region):
    """Where an organisation party stands: its own region, or the region below it that it acts in
    (苏州's state enterprise acting in Kunshan ↔ Bijiang stands at Kunshan, and stays named)."""
    if region is not None and region.code != organisation.region_id and region.code.startswith(organisation.region.prefix):
        return region
    return organisation.region


def parties_build(specs: list[PartySpec]) -> list[PairingParty]:
    parties = []
    for order, spec in enumerate(specs):
        region = spec.region if spec.organisation is None else acting_region(spec.organisation, spec.region)
        if region is None:
            raise ValidationError("结对方须有所在区划。")
        party = PairingParty(
            role=spec.role, party_type=spec.party_type, region=region, organisation=spec.organisation,
            count=spec.count, member_kind=spec.member_kind, exited=spec.exited, label=spec.label, order=order,
        )
        party.clean()
        parties.append(party)
    roles = {p.role for p in parties}
    if PartyRole.HELPER not in roles or PartyRole.HELPED not in roles:
        raise ValidationError("结对须至少有一个帮扶方和一个受帮扶方。")
    return parties


def _save_parties(pairing: Pairing, parties: list[PairingParty]) -> None:
    pairing.parties.all().delete()
    for party in parties:
        party.pairing = pairing
    PairingParty.objects.bulk_create(parties)
    pairing.__dict__.pop("_pending_parties", None)
    pairing.__dict__.get("_prefetched_objects_cache", {}).pop("parties", None)


def _require_other_parties_kept(*, actor, pairing: Pairing, new_parties: list[PairingParty]) -> None:
    """Each office changes its own parties of a pairing; the parties it does not hold are their
    offices' (ADR 010): the 思渠镇 operator keeps 高山村's side of 亨通集团 ↔ 高山村, not 亨通集团."""
    if pairing.pk is None:
        return
    scope = scope_for(actor, Action.CHANGE)
    if scope.everything:
        return

    def others(parties):
        return sorted((p.identity() for p in parties if not scope.covers(p.region_id, p.side)), key=repr)

    stored = list(PairingParty.objects.filter(pairing_id=pairing.pk).select_related("region", "organisation", "member_kind"))
    if others(stored) != others(new_parties):
        names = "、".join(p.describe() for p in stored if not scope.covers(p.region_id, p.side))
        raise PermissionDenied(
            _("结对中不属于您的一方（%(names)s）只能由其所在单位改动。") % {"names": names or "—"}
        )


def _save_with_parties(*, actor, pairing: Pairing, parties: list[PartySpec]) -> Pairing:
    # The pending parties make the scope check see the new parties; audited_save checks the
    # stored ones separately, so the actor must cover the pairing before and after.
    new_parties = parties_build(parties)
    _require_other_parties_kept(actor=actor, pairing=pairing, new_parties=new_parties)
    pairing._pending_parties = new_parties
    return audited_save(actor=actor, obj=pairing, after_save=lambda p: _save_parties(p, new_parties))


def pairing_create(*, actor, parties: list[PartySpec], **fields) -> Pairing:
    pairing = Pairing(**{k: v for k, v in fields.items() if k in FIELDS})
    return _save_with_parties(actor=actor, pairing=pairing, parties=parties)


def pairing_update(*, actor, pairing: Pairing, parties: list[PartySpec] | None = None, **fields) -> Pairing:
    """Change fields and, when given, replace the parties; the actor must cover old and new."""
    for name, value in fields.items():
        if name in FIELDS:
            setattr(pairing, name, value)
    if parties is None:
        return audited_save(actor=actor, obj=pairing)
    return _save_with_parties(actor=actor, pairing=pairing, parties=parties)


def _has_children(pairing: Pairing) -> str | None:
    if pairing.children.exists():
        return "该结对下还有下级结对，请先删除或移走下级结对。"
    return None


def pairing_delete(*, actor, pairing: Pairing) -> None:
    audited_delete(actor=actor, obj=pairing, refuse_if=_has_children)


__all__ = ["PartyRole", "PartySpec", "PartyType", "pairing_create", "pairing_delete", "pairing_update"]
