"""Writes to the consumption ledgers: plain records, checked by their model and audited (core.services)."""

from functools import partial

from shanhai.core.services import record_create, record_delete, record_update

from .models import DistributionContract, Sale, SalesChannel

# A channel with outlets or sales under it is still referenced (PROTECT): the delete is refused, naming them.
sales_channel_create = partial(record_create, model=SalesChannel)
sales_channel_update = record_update
sales_channel_delete = record_delete

sale_create = partial(record_create, model=Sale)
sale_update = record_update
sale_delete = record_delete

distribution_contract_create = partial(record_create, model=DistributionContract)
distribution_contract_update = record_update
distribution_contract_delete = record_delete
