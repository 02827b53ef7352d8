"""Page machinery written once and configured per model (list, detail, edit), and core's own pages:
home, the change history and the imports page.

Core imports no app: apps configure the base views, register home panels with ``home_panel`` and
name their detail pages ``<app_label>:<model>_detail`` so the history can link to any object.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView, TemplateView

from .audit import audit_entries_for, history_for
from .exporting import export_response
from .forms import ImportUploadForm
from .importing import ImportResult, Problem, import_file, template_workbook
from .models import AuditAction, Role
from .money import MoneyField, format_money
from .registry import importer_get, importers_all
from .scope import Action, delete_require, scope_for, scope_require
from .services import StaleRecord, expect_version
from .tables import export_columns, table_rows
from .tabular import FileError, check_upload_size
from .years import year_or_none

PAGE_SIZE = 50
EXPORT_FORMATS = {"xlsx": "Excel", "csv": "CSV (UTF-8)", "csv-gbk": "CSV (GBK)"}


# ---------------------------------------------------------------- the audit trail, scoped


@dataclass
class Change:
    label: str
    before: object
    after: object


def _field_label(model, key: str) -> str:
    if model is None:
        return key
    if key == "parties":
        return _("结对方")
    for field in model._meta.concrete_fields:
        if key in (field.attname, field.name):
            return str(field.verbose_name)
    return key


def _display(model, key, value, user, names: dict):
    """A stored value as people read it: a related row by its name, a list joined, a flag in words.

    A related row is named only when the user may see it; otherwise its key alone is shown.
    ``names`` caches the related rows' names for one page of history.
    """
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list):
        return "；".join(str(v) for v in value) or "—"
    field = None
    if model is not None:
        field = next((f for f in model._meta.concrete_fields if key == f.attname), None)
    if field is not None and field.is_relation:
        cache_key = (field.related_model, value)
        if cache_key not in names:
            related = field.related_model._default_manager.all()
            if hasattr(related, "visible_to"):
                related = related.visible_to(user)
            row = related.filter(pk=value).first()
            names[cache_key] = f"{row}（{value}）" if row is not None else value
        return names[cache_key]
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, MoneyField):
        return format_money(value)
    return value


# Derived or internal fields: noise in a history.
HIDDEN_IN_HISTORY = {"id", "sort_key", "initials", "version"}


def object_url(content_type, object_id: str) -> str | None:
    from .ledger import ledger_for_model  # ledger pages are built on these views

    ledger = ledger_for_model(content_type.model_class())
    if ledger is not None:
        return ledger.url("detail", object_id)
    try:
        return reverse(f"{content_type.app_label}:{content_type.model}_detail", args=[object_id])
    except NoReverseMatch:
        return None


def history_rows(entries, user) -> list[dict]:
    rows, names = [], {}
    for entry in entries:
        model = entry.content_type.model_class()
        changes = [
            Change(_field_label(model, k), _display(model, k, before, user, names), _display(model, k, after, user, names))
            for k, before, after in entry.changes
            # a new record's empty fields, or a deleted one's, say nothing
            if k not in HIDDEN_IN_HISTORY and (before not in (None, "", []) or after not in (None, "", []))
        ]
        rows.append({
            "entry": entry,
            "changes": changes,
            "url": None if entry.action == AuditAction.DELETE else object_url(entry.content_type, entry.object_id),
        })
    return rows


def object_history(user, obj) -> list[dict]:
    """The record's whole trail: whoever sees the record reads how it came to be (ADR 014)."""
    return history_rows(history_for(obj).select_related("content_type")[:200], user)


def can_change(user, obj) -> bool:
    try:
        scope_require(user, obj, Action.CHANGE)
    except PermissionDenied:
        return False
    return True


def may_write_somewhere(user) -> bool:
    """A role that writes anywhere at all (an auditor reads only): the 'new record' forms open to it."""
    scope = scope_for(user, Action.CHANGE)
    return scope.everything or bool(scope.grants)


def requested_year(request) -> int:
    """``?year=YYYY`` when it is a sensible year, else the current one."""
    return year_or_none(request.GET.get("year", "")) or timezone.localdate().year


def year_choices(year: int) -> list[int]:
    """The years a selector offers: the poverty-alleviation phase (2014) up to now, and ``year``."""
    now = timezone.localdate().year
    return sorted(set(range(2014, now + 1)) | {year}, reverse=True)


# ---------------------------------------------------------------- generic list, detail and edit


