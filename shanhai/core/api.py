"""The API's shared machinery: scoped viewsets, service calls, the audit trail and the import engine.

Every viewset reads through ``Model.objects.visible_to(user, VIEW)``, so a record outside the
caller's regions answers 404 exactly as if it did not exist. Writes call the app's service with
the caller as ``actor``; the service checks the scope and writes the audit row, and this module
only turns its exceptions into HTTP answers (400, 403, 409). Nothing here decides who may do what.
"""

from contextlib import contextmanager
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponse
from django.utils.encoding import escape_uri_path
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from .importing import import_file, template_workbook
from .models import AuditEntry
from .registry import importer_get, importers_all
from .scope import Action, scope_for
from .services import StillReferenced

# ---------------------------------------------------------------- fields and pagination


class PlainDecimalField(serializers.DecimalField):
    """Decimal figures as strings without padding: "8", "1.25", "3.3" — the way reports print them."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 20)
        kwargs.setdefault("decimal_places", 4)
        kwargs["coerce_to_string"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        if value is None:
            return None
        if not isinstance(value, Decimal):
            value = Decimal(str(value))
        return format(value.normalize(), "f")


class VisibleReferenceField(serializers.SlugRelatedField):
    """A record named by its reference; one the caller cannot see is answered as if it did not exist."""

    def get_queryset(self):
        request = self.context.get("request")
        return self.queryset.visible_to(request.user) if request is not None else self.queryset


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


# ---------------------------------------------------------------- service calls


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "记录仍被引用。"
    default_code = "conflict"


def _django_validation_detail(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if name == NON_FIELD_ERRORS else name): messages
            for name, messages in exc.message_dict.items()
        }
    return {"non_field_errors": exc.messages}


@contextmanager
def service_errors():
    """Run a service call; its refusals become 400 (invalid), 403 (out of scope) or 409 (still in use).

    The services are atomic, so when they raise, nothing they began has been written.
    """
    try:
        yield
    except StillReferenced as exc:
        raise Conflict(exc.messages[0]) from exc
    except DjangoValidationError as exc:
        raise exceptions.ValidationError(_django_validation_detail(exc)) from exc
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc
    except (ProtectedError, RestrictedError) as exc:
        refs = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        names = sorted({f"{o._meta.verbose_name}「{o}」" for o in list(refs)[:5]})
        raise Conflict(f"仍被其他记录引用，不能删除：{'、'.join(names)}") from exc


class WritesInScope(permissions.IsAuthenticated):
    """Unsafe methods need a role that writes somewhere (auditors read only).

    Whether the caller may write *this* record is the service's question; this only turns away, before
    any validation, callers who may write nothing at all.
    """

    message = "您的角色只读，不能修改数据。"

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        scope = scope_for(request.user, Action.CHANGE)
        return scope.everything or bool(scope.grants)


# ---------------------------------------------------------------- viewsets


class ScopedViewSetMixin:
    """``get_queryset`` is the one scoping method; ``scope_queryset`` adds joins and prefetches."""

    model = None
    permission_classes = [WritesInScope]
    pagination_class = Pagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no real user
            return self.model.objects.none()
        return self.scope_queryset(self.model.objects.visible_to(self.request.user, Action.VIEW))

    def scope_queryset(self, qs):
        return qs

    def filter_queryset(self, queryset):
        # List filters only: on a detail route (/pairings/3/totals/?kind=county) the query
        # parameters belong to the action, not to the lookup of the object.
        if self.detail:
            return queryset
        return super().filter_queryset(queryset)

    def refetch(self, obj):
        """The saved object as the read path serves it (joins, prefetches, derived fields)."""
        return self.get_queryset().filter(pk=obj.pk).first() or obj


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Subclasses implement perform_create/perform_update/perform_destroy as service calls inside
    ``service_errors()``, and set ``serializer.instance`` to what the service returned."""

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]


class ReferenceViewSet(viewsets.ReadOnlyModelViewSet):
    """Reference data (kinds, indicators, targets): the same for everybody, edited in the admin."""

    pagination_class = Pagination
    filter_backends = []


# ---------------------------------------------------------------- audit trail


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True)
    actor_name = serializers.SerializerMethodField()
    content_type = serializers.SerializerMethodField()
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    source_display = serializers.CharField(source="get_source_display", read_only=True)
    region_codes = serializers.ListField(child=serializers.CharField(), read_only=True)
    before = serializers.JSONField(read_only=True)
    after = serializers.JSONField(read_only=True)

    class Meta:
        model = AuditEntry
        fields = [
            "id", "at", "actor", "actor_name", "action", "action_display", "source", "source_display",
            "content_type", "object_id", "object_repr", "region_codes", "batch", "before", "after",
        ]
        read_only_fields = fields

    def get_actor_name(self, entry) -> str:
        return entry.actor.get_full_name() or entry.actor.username

    def get_content_type(self, entry) -> str:
        return f"{entry.content_type.app_label}.{entry.content_type.model}"


