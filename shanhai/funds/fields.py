"""How other ledgers' forms and API take a fund line: by its 台账编号, among the lines the user sees."""

from django.utils.translation import gettext_lazy as _

from shanhai.core.ledger import register_reference_fk

from .models import Fund


def register():
    register_reference_fk(Fund, help_text=_("资金台账编号，如 KS-BJ-FUND-ALL"))
