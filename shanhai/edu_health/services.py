from functools import partial

from shanhai.core.services import record_create, record_delete, record_update

from .models import HospitalGoal, HostClass, OneOneOne

# A class still named by 1+1+1 records is referenced (PROTECT): its delete is refused, naming them.
host_class_create = partial(record_create, model=HostClass)
host_class_update = record_update
host_class_delete = record_delete

one_one_one_create = partial(record_create, model=OneOneOne)
one_one_one_update = record_update
one_one_one_delete = record_delete

hospital_goal_create = partial(record_create, model=HospitalGoal)
hospital_goal_update = record_update
hospital_goal_delete = record_delete
