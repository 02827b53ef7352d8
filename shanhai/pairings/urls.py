from django.urls import path, re_path

from . import views

app_name = "pairings"

urlpatterns = [
    path("", views.PairingListView.as_view(), name="pairing_list"),
    path("new/", views.PairingCreateView.as_view(), name="pairing_create"),
    path("network/", views.network_page, name="network"),
    path("party-row/", views.party_row, name="party_row"),
    path("suggest/", views.pairing_suggest, name="pairing_suggest"),
    path("<int:pk>/", views.PairingDetailView.as_view(), name="pairing_detail"),
    path("<int:pk>/edit/", views.PairingUpdateView.as_view(), name="pairing_update"),
    path("<int:pk>/delete/", views.PairingDeleteView.as_view(), name="pairing_delete"),
]

# Mounted at /coverage/ by config/urls.py: a county's page, outside the /pairings/ namespace.
coverage_urlpatterns = [
    path("", views.coverage_index, name="coverage_index"),
    re_path(r"^(?P<code>\d{6}|\d{9}|\d{12})/$", views.coverage_page, name="coverage"),
]
