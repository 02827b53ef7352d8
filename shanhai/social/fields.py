"""How forms and the API take a charity fund or a donation: by its 台账编号 (core.ledger.register_reference_fk)."""

from shanhai.core.ledger import register_reference_fk


def register():
    from .models import CharityFund, Donation

    register_reference_fk(CharityFund)
    register_reference_fk(Donation)
