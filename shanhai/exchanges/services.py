from functools import partial

from shanhai.core.services import record_create, record_delete, record_update

from .models import JointMeeting, PromotionEvent, Visit

visit_create = partial(record_create, model=Visit)
visit_update = record_update
# A visit a joint meeting names is still referenced (PROTECT): the delete is refused, the meeting named.
visit_delete = record_delete

joint_meeting_create = partial(record_create, model=JointMeeting)
joint_meeting_update = record_update
joint_meeting_delete = record_delete

promotion_event_create = partial(record_create, model=PromotionEvent)
promotion_event_update = record_update
promotion_event_delete = record_delete
