from django.conf import settings
from django.utils import translation

from .audit import audit_source
from .models import AuditSource


class ChineseFirstLocaleMiddleware:
    """Simplified Chinese unless the user chose otherwise with the language switch.

    Django's LocaleMiddleware follows the browser's Accept-Language; an office machine set up in
    English would then show English pages. Here only the language cookie (set by /i18n/setlang/)
    changes the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class AuditSourceMiddleware:
    """Marks every write made during a request with where it came from."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith("/api/"):
            source = AuditSource.API
        elif path.startswith("/admin/"):
            source = AuditSource.ADMIN
        else:
            source = AuditSource.UI
        with audit_source(source):
            return self.get_response(request)
