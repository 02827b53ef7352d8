"""Loading the seeds' world: accounts, regions, then the demo's templates through the import engine."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from shanhai.core.importing import ImportResult, import_file
from shanhai.core.models import RoleAssignment
from shanhai.core.registry import importer_get
from shanhai.regions.services import regions_load

from .accounts import ACCOUNTS, PASSWORD

DATA_DIR = Path(__file__).resolve().parent / "data"
# Import templates in the order they depend on one another (organisations before the pairings that
# name them, pairings before the ledgers). Each is loaded from data/<name>.csv.
DEMO_TEMPLATES = [
    "poverty",
    "reported",
    "organisations",
    "pairings",
    "donations",
    "charity-funds",
    "charity-receipts",
    "scholarships",
    "care-centres",
    "parks",
    "park-credit-lines",
    "west-enterprises",
    "signing-events",
    "signing-lines",
    "funds",
    "projects",
    "project-outputs",
    "fund-allocations",
    "benefit-links",
    "project-assets",
    "host-classes",
    "one-one-one",
    "hospital-goals",
    "incidents",
    "incident-aid",
    "quota-plans",
    "talent-placements",
    "visits",
    "joint-meetings",
    "promotion-events",
    "labour-stations",
    "jobs-offered",
    "order-classes",
    "transports",
    "employment-outcomes",
    "sales-channels",
    "sales",
    "distribution-contracts",
    "indicator-sets",
    "indicators",
    "targets",
    "agreements",
    "ten-have-checks",
    "reported-values",
    "work-logs",
]
DEMO_FILES = [(name, f"{name}.csv") for name in DEMO_TEMPLATES]
DEMO_REGION_PREFIXES = ["3205", "5206"]


class DemoLoadError(Exception):
    def __init__(self, filename: str, result: ImportResult):
        super().__init__(f"{filename}: " + "；".join(str(p) for p in result.problems[:10]))
        self.result = result


@transaction.atomic
def demo_accounts_ensure() -> dict:
    User = get_user_model()
    users = {}
    for username, display, superuser, roles in ACCOUNTS:
        user, _ = User.objects.get_or_create(username=username)
        user.first_name = display
        user.is_superuser = user.is_staff = superuser
        user.set_password(PASSWORD)
        user.save()
        for role, prefix, side in roles:
            RoleAssignment.objects.get_or_create(user=user, role=role, region_code=prefix, side=side)
        users[username] = user
    return users


def demo_load(*, data_dir: Path = DATA_DIR) -> list[tuple[str, ImportResult]]:
    """Idempotent: a second run finds every record unchanged and writes nothing new."""
    users = demo_accounts_ensure()
    admin = users["admin"]
    regions_load(
        actor=admin, source_dir=settings.REGION_SOURCE_DIR, source_name=settings.REGION_SOURCE_NAME,
        prefixes=DEMO_REGION_PREFIXES,
    )
    results = []
    for name, filename in DEMO_FILES:
        path = data_dir / filename
        result = import_file(importer_get(name), filename=filename, data=path.read_bytes(), actor=admin)
        if not result.ok:
            raise DemoLoadError(filename, result)
        results.append((filename, result))
    # Returns move through their steps (fill, submit, review) as the demo offices themselves, so they
    # are made by the returns services, not loaded from a file; held returns are left as they are.
    from shanhai.returns.demo import demo_returns_load

    demo_returns_load(users=users)
    return results
