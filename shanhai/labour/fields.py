"""How other ledgers' forms and API take a labour record: by its 台账编号 (core.ledger.register_reference_fk)."""

from shanhai.core.ledger import register_reference_fk


def register():
    from .models import LabourStation, OrderClass, OrganisedTransport

    register_reference_fk(OrganisedTransport)
    register_reference_fk(LabourStation)
    register_reference_fk(OrderClass)