class ScopedListView(LoginRequiredMixin, TemplateView):
    """A list: rows from the app's selector through a ``SelectorFilterSet``, 50 a page, exportable.

    ``?export=xlsx|csv|csv-gbk`` writes the same rows and columns the page shows, without paging.
    """

    template_name = "core/list.html"
    filterset_class = None
    columns: list = []
    title = ""
    export_name = ""
    create_url_name = ""
    paginate_by = PAGE_SIZE

    def get_columns(self):
        return self.columns

    def annotate_rows(self, objects):
        """Attach figures a column needs from a batch selector (one call per page, not per row)."""
        return objects

    def get(self, request, *args, **kwargs):
        self.filterset = self.filterset_class(request.GET, request=request)
        rows = self.filterset.qs
        fmt = request.GET.get("export")
        if fmt in EXPORT_FORMATS:
            return export_response(
                columns=export_columns(self.get_columns()), rows=self.annotate_rows(list(rows)),
                filename=str(self.export_name or self.title), fmt=fmt,
            )
        self.page = Paginator(rows, self.paginate_by).get_page(request.GET.get("page"))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        columns = self.get_columns()
        ctx.update(
            title=self.title,
            filter=self.filterset,
            columns=columns,
            rows=table_rows(columns, self.annotate_rows(list(self.page.object_list))),
            page_obj=self.page,
            export_formats=EXPORT_FORMATS,
            create_url=reverse(self.create_url_name) if self.create_url_name else "",
        )
        return ctx


class ScopedDetailView(LoginRequiredMixin, DetailView):
    """A detail page: 404 unless the object is visible to the user; its history below it."""

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["history"] = object_history(self.request.user, self.object)
        ctx["can_change"] = can_change(self.request.user, self.object)
        ctx["panels"] = object_panels(self.request, self.object)
        return ctx


