"""The site's URLs plus this app's derived-figure routes, for the tests, until config/api_urls.py
registers ``ROUTES`` beside the other apps' (it is not this app's file)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from shanhai.exchanges.api import ROUTES

router = SimpleRouter()
for prefix, viewset, basename in ROUTES:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [path("api/", include(router.urls)), path("", include("config.urls"))]
