from functools import partial

from shanhai.core.services import record_create, record_delete, record_update

from .models import Incident, IncidentAid

# An incident's aid links go with it (CASCADE); the donations and projects they name stay.
incident_create = partial(record_create, model=Incident)
incident_update = record_update
incident_delete = record_delete

incident_aid_create = partial(record_create, model=IncidentAid)
incident_aid_update = record_update
incident_aid_delete = record_delete
