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



def upload(name: str, data: bytes):
    """A file as a browser or an API client uploads it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    content_type = "text/csv" if name.endswith(".csv") else "application/octet-stream"
    return SimpleUploadedFile(name, data, content_type=content_type)


# The write rule's refusals (ADR 010), whichever of its checks spoke first: a reference beyond sight, a
# region beyond one's pairs, a record the other side keeps, a party of another office's.
OUT_OF_REACH = ("超出权限范围", "不在您的权限范围内", "已被其他单位", "不在您的结对范围内", "您可以查看，不能修改", "只能由其所在单位改动")


def out_of_reach(reason: str) -> bool:
    """Whether a refusal is the write rule's (not a validation message about the row itself)."""
    return any(marker in str(reason) for marker in OUT_OF_REACH)
