from django.db.models import Q, QuerySet

from .models import Organisation


def organisations_search(*, user, query: str = "", kind: str = "", region_prefix: str = "") -> QuerySet[Organisation]:
    """Scoped search by full name, short name or pinyin initials; sorted by pinyin."""
    qs = Organisation.objects.visible_to(user).select_related("kind", "region")
    if query:
        q = Q(name__contains=query) | Q(short_name__contains=query)
        if query.isascii():
            q |= Q(initials__startswith=query.lower())
        qs = qs.filter(q)
    if kind:
        qs = qs.filter(kind_id=kind)
    if region_prefix:
        qs = qs.filter(region__code__startswith=region_prefix)
    return qs


def organisation_lookup(*, user, name: str, region_prefix: str = "") -> list[Organisation]:
    """Every organisation a name can mean (full or short name) among those ``user`` reads (their own
    regions and across their pairs), for forms and imports to resolve or to reject."""
    qs = Organisation.objects.visible_to(user).filter(Q(name=name) | Q(short_name=name))
    if region_prefix:
        qs = qs.filter(region__code__startswith=region_prefix)
    return list(qs.select_related("region")[:5])
