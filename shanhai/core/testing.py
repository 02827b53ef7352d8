"""Builders for test data (STYLE habit 13). Tests build what they need; nothing shared and mutable."""

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
