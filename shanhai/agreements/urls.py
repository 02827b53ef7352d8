"""The agreements pages: include as path("agreements/", include("shanhai.agreements.urls")) in config/urls.py."""

from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("ten-haves/<int:pk>/", views.ten_haves_latest, name="ten_haves_latest"),
    path("ten-haves/<int:pk>/<int:year>/", views.ten_haves_page, name="ten_haves"),
    path("ten-haves/<int:pk>/<int:year>/<slug:code>/confirm/", views.ten_have_confirm, name="ten_have_confirm"),
    path("ten-haves/<int:pk>/<int:year>/<slug:code>/revoke/", views.ten_have_revoke, name="ten_have_revoke"),
    path("ten-haves/checks/<int:pk>/attachment/", views.check_attachment, name="check_attachment"),
    path("<int:pk>/document/", views.agreement_document, name="agreement_document"),
]
