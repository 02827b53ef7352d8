"""How other records' forms, API and imports take a visit: by its 台账编号 (a joint meeting held during it)."""

from shanhai.core.importing import parse_record
from shanhai.core.ledger import register_reference_fk

from .models import Visit

parse_visit = parse_record(Visit, template="考察互访")


def register():
    register_reference_fk(Visit)
