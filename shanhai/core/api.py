"""The API's shared machinery: scoped viewsets, service calls, the audit trail and the import engine.

Every viewset reads through ``Model.objects.visible_to(user, VIEW)``, so a record outside the
caller's regions answers 404 exactly as if it did not exist. Writes call the app's service with
the caller as ``actor``; the service checks the scope and writes the audit row, and this module
only turns its exceptions into HTTP answers (400, 403, 409). Nothing here decides who may do what.
"""

import re
from collections.abc import Mapping
from contextlib import contextmanager
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponse
from django.urls.converters import get_converters
from django.utils.encoding import escape_uri_path
from django_filters import rest_framework as filters
from drf_spectacular.extensions import OpenApiViewExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent, analyze_named_regex_pattern, anchor_pattern
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    inline_serializer,
)
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from .audit import audit_entries_for, object_trail
from .bounds import is_year_field
from .importing import ImportResult, Problem, import_file, template_workbook
from .models import AuditEntry
from .registry import importer_get, importers_all
from .scope import Action, not_visible_message, record_visible, scope_for
from .services import StaleRecord, StillReferenced, WriteConflict, expect_version
from .tabular import FileError, check_upload_size
from .years import parse_year_text, validate_year, year_message

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


class RefusesNullCharacters:
    """A serializer whose values may be looked up (a reference, a kind's code): one with a null character
    is refused as that field's error before any field looks a record up by it. PostgreSQL text cannot
    hold the character, so the lookup itself would fail as a server error; text fields refuse it anyway."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            refused = {
                name: [ProhibitNullCharactersValidator.message]
                for name in self.fields
                if isinstance(data.get(name), str) and "\x00" in data.get(name)
            }
            if refused:
                raise serializers.ValidationError(refused)
        return super().to_internal_value(data)

    def build_standard_field(self, field_name, model_field):
        """A year field answers with the one year rule's words alone: the column's own range (PostgreSQL's
        smallint stops at 32767, SQLite's has none) is wider than the programme's, so its message would
        differ by database and say nothing useful."""
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if is_year_field(model_field):
            kwargs.pop("max_value", None)
            kwargs.pop("min_value", None)
            kwargs["validators"] = [validate_year]
        return field_class, kwargs


class VisibleReferenceField(serializers.SlugRelatedField):
    """A record named by its reference; one the caller cannot see is answered as if it did not exist."""

    def get_queryset(self):
        request = self.context.get("request")
        return self.queryset.visible_to(request.user) if request is not None else self.queryset

    def to_internal_value(self, data):
        request = self.context.get("request")
        user = request.user if request is not None else None
        found = record_visible(self.queryset.model, user=user, **{self.slug_field: str(data)}) if user else None
        if found is None:
            raise serializers.ValidationError(not_visible_message(self.queryset.model, data))
        return found


class VisiblePrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A record named by its id, among those the caller reads; any other reads as 'does not exist'."""

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.queryset.none()
        return self.queryset.visible_to(request.user)


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


# ---------------------------------------------------------------- the schema's errors and versions


class ErrorSerializer(serializers.Serializer):
    """What every refusal but a field's answers: 401, 403, 404, 409, 412 (and 400 for a request that
    cannot be read at all)."""

    detail = serializers.CharField(help_text="原因")


# 400 from a serializer or a service's full_clean: each field's problems, the record's as a whole under
# non_field_errors; a request that cannot be parsed answers {"detail": ...}, and a query parameter that
# cannot be read at all (a null character in ?search=) a bare list of messages.
VALIDATION_ERRORS = {
    "oneOf": [
        {
            "type": "object",
            "description": "字段名 → 该字段的问题（列表；嵌套字段为同样形状的对象）；整条记录的问题在 non_field_errors",
            "properties": {
                "non_field_errors": {"type": "array", "items": {"type": "string"}},
                "detail": {"type": "string", "description": "请求无法解析时的原因"},
            },
            "additionalProperties": {},
        },
        {"type": "array", "items": {"type": "string"}, "description": "无法读取的查询参数（如 search 中的空字符）"},
    ],
    "example": {"year": ["年度应为 1996–2050 年之间的四位年份，如 2019。"]},
}

WRITES = ("POST", "PUT", "PATCH", "DELETE")
IF_MATCH_METHODS = ("PUT", "PATCH", "DELETE")


class ApiSchema(AutoSchema):
    """Every operation documents the errors the API answers, beside what it answers when it works:
    400 (the request or a field), 401 (no or an expired token), 403 (a role or region that may not),
    404 (nothing there, or not in the caller's regions, or a page past the last); a write also 409
    (the record is still referenced, or was made twice at once), and PUT, PATCH and DELETE 412 (If-Match
    names a version that is no longer the record's). The model viewsets' records carry their version as
    ETag, and take it back in If-Match.

    Set as ``schema`` on the API's base classes and on every plain ViewSet; a test checks that every
    operation in /api/schema/ documents these."""

    def _authenticated(self) -> bool:
        return any(
            not issubclass(p, permissions.AllowAny) for p in getattr(self.view, "permission_classes", ())
        )

    def _versioned(self) -> bool:
        """A model viewset over a versioned record: its detail, create and update answer an ETag."""
        model = getattr(self.view, "model", None)
        return (
            isinstance(self.view, ScopedModelViewSet)
            and model is not None
            and any(f.name == "version" for f in model._meta.concrete_fields)
        )

    def get_override_parameters(self):
        params = list(super().get_override_parameters())
        if not self._versioned():
            return params
        action = getattr(self.view, "action", None)
        if action in ("retrieve", "create", "update", "partial_update"):
            params.append(OpenApiParameter(
                "ETag", OpenApiTypes.STR, OpenApiParameter.HEADER, response=["200", "201"], required=True,
                description='记录的版本，如 "3"；修改或删除时放在 If-Match 中，只在记录仍是这一版时写入',
            ))
        if action in ("update", "partial_update", "destroy"):
            params.append(OpenApiParameter(
                "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
                description='读取时得到的 ETag（如 "3"）；记录已被他人改过则答 412，不写入。不给则不检查',
            ))
        return params

    def _get_parameters(self):
        # A path parameter is what its URL pattern matches: /api/member-kinds/a.b/ or /api/imports/页/ never
        # reach the view (Django's own 404 page answers), so the schema says which values can.
        parameters = super()._get_parameters()
        patterns = self._path_patterns()
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if (
                parameter["in"] == "path" and parameter["name"] in patterns and schema.get("type") == "string"
                and "pattern" not in schema and "enum" not in schema
            ):
                parameter["schema"] = {**schema, "pattern": patterns[parameter["name"]]}
        return parameters

    def _path_patterns(self) -> dict[str, str]:
        found = dict(analyze_named_regex_pattern(self.path_regex))
        converters = get_converters()
        for converter, name in re.findall(r"<(\w+):(\w+)>", self.path_regex):
            if converter in converters:
                found[name] = converters[converter].regex
        return {name: anchor_pattern(pattern) for name, pattern in found.items()}

    def _error_component(self, name: str, schema: dict) -> dict:
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name)
        self.registry.register_on_missing(component)
        return component.ref

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        detail = self.resolve_serializer(ErrorSerializer, direction).ref
        errors = {"400": (self._error_component("ValidationErrors", VALIDATION_ERRORS), "请求或字段有误，未写入")}
        if self._authenticated():
            errors["401"] = (detail, "未登录，或令牌无效、已过期")
            errors["403"] = (detail, "角色或区划范围不允许（只读角色不能修改；不能写他方或范围外的记录）")
        errors["404"] = (detail, "不存在、不在调用者的区划范围内，或页码超出")
        if self.method in WRITES:
            errors["409"] = (detail, "冲突：记录仍被其他记录引用，或同一记录被同时创建两次")
        if self.method in IF_MATCH_METHODS:
            errors["412"] = (detail, "If-Match 所给版本已不是记录的当前版本：已被他人修改，请重新读取")
        for code, (schema, description) in errors.items():
            if code not in responses:
                responses[code] = {
                    "content": {"application/json": {"schema": schema}},
                    "description": description,
                }
        return responses


