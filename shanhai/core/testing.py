"""Builders for test data (STYLE habit 13). Tests build what they need; nothing shared and mutable."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from .models import RoleAssignment


def user_with_role(username: str, role: str, region_code: str = "", side: str = ""):
    user = get_user_model().objects.create_user(username=username, password="test")
    RoleAssignment.objects.create(user=user, role=role, region_code=region_code, side=side)
    return user


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


# ---------------------------------------------------------------- browser tests

# Where browser tests leave their screenshots (kept by CI beside the test reports).
ARTIFACTS = Path(settings.BASE_DIR) / "var" / "test-artifacts"


def log_in(page, base_url: str, username: str, password: str = "demo") -> None:
    """Log in through the login form, as a person would, and wait for the home page."""
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")

