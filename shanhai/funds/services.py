"""Writes to the funds ledger: plain records, checked by their model and audited (core.services)."""

from functools import partial

from shanhai.core.services import record_create, record_delete, record_update

from .models import Fund

fund_create = partial(record_create, model=Fund)
fund_update = record_update
# A line still allocated to projects is refused (the allocation protects it) and named.
fund_delete = record_delete
