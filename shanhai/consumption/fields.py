"""How other ledgers' forms and API take a sales channel or a sale: by its 台账编号."""

from shanhai.core.ledger import register_reference_fk


def register():
    from .models import DistributionContract, Sale, SalesChannel

    register_reference_fk(SalesChannel)
    register_reference_fk(Sale)
    register_reference_fk(DistributionContract)
