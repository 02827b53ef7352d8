"""How other apps' forms and API take a pairing: by its reference (结对编号)."""

from django.utils.translation import gettext_lazy as _

from shanhai.core.ledger import register_pairing_subtree, register_reference_fk
from shanhai.core.scope import register_counterparts

from .models import Pairing


def subtree_ids(user, reference: str) -> list[int]:
    """A pairing the user sees, by its reference, and every pairing nested under it."""
    from .selectors import pairing_subtree_ids

    root = Pairing.objects.visible_to(user).filter(reference=reference).first()
    return pairing_subtree_ids(root) if root else []


def counterparts(scope) -> tuple[str, ...]:
    from .selectors import counterpart_prefixes

    return counterpart_prefixes(scope)


def register():
    register_reference_fk(Pairing, help_text=_("结对编号，如 KS-BJ"), suggest_url="pairings:pairing_suggest")
    register_pairing_subtree(subtree_ids)
    register_counterparts(counterparts)
