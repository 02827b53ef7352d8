from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="core/login.html", redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("history/", views.history, name="history"),
    path("imports/", views.imports, name="imports"),
    path("imports/<slug:name>/template.xlsx", views.import_template, name="import_template"),
    path("imports/<slug:name>/", views.import_upload, name="import_upload"),
]
