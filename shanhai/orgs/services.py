from shanhai.core.services import audited_delete, audited_save

from .models import Organisation

FIELDS = ("name", "short_name", "kind", "region", "credit_code", "note")


def organisation_create(*, actor, **fields) -> Organisation:
    return audited_save(actor=actor, obj=Organisation(**{k: v for k, v in fields.items() if k in FIELDS}))


def organisation_update(*, actor, organisation: Organisation, **fields) -> Organisation:
    for name, value in fields.items():
        if name in FIELDS:
            setattr(organisation, name, value)
    return audited_save(actor=actor, obj=organisation)


def _still_paired(organisation: Organisation) -> str | None:
    refs = sorted(set(organisation.pairing_parties.values_list("pairing__reference", flat=True)))
    if refs:
        return f"{organisation} 仍是结对方（{'、'.join(refs[:10])}），请先修改或删除这些结对。"
    return None


def organisation_delete(*, actor, organisation: Organisation) -> None:
    audited_delete(actor=actor, obj=organisation, refuse_if=_still_paired)
