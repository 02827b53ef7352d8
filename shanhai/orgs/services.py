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


def organisation_delete(*, actor, organisation: Organisation) -> None:
    audited_delete(actor=actor, obj=organisation)
