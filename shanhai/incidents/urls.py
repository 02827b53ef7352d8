"""The poverty-status pages: include as path("poverty-status/", include("shanhai.incidents.urls")) in config/urls.py."""

from django.urls import re_path

from . import views

app_name = "incidents"

urlpatterns = [
    # 6 digits for county and above, 9 for towns, 12 for villages (as the region pages take them).
    re_path(r"^(?P<code>\d{6}|\d{9}|\d{12})/$", views.poverty_status_page, name="poverty_status"),
]