def one_object(serializer):
    """Marks the answer of a list route that is one object (a report, a total), not a list of them."""
    extend_schema_serializer(many=False)(serializer if isinstance(serializer, type) else type(serializer))
    return serializer


def _with_responses(view_cls, method: str, responses: dict):
    """``view_cls``'s handler, documented with ``responses`` on top of its own @extend_schema (request,
    summary and tags stay as the view declares them)."""
    handler = getattr(view_cls, method)

    def documented(self, request, *args, **kwargs):
        return handler(self, request, *args, **kwargs)

    documented.kwargs = dict(getattr(handler, "kwargs", {}))
    return extend_schema(responses=responses)(documented)


class ObtainTokenErrors(OpenApiViewExtension):
    """core.auth's views stand apart from the viewsets (they decide logins, not records); their refusals
    are documented here: a wrong username or password is 400, a locked-out login 429."""

    target_class = "shanhai.core.auth.ObtainToken"
    priority = 1  # before drf-spectacular's own extension for DRF's ObtainAuthToken and its subclasses

    def view_replacement(self):
        from .auth import TokenIssued

        return type(self.target.__name__, (self.target,), {"post": _with_responses(self.target, "post", {
            200: TokenIssued,
            400: OpenApiResponse(VALIDATION_ERRORS, description="用户名或密码不对，或缺少"),
            429: OpenApiResponse(ErrorSerializer, description="登录失败次数过多，该账户在此地址暂时锁定"),
        })})


