"""How other apps' forms and API take a pairing: by its reference (结对编号)."""

from django.utils.translation import gettext_lazy as _

from shanhai.core.ledger import register_reference_fk

from .models import Pairing


def register():
    register_reference_fk(Pairing, help_text=_("结对编号，如 KS-BJ"), suggest_url="pairings:pairing_suggest")