def validation_errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            for error in errors:
                for message in error.messages:
                    form.add_error(name if name in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class ServiceFormView(LoginRequiredMixin, FormView):
    """Create or edit through the app's service, with ``actor=request.user``.

    The object must be visible (else 404) and changeable by the user (else 403) before the form
    is even shown. A ValidationError from the service becomes form errors; a PermissionDenied, a
    403. Services run in one transaction, so either way nothing is written.
    """

    template_name = "core/form.html"
    model = None
    title = ""
    list_url_name = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        if self.object is not None:
            scope_require(request.user, self.object, Action.CHANGE)
        elif not may_write_somewhere(request.user):
            raise PermissionDenied(_("您的角色只读，不能新增记录。"))
        elif getattr(self.model, "national_only", False) and not scope_for(request.user, Action.CHANGE).everything:
            raise PermissionDenied(_("此类记录由全国协作办维护。"))
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        pk = self.kwargs.get("pk")
        if pk is None:
            return None
        return get_object_or_404(self.model.objects.visible_to(self.request.user), pk=pk)

    def save(self, form):
        """Call the service; return the saved object."""
        raise NotImplementedError

    def form_valid(self, form):
        if self.object is not None:
            # The version the page was shown with: a write by someone else since is named, not overwritten.
            expect_version(self.object, self.request.POST.get("_version"))
        try:
            obj = self.save(form)
        except StaleRecord as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        except ValidationError as exc:
            validation_errors_to_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存：%(obj)s") % {"obj": obj})
        return redirect(self.get_success_url(obj))

    def get_success_url(self, obj):
        return reverse(f"{obj._meta.app_label}:{obj._meta.model_name}_detail", args=[obj.pk])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = self.title
        ctx["object"] = self.object
        if self.object is not None:
            ctx["cancel_url"] = self.get_success_url(self.object)
        else:
            ctx["cancel_url"] = reverse(self.list_url_name) if self.list_url_name else reverse("home")
        return ctx


class ServiceDeleteView(LoginRequiredMixin, TemplateView):
    """Delete through the app's service, with ``actor=request.user``, after a confirmation page.

    As for editing: 404 unless the object is visible, 403 unless the user may change it. When the
    service refuses (``StillReferenced``: a pairing party, a pairing with sub-pairings, a ledger
    record pointing at it) or the record fails validation, the confirmation page comes back with
    the reason and nothing is deleted; otherwise the list, with a message.
    """

    template_name = "core/confirm_delete.html"
    model = None
    list_url_name = ""
    title_format = gettext_lazy("删除：%(name)s")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.object = self.get_object()
        delete_require(request.user, self.object)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def describe(self, obj) -> str:
        return str(obj)

    def delete(self):
        """Call the service."""
        raise NotImplementedError

    def get_list_url(self) -> str:
        return reverse(self.list_url_name)

    def get_cancel_url(self) -> str:
        meta = self.model._meta
        return reverse(f"{meta.app_label}:{meta.model_name}_detail", args=[self.object.pk])

    def post(self, request, *args, **kwargs):
        name = self.describe(self.object)
        expect_version(self.object, request.POST.get("_version"))
        try:
            self.delete()
        except StaleRecord as exc:
            return self.render_to_response(self.get_context_data(refused=[exc.message]))
        except ValidationError as exc:
            return self.render_to_response(self.get_context_data(refused=exc.messages))
        messages.success(request, _("已删除：%(obj)s") % {"obj": name})
        return redirect(self.get_list_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            object=self.object,
            name=self.describe(self.object),
            title=self.title_format % {"name": self.describe(self.object)},
            cancel_url=self.get_cancel_url(),
            # what other apps show on the object's page (the pairings an organisation is a party to)
            panels=object_panels(self.request, self.object),
        )
        return ctx


# ---------------------------------------------------------------- suggestions for typed inputs (HTMX)

SUGGESTION_LIMIT = 20


def suggestion_query(request, field: str) -> str:
    """What the user typed: ``?q=``, or the input's own value, which HTMX sends under the input's
    name (``parent``, or ``parties-3-region`` in a formset)."""
    if "q" in request.GET:
        return request.GET["q"].strip()
    for key, value in request.GET.items():
        if key == field or key.endswith(f"-{field}"):
            return value.strip()
    return ""


def suggestions_response(request, suggestions) -> HttpResponse:
    """``<option value=… >label</option>`` for a ``<datalist>``; ``suggestions`` are (value, label) pairs."""
    return render(request, "core/_suggestions.html", {"suggestions": suggestions})


# ---------------------------------------------------------------- panels other apps add to a page

_OBJECT_PANELS: dict[str, list[tuple[int, object]]] = {}


def object_panel(model_label: str, order: int = 50):
    """Register ``fn(request, obj) -> str | None`` (rendered HTML) on the detail page of a model.

    Lets a later app add to an earlier app's page (the pairings an organisation takes part in)
    without the earlier app importing the later one.
    """

    def register(fn):
        panels = _OBJECT_PANELS.setdefault(model_label, [])
        panels.append((order, fn))
        panels.sort(key=lambda p: p[0])
        return fn

    return register


def object_panels(request, obj) -> list[str]:
    return [html for _, fn in _OBJECT_PANELS.get(obj._meta.label_lower, []) if (html := fn(request, obj))]


# ---------------------------------------------------------------- home


_HOME_PANELS: list[tuple[int, object]] = []


def home_panel(order: int):
    """Register ``fn(request) -> str | None`` (rendered HTML) as a panel of the home page."""

    def register(fn):
        _HOME_PANELS.append((order, fn))
        _HOME_PANELS.sort(key=lambda p: p[0])
        return fn

    return register


@login_required
def home(request):
    panels = [html for _, fn in _HOME_PANELS if (html := fn(request))]
    return render(request, "core/home.html", {"panels": panels, "scope": scope_for(request.user)})


# ---------------------------------------------------------------- history


def is_national(user) -> bool:
    return user.is_superuser or user.role_assignments.filter(role=Role.NATIONAL).exists()


@login_required
def history(request):
    """The user's own actions; a national office (or superuser) may see everybody's in its scope."""
    user = request.user
    national = is_national(user)
    who = request.GET.get("who", "me") if national else "me"
    entries = audit_entries_for(user)
    actor = None
    if who == "me":
        entries = entries.filter(actor=user)
    elif who != "all":
        actor = get_user_model().objects.filter(username=who).first()
        entries = entries.filter(actor=actor) if actor else entries.none()
    batch = request.GET.get("batch", "").strip()
    if batch:
        entries = entries.filter(batch=batch)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    actors = (
        get_user_model().objects.filter(pk__in=audit_entries_for(user).values("actor_id")).order_by("username")
        if national else []
    )
    return render(request, "core/history.html", {
        "rows": history_rows(page.object_list, user), "page_obj": page, "national": national,
        "who": who, "actors": actors, "batch": batch,
    })


# ---------------------------------------------------------------- imports


def _importer_or_404(name):
    importer = importer_get(name)
    if importer is None:
        raise Http404(_("没有这个导入模板。"))
    return importer


@login_required
def imports(request):
    return render(request, "core/imports.html", {
        "importers": [(imp, ImportUploadForm(prefix=imp.name)) for imp in importers_all()],
        "results": {},
    })


@login_required
def import_template(request, name):
    importer = _importer_or_404(name)
    response = HttpResponse(
        template_workbook(importer),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"{importer.title}导入模板.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(filename)}"
    return response


# A held import's file is kept on the server until it is confirmed: named by its user and SHA-256,
# listed in that user's session, and read back only when its digest still matches. Nothing is
# uploaded twice, and a confirmation cannot name a file another user (or session) uploaded.
IMPORT_HOLD_SECONDS = 30 * 60
IMPORT_HOLDS_KEY = "import_holds"


def _hold_dir():
    from django.conf import settings

    return settings.SHANHAI_UPLOAD_DIR / "import-holds"


def _hold_path(user, sha256: str):
    return _hold_dir() / f"{user.pk}-{sha256}"


def import_hold(request, importer, *, filename: str, data: bytes, sha256: str) -> None:
    """Keep a held file for its confirmation; stale holds of the same user are dropped on the way."""
    now = timezone.now().timestamp()
    holds = {k: v for k, v in request.session.get(IMPORT_HOLDS_KEY, {}).items() if now - v["at"] < IMPORT_HOLD_SECONDS}
    for stale in set(request.session.get(IMPORT_HOLDS_KEY, {})) - set(holds):
        _hold_path(request.user, stale).unlink(missing_ok=True)
    _hold_dir().mkdir(parents=True, exist_ok=True)
    _hold_path(request.user, sha256).write_bytes(data)
    holds[sha256] = {"importer": importer.name, "filename": filename, "at": now}
    request.session[IMPORT_HOLDS_KEY] = holds


def import_held(request, importer, sha256: str) -> tuple[str, bytes] | None:
    """(filename, data) of the file this user's session holds under ``sha256`` for ``importer``, taken
    out of the hold; None when there is none (expired, another user's, or already confirmed)."""
    import hashlib

    holds = dict(request.session.get(IMPORT_HOLDS_KEY, {}))
    hold = holds.pop(sha256, None)
    if hold is None or hold["importer"] != importer.name:
        return None
    request.session[IMPORT_HOLDS_KEY] = holds
    path = _hold_path(request.user, sha256)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    path.unlink(missing_ok=True)
    if timezone.now().timestamp() - hold["at"] >= IMPORT_HOLD_SECONDS or hashlib.sha256(data).hexdigest() != sha256:
        return None
    return hold["filename"], data


@login_required
@require_POST
def import_upload(request, name):
    """Validate the file, write it only if every row is clean, and show what happened.

    With HTMX the result partial replaces the importer's result box; without JavaScript the
    whole imports page comes back with the result in place. Who may write and how large the file is
    are asked before the file is parsed: a read-only role gets 403, an oversized file 413.
    """
    importer = _importer_or_404(name)
    scope = scope_for(request.user, Action.CHANGE)
    if not (scope.everything or scope.grants):  # the API's WritesInScope rule: auditors read only
        raise PermissionDenied(_("您的角色只读，不能导入数据。"))
    form = ImportUploadForm(request.POST, request.FILES, prefix=name)
    result, status = None, 200
    confirm = request.POST.get("confirm", "").strip()
    if confirm and not request.FILES:
        # 确认导入: the held file, by its digest, written now whatever it warned about.
        form = ImportUploadForm(prefix=name)
        held = import_held(request, importer, confirm)
        if held is None:
            result = ImportResult(importer=importer.name, problems=[
                Problem(0, "", "", _("待确认的文件已过期或不存在，请重新上传。"))
            ])
        else:
            filename, data = held
            result = import_file(importer, filename=filename, data=data, actor=request.user, confirm=True)
    else:
        try:
            check_upload_size(request, form.add_prefix("file"))
        except FileError as exc:
            form, status = ImportUploadForm(prefix=name), 413
            result = ImportResult(importer=importer.name, problems=[Problem(0, "", "", str(exc))])
        else:
            if form.is_valid():
                upload = form.cleaned_data["file"]
                data = upload.read()
                result = import_file(importer, filename=upload.name, data=data, actor=request.user)
                if result.held:
                    import_hold(request, importer, filename=upload.name, data=data, sha256=result.sha256)
    ctx = {"importer": importer, "form": form, "result": result}
    if request.headers.get("HX-Request"):
        return render(request, "core/_import_result.html", ctx, status=status)
    forms = [(imp, form if imp.name == name else ImportUploadForm(prefix=imp.name)) for imp in importers_all()]
    return render(
        request, "core/imports.html", {"importers": forms, "results": {name: result}, "focus": name}, status=status
    )
