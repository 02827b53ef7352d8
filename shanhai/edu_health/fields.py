"""How other records' forms and API take a host class: by its 台账编号 (core.ledger.register_reference_fk)."""

from django.utils.translation import gettext_lazy as _

from shanhai.core.ledger import register_reference_fk


def register():
    from .models import HostClass

    register_reference_fk(HostClass, help_text=_("定向班台账编号，如 SZ-TR-CLASS-SZJS"))