class AuditEntryFilter(filters.FilterSet):
    content_type = filters.CharFilter(method="filter_content_type", label="对象类型，如 orgs.organisation")
    actor = filters.CharFilter(field_name="actor__username", label="操作人用户名")
    within = filters.CharFilter(method="filter_within", label="涉及区划代码前缀，如 520602")

    class Meta:
        model = AuditEntry
        fields = ["content_type", "object_id", "actor", "action", "source", "batch"]

    def filter_content_type(self, qs, name, value):
        app_label, _, model = value.partition(".")
        if not model:
            return qs.filter(content_type__model=app_label.lower())
        return qs.filter(content_type__app_label=app_label, content_type__model=model.lower())

    def filter_within(self, qs, name, value):
        if not value.isdigit():
            raise exceptions.ValidationError({"within": ["区划代码前缀只能由数字组成。"]})
        return qs.filter(region_index__contains=" " + value)


class AuditEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit trail (who, when, which object, before and after), scoped like the objects."""

    serializer_class = AuditEntrySerializer
    filterset_class = AuditEntryFilter
    pagination_class = Pagination
    search_fields = ["object_repr"]
    ordering_fields = ["at", "id"]
    ordering = ["-at", "-id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AuditEntry.objects.none()
        return AuditEntry.objects.visible_to(self.request.user).select_related("actor", "content_type")


# ---------------------------------------------------------------- imports


class ImportColumnSerializer(serializers.Serializer):
    header = serializers.CharField()
    field = serializers.CharField()
    required = serializers.BooleanField()
    help = serializers.CharField()
    example = serializers.CharField()
    choices = serializers.ListField(child=serializers.CharField())


class ImporterSerializer(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField()
    key = serializers.ListField(child=serializers.CharField())
    columns = ImportColumnSerializer(many=True)


class ProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="表格行号（表头为第 1 行；0 表示整个文件）")
    column = serializers.CharField(help_text="中文列名；空为整行")
    value = serializers.CharField()
    reason = serializers.CharField()
    message = serializers.CharField(source="__str__")


class ImportResultSerializer(serializers.Serializer):
    importer = serializers.CharField()
    ok = serializers.BooleanField()
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField(help_text="与系统中已有记录相同、未改动的行")
    batch = serializers.CharField(help_text="本次导入的批次号，变更记录可按批次筛选")
    problems = ProblemSerializer(many=True)


def _importer_or_404(name):
    importer = importer_get(name)
    if importer is None:
        raise exceptions.NotFound(f"没有名为「{name}」的导入模板。")
    return importer


def _importer_data(importer):
    return {
        "name": importer.name,
        "title": importer.title,
        "key": list(importer.key),
        "columns": [
            {"header": c.header, "field": c.field, "required": c.required, "help": c.help, "example": c.example, "choices": list(c.choices)}
            for c in importer.columns
        ],
    }


class ImportListView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=ImporterSerializer(many=True), summary="导入模板列表")
    def get(self, request):
        return Response([_importer_data(i) for i in importers_all()])


class ImportView(APIView):
    """One template: GET describes it; POST runs a file through the import engine.

    The engine validates every row with the same checks the pages use (including the caller's scope)
    and writes nothing unless the whole file is clean; the problems come back row by row.
    """

    permission_classes = [WritesInScope]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=ImporterSerializer, summary="导入模板说明")
    def get(self, request, name):
        return Response(_importer_data(_importer_or_404(name)))

    @extend_schema(
        summary="上传并导入（全部通过才写入）",
        request={
            "multipart/form-data": inline_serializer(
                "ImportUpload", {"file": serializers.FileField(help_text=".xlsx，或 UTF-8 / GBK 编码的 CSV")}
            )
        },
        responses={
            200: ImportResultSerializer,
            400: OpenApiResponse(ImportResultSerializer, description="有问题的行，逐行列出；未写入任何数据"),
            403: OpenApiResponse(description="只读角色"),
            404: OpenApiResponse(description="没有这个模板"),
        },
    )
    def post(self, request, name):
        importer = _importer_or_404(name)
        upload = request.FILES.get("file")
        if upload is None:
            raise exceptions.ValidationError({"file": ["请上传文件（表单字段 file）。"]})
        result = import_file(importer, filename=upload.name, data=upload.read(), actor=request.user)
        data = ImportResultSerializer(result).data
        return Response(data, status=status.HTTP_200_OK if result.ok else status.HTTP_400_BAD_REQUEST)


class ImportTemplateView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="下载 Excel 模板",
        responses={(200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY},
    )
    def get(self, request, name):
        importer = _importer_or_404(name)
        response = HttpResponse(
            template_workbook(importer),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(importer.title)}模板.xlsx"
        return response
