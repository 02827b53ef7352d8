"""How other records' forms, API and imports take a placement or a quota plan: by its 台账编号."""

from shanhai.core.importing import parse_record
from shanhai.core.ledger import register_reference_fk

from .models import QuotaPlan, TalentPlacement

parse_talent_placement = parse_record(TalentPlacement)
parse_quota_plan = parse_record(QuotaPlan)


def register():
    register_reference_fk(TalentPlacement)
    register_reference_fk(QuotaPlan)
