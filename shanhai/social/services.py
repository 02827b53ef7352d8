from functools import partial

from shanhai.core.services import record_create, record_delete, record_update

from .models import Donation

donation_create = partial(record_create, model=Donation)
donation_update = record_update
donation_delete = record_delete
