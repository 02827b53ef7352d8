from .audit import audit_source
from .models import AuditSource


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
