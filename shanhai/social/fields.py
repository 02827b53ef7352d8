"""How forms and the API take a charity fund: by its 台账编号 (core.ledger.register_reference_fk)."""

from shanhai.core.ledger import register_reference_fk


def register():
    from .models import CharityFund

    register_reference_fk(CharityFund)
