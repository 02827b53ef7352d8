"""How other records' forms, API and imports take a park or a signing event: by its 台账编号."""

from shanhai.core.importing import parse_record
from shanhai.core.ledger import register_reference_fk

from .models import Park, SigningEvent

parse_park = parse_record(Park)
parse_signing_event = parse_record(SigningEvent)


def register():
    register_reference_fk(Park)
    register_reference_fk(SigningEvent)
