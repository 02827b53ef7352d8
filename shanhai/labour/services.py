"""Writes to the labour ledgers: plain records, checked by their model and audited (core.services)."""

from functools import partial

from shanhai.core.services import record_create, record_delete, record_update

from .models import EmploymentOutcome, JobFair, JobsOffered, LabourStation, OrderClass, OrganisedTransport

labour_station_create = partial(record_create, model=LabourStation)
labour_station_update = record_update
labour_station_delete = record_delete

job_fair_create = partial(record_create, model=JobFair)
job_fair_update = record_update
job_fair_delete = record_delete

jobs_offered_create = partial(record_create, model=JobsOffered)
jobs_offered_update = record_update
jobs_offered_delete = record_delete

order_class_create = partial(record_create, model=OrderClass)
order_class_update = record_update
order_class_delete = record_delete

# A transport that employment outcomes point at is kept (PROTECT) and the outcomes are named.
transport_create = partial(record_create, model=OrganisedTransport)
transport_update = record_update
transport_delete = record_delete

employment_outcome_create = partial(record_create, model=EmploymentOutcome)
employment_outcome_update = record_update
employment_outcome_delete = record_delete
