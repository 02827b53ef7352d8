from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
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


class RefuseNulMiddleware:
    """A NUL character in the path or the query string is refused (400) before any lookup: PostgreSQL
    cannot hold it in text and would answer a lookup with an error, and no code or reference has one."""

    MESSAGE = "请求中含有空字符（\\x00），无法处理。"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query.lower() or "\x00" in query:
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": self.MESSAGE}, status=400)
            return HttpResponseBadRequest(self.MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
