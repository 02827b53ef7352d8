"""The project's URLs plus this app's derived-figure API (``shanhai.industry.api.ROUTES``).

config/api_urls.py does not register those routes yet; tests of them run against this URLconf
(``@pytest.mark.urls``) so they exercise the real URL, router and permissions meanwhile.
"""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from config.urls import urlpatterns as project_urlpatterns
from shanhai.industry.api import ROUTES

router = SimpleRouter()
for prefix, viewset, basename in ROUTES:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [path("api/", include(router.urls)), *project_urlpatterns]
