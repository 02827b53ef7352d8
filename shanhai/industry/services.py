from functools import partial

from shanhai.core.services import record_create, record_delete, record_update

from .models import Park, ParkCreditLine, SigningEvent, SigningLine, WestEnterprise

# A park with credit lines or enterprises, an event with lines, is still referenced (PROTECT): the
# delete is refused and the referencing records are named.
park_create = partial(record_create, model=Park)
park_update = record_update
park_delete = record_delete

park_credit_line_create = partial(record_create, model=ParkCreditLine)
park_credit_line_update = record_update
park_credit_line_delete = record_delete

west_enterprise_create = partial(record_create, model=WestEnterprise)
west_enterprise_update = record_update
west_enterprise_delete = record_delete

signing_event_create = partial(record_create, model=SigningEvent)
signing_event_update = record_update
signing_event_delete = record_delete

signing_line_create = partial(record_create, model=SigningLine)
signing_line_update = record_update
signing_line_delete = record_delete
