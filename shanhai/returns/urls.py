from django.urls import path

from . import views

app_name = "returns"
urlpatterns = [
    path("", views.ReturnListView.as_view(), name="return_list"),
    path("new/", views.return_create, name="return_create"),
    path("<int:pk>/", views.return_detail, name="return_detail"),
    path("<int:pk>/export/", views.return_export, name="return_export"),
    path("<int:pk>/figures/<int:figure_pk>/", views.figure_set, name="figure_set"),
    path("<int:pk>/<slug:action>/", views.return_action, name="return_action"),
    path(
        "rollup/<int:pairing_pk>/<slug:period_kind>/<int:year>/<int:period_no>/", views.rollup, name="rollup",
    ),
    path("rollup/nation/<slug:period_kind>/<int:year>/<int:period_no>/", views.rollup, name="rollup_nation"),
    path("work-logs/<int:pk>/attachment/", views.work_log_attachment, name="work_log_attachment"),
]