class TokenLogoutErrors(OpenApiViewExtension):
    target_class = "shanhai.core.auth.TokenLogout"

    def view_replacement(self):
        return type(self.target.__name__, (self.target,), {"post": _with_responses(self.target, "post", {
            204: None,
            401: OpenApiResponse(ErrorSerializer, description="未登录，或令牌无效、已过期"),
            403: OpenApiResponse(ErrorSerializer, description="以会话登录而未带 CSRF 令牌"),
        })})


# ---------------------------------------------------------------- query parameters


def year_param(request, name: str = "year", *, required: bool = False) -> int | None:
    """``?year=`` (or ``?up_to_year=`` …) as one of the programme's years (core.years); absent → None,
    or 400 when ``required``; anything else → 400 naming the parameter."""
    text = request.query_params.get(name, "").strip()
    if not text:
        if required:
            raise exceptions.ValidationError({name: [year_message()]})
        return None
    try:
        return parse_year_text(text)
    except ValueError as exc:
        raise exceptions.ValidationError({name: [str(exc)]}) from exc


# ---------------------------------------------------------------- service calls


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "记录仍被引用。"
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    """If-Match named a version that is no longer the record's: someone wrote in between."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "此记录已被修改；请重新读取后再改。"
    default_code = "stale"


def _django_validation_detail(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if name == NON_FIELD_ERRORS else name): messages
            for name, messages in exc.message_dict.items()
        }
    return {"non_field_errors": exc.messages}


@contextmanager
def service_errors():
    """Run a service call; its refusals become 400 (invalid), 403 (out of scope), 409 (still in use, or
    made twice at once) or 412 (the version the caller read is no longer the record's).

    The services are atomic, so when they raise, nothing they began has been written.
    """
    try:
        yield
    except StaleRecord as exc:
        raise PreconditionFailed(exc.message) from exc
    except (StillReferenced, WriteConflict) as exc:
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
    schema = ApiSchema()

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
        self._written = self.get_queryset().filter(pk=obj.pk).first() or obj
        return self._written

    def get_object(self):
        obj = super().get_object()
        self._read = obj
        return obj

    def finalize_response(self, request, response, *args, **kwargs):
        # A record's version is its ETag: a client sends it back in If-Match to write only over
        # what it read (412 otherwise).
        response = super().finalize_response(request, response, *args, **kwargs)
        obj = getattr(self, "_written", None) or getattr(self, "_read", None)
        version = getattr(obj, "version", None)
        if version is not None and response.status_code < 300 and request.method != "DELETE":
            response["ETag"] = f'"{version}"'
        return response

    def check_if_match(self, request, obj) -> None:
        """Honour If-Match: the write goes ahead only over the version the caller names (412 otherwise);
        the service checks it again under the row lock, so a write in between is caught too."""
        header = request.headers.get("If-Match", "").strip()
        if not header or header == "*" or not hasattr(obj, "version"):
            return
        named = {tag.strip().removeprefix("W/").strip('"') for tag in header.split(",")}
        if str(obj.version) not in named:
            raise PreconditionFailed(
                f"此记录现为第 {obj.version} 版，与 If-Match（{header}）不符：已被修改，请重新读取后再改。"
            )
        expect_version(obj, obj.version)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Subclasses implement perform_create/perform_update/perform_destroy as service calls inside
    ``service_errors()``, and set ``serializer.instance`` to what the service returned.

    PUT, PATCH and DELETE honour If-Match (the ETag a GET answered); a PATCH writes only the fields
    it sends, onto the record as it is when the write happens."""

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_object(self):
        obj = super().get_object()
        if self.request.method in ("PUT", "PATCH", "DELETE"):
            self.check_if_match(self.request, obj)
        return obj


class ReferenceViewSet(viewsets.ReadOnlyModelViewSet):
    """Reference data (kinds, indicators, targets): the same for everybody, edited in the admin."""

    pagination_class = Pagination
    filter_backends = []
    schema = ApiSchema()


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


def content_type_model(value: str):
    """'orgs.organisation' or 'organisation' → the model; None when it names none."""
    app_label, _sep, name = value.partition(".")
    query = {"model": app_label.lower()} if not name else {"app_label": app_label, "model": name.lower()}
    found = ContentType.objects.filter(**query).first() if value else None
    return found.model_class() if found is not None else None


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
    schema = ApiSchema()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AuditEntry.objects.none()
        # One record's trail (?content_type=&object_id=) whole, for whoever sees the record now; else
        # the entries about records in the caller's regions and the caller's own, as on /history/.
        params = self.request.query_params
        model = content_type_model(params.get("content_type", ""))
        trail = object_trail(self.request.user, model, params.get("object_id", "")) if params.get("object_id") else None
        return trail if trail is not None else audit_entries_for(self.request.user)

    def get_object(self):
        # One entry: readable with the trail it belongs to, i.e. by whoever reads its record now too
        # (Zhangjiagang reads 亨通集团 ↔ 高山村 under its county pair, and so how it came to be).
        lookup = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
        entry = AuditEntry.objects.select_related("actor", "content_type").filter(pk=lookup).first() if str(lookup).isdigit() else None
        if entry is not None and object_trail(self.request.user, entry.content_type.model_class(), entry.object_id) is not None:
            return entry
        return super().get_object()


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


class ImportWarningSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="表格行号（表头为第 1 行）")
    column = serializers.CharField(help_text="中文列名；空为整行")
    kind = serializers.CharField(help_text="change：数额相差 100 倍及以上；blank：已有的值将被清空；duplicate：疑似重复")
    reason = serializers.CharField()
    reference = serializers.CharField(help_text="涉及的已有记录的台账编号")
    message = serializers.CharField(source="__str__")


