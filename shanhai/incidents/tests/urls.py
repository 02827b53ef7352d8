"""The site's URLs plus this app's poverty-status page and API, until config/urls.py and
config/api_urls.py include them."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from config.urls import urlpatterns as site_urlpatterns
from shanhai.incidents.api import ROUTES

router = SimpleRouter()
for prefix, viewset, basename in ROUTES:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("poverty-status/", include("shanhai.incidents.urls")),
    path("api/", include(router.urls)),
    *site_urlpatterns,
]
