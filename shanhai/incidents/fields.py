"""How other records' forms and API take an incident: by its 台账编号 (core.ledger.register_reference_fk)."""

from django.utils.translation import gettext_lazy as _

from shanhai.core.ledger import register_reference_fk


def register():
    from .models import Incident

    register_reference_fk(Incident, help_text=_("事件台账编号，如 BJ-INC-LT-FIRE"))