class ImportResultSerializer(serializers.Serializer):
    importer = serializers.CharField()
    ok = serializers.BooleanField()
    held = serializers.BooleanField(help_text="文件无错误，但有需确认的提示：未写入；确认无误后加 confirm=true 重新上传")
    confirmed = serializers.BooleanField(help_text="已确认提示后写入")
    sha256 = serializers.CharField(help_text="所上传文件的 SHA-256")
    warnings = ImportWarningSerializer(many=True)
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
    schema = ApiSchema()

    @extend_schema(responses=ImporterSerializer(many=True), summary="导入模板列表")
    def get(self, request):
        return Response([_importer_data(i) for i in importers_all()])


class ImportView(APIView):
    """One template: GET describes it; POST runs a file through the import engine.

    The engine validates every row with the same checks the pages use (including the caller's scope)
    and writes nothing unless the whole file is clean; the problems come back row by row. A clean
    file whose rows change a figure a hundredfold, blank a recorded value or add a likely duplicate
    is answered 409 with its warnings, and written when sent again with ``confirm=true`` (ADR 016).
    """

    permission_classes = [WritesInScope]
    parser_classes = [MultiPartParser, FormParser]
    schema = ApiSchema()

    @extend_schema(responses=ImporterSerializer, summary="导入模板说明")
    def get(self, request, name):
        return Response(_importer_data(_importer_or_404(name)))

    @extend_schema(
        summary="上传并导入（全部通过才写入）",
        request={
            "multipart/form-data": inline_serializer(
                "ImportUpload", {
                    "file": serializers.FileField(help_text=".xlsx，或 UTF-8 / GBK 编码的 CSV"),
                    "confirm": serializers.BooleanField(
                        required=False, default=False,
                        help_text="确认提示（数额相差 100 倍、清空已有的值、疑似重复）后写入；首次上传不填",
                    ),
                }
            )
        },
        responses={
            200: ImportResultSerializer,
            400: OpenApiResponse(ImportResultSerializer, description="有问题的行，逐行列出；未写入任何数据"),
            409: OpenApiResponse(ImportResultSerializer, description="文件无错误，但有需确认的提示（warnings）；未写入，确认后加 confirm=true 重新上传"),
            403: OpenApiResponse(description="只读角色"),
            404: OpenApiResponse(description="没有这个模板"),
            413: OpenApiResponse(ImportResultSerializer, description="文件超过导入上限，未读取"),
        },
    )
    def post(self, request, name):
        importer = _importer_or_404(name)
        try:  # by its size alone, before it is parsed (the role was checked by WritesInScope)
            check_upload_size(request)
        except FileError as exc:
            result = ImportResult(importer=importer.name, problems=[Problem(0, "", "", str(exc))])
            return Response(ImportResultSerializer(result).data, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        upload = request.FILES.get("file")
        if upload is None:
            raise exceptions.ValidationError({"file": ["请上传文件（表单字段 file）。"]})
        confirm = str(request.data.get("confirm", "")).strip().lower() in ("true", "1", "yes", "on", "是")
        result = import_file(importer, filename=upload.name, data=upload.read(), actor=request.user, confirm=confirm)
        data = ImportResultSerializer(result).data
        if result.held:
            return Response(data, status=status.HTTP_409_CONFLICT)
        return Response(data, status=status.HTTP_200_OK if result.ok else status.HTTP_400_BAD_REQUEST)


class ImportTemplateView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    schema = ApiSchema()

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
