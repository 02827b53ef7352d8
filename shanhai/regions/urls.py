from django.urls import path, re_path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.RegionListView.as_view(), name="region_list"),
    path("suggest/", views.region_suggest, name="region_suggest"),
    # 6 digits for county and above (GB/T 2260), 9 for towns, 12 for villages; padded codes too.
    re_path(r"^(?P<code>\d{6}|\d{9}|\d{12})/$", views.region_detail, name="region_detail"),
]
