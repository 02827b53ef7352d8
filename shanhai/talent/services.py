from functools import partial

from shanhai.core.services import record_create, record_delete, record_update

from .models import QuotaPlan, TalentPlacement, TrainingBatch

talent_placement_create = partial(record_create, model=TalentPlacement)
talent_placement_update = record_update
talent_placement_delete = record_delete

quota_plan_create = partial(record_create, model=QuotaPlan)
quota_plan_update = record_update
quota_plan_delete = record_delete

training_batch_create = partial(record_create, model=TrainingBatch)
training_batch_update = record_update
training_batch_delete = record_delete
