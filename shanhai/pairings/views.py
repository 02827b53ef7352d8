"""Pairing pages: list, detail (parties, nesting, roll-ups, coverage, history), forms, the coverage
page of a county and the network chart. Every figure comes from a selector; the views only arrange
them, and charts get their series from the selector as JSON (STYLE habit 12)."""

import math

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shanhai.core.scope import scope_for
from shanhai.core.tables import table_rows
from shanhai.core.views import (
    SUGGESTION_LIMIT,
    ScopedDetailView,
    ScopedListView,
    ServiceDeleteView,
    ServiceFormView,
    home_panel,
    object_panel,
    requested_year,
    suggestion_query,
    suggestions_response,
    year_choices,
)
from shanhai.regions.models import PovertyKind, Region, RegionLevel
from shanhai.regions.selectors import region_get, region_visible

from . import services
from .filters import PairingFilterSet
from .forms import PairingForm, PartyForm, PartyFormSet
from .models import Pairing, PairingKind, PartyRole
from .selectors import (
    coverage_for_region,
    main_regions,
    pairing_network,
    pairing_party_totals,
    pairing_subtree,
    pairing_suggestions,
    pairings_for,
    pairings_involving,
    two_way_coverage,
)
from .tables import PAIRING_COLUMNS, side_count_text, with_same_kind_totals

# ---------------------------------------------------------------- list and detail


class PairingListView(ScopedListView):
    filterset_class = PairingFilterSet
    columns = PAIRING_COLUMNS
    title = gettext_lazy("结对关系")
    create_url_name = "pairings:pairing_create"
    template_name = "pairings/pairing_list.html"

    def annotate_rows(self, objects):
        return with_same_kind_totals(objects)


def _visible_ids(user, pairings) -> set[int]:
    return set(Pairing.objects.visible_to(user).filter(pk__in=[p.pk for p in pairings]).values_list("pk", flat=True))


def _ancestors(pairing) -> list[Pairing]:
    chain, node, seen = [], pairing.parent, set()
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


def _breadcrumb(ancestors, visible_ids) -> list[Pairing | None]:
    """Visible ancestors by name; a run of ones the user may not see becomes one ``None`` (…)."""
    out: list[Pairing | None] = []
    for p in ancestors:
        if p.pk in visible_ids:
            out.append(p)
        elif not out or out[-1] is not None:
            out.append(None)
    return out


def _tree(root, nodes) -> list[dict]:
    """Nested sub-pairings of ``root`` from the flat subtree, for a recursive template."""
    by_parent: dict[int, list] = {}
    for node in nodes:
        by_parent.setdefault(node.parent_id, []).append(node)

    def build(pk):
        return [{"pairing": p, "children": build(p.pk)} for p in by_parent.get(pk, [])]

    return build(root.pk)


class PairingDetailView(ScopedDetailView):
    model = Pairing
    template_name = "pairings/pairing_detail.html"
    context_object_name = "pairing"

    def get_queryset(self):
        return pairings_for(user=self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, pairing = self.request.user, self.object
        year = requested_year(self.request)
        ancestors = _ancestors(pairing)
        visible_ancestors = _visible_ids(user, ancestors)

        subtree = pairing_subtree(pairing)
        visible = _visible_ids(user, subtree)
        below = [p for p in subtree[1:] if p.pk in visible]
        kinds = []
        for p in subtree:
            if p.kind not in kinds:
                kinds.append(p.kind)
        rollup = [(kind, pairing_party_totals(root=pairing, kind=kind.pk)) for kind in kinds]

        east, west = main_regions(pairing)
        county_pair = bool(east and west and east.level == RegionLevel.COUNTY and west.level == RegionLevel.COUNTY)
        parties = pairing.party_list()
        same_kind = with_same_kind_totals([pairing])[0].same_kind_totals
        ctx.update(
            year=year,
            years=year_choices(year),
            helpers=[p for p in parties if p.role == PartyRole.HELPER],
            helped=[p for p in parties if p.role == PartyRole.HELPED],
            same_kind=same_kind,
            helper_count=side_count_text(same_kind.helpers),
            helped_count=side_count_text(same_kind.helped),
            ancestors=_breadcrumb(ancestors, visible_ancestors),
            tree=_tree(pairing, below),
            subtree_size=len(below),
            rollup=rollup,
            county_pair=county_pair,
            two_way=two_way_coverage(pairing=pairing, year=year) if county_pair else None,
            helped_region=west,
            helped_region_visible=county_pair and region_visible(user, west),
            helped_coverage=coverage_for_region(region=west, year=year) if county_pair else None,
        )
        return ctx


# ---------------------------------------------------------------- forms


class PairingFormView(ServiceFormView):
    """Pairing fields and a formset of parties; the service gets PartySpecs and the actor."""

    model = Pairing
    form_class = PairingForm
    template_name = "pairings/pairing_form.html"
    list_url_name = "pairings:pairing_list"

    def get_object(self):
        pk = self.kwargs.get("pk")
        if pk is None:
            return None
        pairing = pairings_for(user=self.request.user).filter(pk=pk).first()
        if pairing is None:
            raise Http404
        return pairing

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, pairing=self.object)
        return kwargs

    def get_initial(self):
        return PairingForm.initial_for(self.object) if self.object else super().get_initial()

    def get_formset(self):
        if self.request.method == "POST":
            return PartyFormSet(self.request.POST, prefix="parties", form_kwargs={"user": self.request.user})
        parties = sorted(self.object.party_list(), key=lambda p: (p.role != PartyRole.HELPER, p.order)) if self.object else []
        initial = [PartyForm.initial_for(p) for p in parties]
        return PartyFormSet(initial=initial, prefix="parties", form_kwargs={"user": self.request.user})

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("formset", self.get_formset())
        return ctx

    def post(self, request, *args, **kwargs):
        form, formset = self.get_form(), self.get_formset()
        if form.is_valid() and formset.is_valid():
            self.formset = formset
            return self.form_valid(form)
        return self.render_to_response(self.get_context_data(form=form, formset=formset))

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form, formset=self.formset))

    def party_specs(self):
        return [
            f.cleaned_data["spec"] for f in self.formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and "spec" in f.cleaned_data
        ]

    def save(self, form):
        raise NotImplementedError


MAX_PARTY_ROWS = 500


@login_required
def party_row(request):
    """One more empty party row for the form (HTMX), and the formset's row count, updated in place."""
    text = request.GET.get("parties-TOTAL_FORMS", "")
    index = int(text) if text.isdigit() else 0
    if index >= MAX_PARTY_ROWS:
        return HttpResponse(status=400)
    html = render_to_string(
        "pairings/_party_row_added.html", {"f": PartyFormSet(prefix="parties").empty_form, "total": index + 1}, request
    )
    return HttpResponse(html.replace("__prefix__", str(index)))


class PairingCreateView(PairingFormView):
    title = gettext_lazy("新增结对")

    def save(self, form):
        return services.pairing_create(actor=self.request.user, parties=self.party_specs(), **form.cleaned_data)


class PairingUpdateView(PairingFormView):
    @property
    def title(self):
        return _("修改结对：%(name)s") % {"name": self.object.display_name()}

    def save(self, form):
        return services.pairing_update(
            actor=self.request.user, pairing=self.object, parties=self.party_specs(), **form.cleaned_data
        )


class PairingDeleteView(ServiceDeleteView):
    model = Pairing
    template_name = "pairings/pairing_confirm_delete.html"
    list_url_name = "pairings:pairing_list"
    title_format = gettext_lazy("删除结对：%(name)s")

    def get_queryset(self):
        return pairings_for(user=self.request.user)

    def describe(self, obj) -> str:
        return obj.display_name()

    def delete(self):
        services.pairing_delete(actor=self.request.user, pairing=self.object)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        parties = self.object.party_list()
        children = pairings_for(user=self.request.user).filter(parent=self.object)
        ctx.update(
            helpers=[p for p in parties if p.role == PartyRole.HELPER],
            helped=[p for p in parties if p.role == PartyRole.HELPED],
            children=children[:20],
            children_count=children.count(),
        )
        return ctx


@login_required
def pairing_suggest(request):
    """Visible pairings by reference or name, for the parent-pairing input."""
    rows = pairing_suggestions(user=request.user, query=suggestion_query(request, "parent"), limit=SUGGESTION_LIMIT)
    return suggestions_response(request, [(p.reference, f"{p.reference} · {p.display_name()}") for p in rows])


# ---------------------------------------------------------------- coverage


def coverage_regions(user) -> list[Region]:
    """Cities and counties in the user's scope that have poor counties: where coverage means something."""
    poor = Region.objects.visible_to(user).filter(level=RegionLevel.COUNTY, poverty__kind=PovertyKind.POOR_COUNTY)
    counties = list(poor.distinct().order_by("code"))
    city_codes = {c.parent_id for c in counties}
    cities = list(Region.objects.visible_to(user).filter(code__in=city_codes).order_by("code"))
    return sorted(cities + counties, key=lambda r: r.code)


@login_required
def coverage_index(request):
    return render(request, "pairings/coverage_index.html", {"regions": coverage_regions(request.user)})


def coverage_chart(rows) -> dict:
    """An ECharts bar option of the paired shares, as the selector gave them."""
    return {
        "grid": {"left": 48, "right": 16, "top": 28, "bottom": 56},
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "category", "data": [c.target.name for c in rows], "axisLabel": {"interval": 0, "rotate": 20}},
        "yAxis": {"type": "value", "min": 0, "max": 100, "axisLabel": {"formatter": "{value}%"}},
        "series": [{
            "type": "bar",
            "name": _("结对覆盖率"),
            "barMaxWidth": 42,
            "data": [
                {"value": float(c.share) if c.share is not None else None,
                 "itemStyle": {"color": "#1d7a43" if c.complete else "#c98a1b"}}
                for c in rows
            ],
            "label": {"show": True, "position": "top", "formatter": "{c}%"},
        }],
    }


@login_required
def coverage_page(request, code):
    region = region_get(code)
    if not region_visible(request.user, region):
        raise Http404
    year = requested_year(request)
    rows = coverage_for_region(region=region, year=year)
    return render(request, "pairings/coverage.html", {
        "region": region,
        "path": region.path()[:-1],
        "year": year,
        "years": year_choices(year),
        "rows": rows,
        "chart": coverage_chart(rows),
    })


# ---------------------------------------------------------------- network


def network_chart(network: dict) -> dict:
    """An ECharts graph option of the selector's nodes and links; symbol size only scales ``value``."""
    nodes = [
        {**node, "symbolSize": round(min(44, 8 + 5 * math.log2(1 + node["value"])), 1)}
        for node in network["nodes"]
    ]
    return {
        "tooltip": {},
        "legend": [{"data": [_("帮扶方"), _("受帮扶方")], "top": 4}],
        "color": ["#1f4c7a", "#c0392b"],
        "series": [{
            "type": "graph",
            "layout": "force",
            "top": 44, "bottom": 16, "left": 16, "right": 16,
            "roam": True,
            "draggable": True,
            "categories": [{"name": _("帮扶方")}, {"name": _("受帮扶方")}],
            "label": {"show": True, "position": "right", "fontSize": 11},
            "force": {"repulsion": 160, "edgeLength": [40, 140], "gravity": 0.08},
            "lineStyle": {"color": "source", "opacity": 0.55, "curveness": 0.08},
            "emphasis": {"focus": "adjacency"},
            "data": nodes,
            "links": network["links"],
        }],
    }


@login_required
def network_page(request):
    user = request.user
    roots = pairings_for(user=user).filter(children__isnull=False).distinct()
    root = None
    if request.GET.get("root", "").isdigit():
        root = pairings_for(user=user).filter(pk=int(request.GET["root"])).first()
        if root is None:
            raise Http404
    kind = request.GET.get("kind", "")
    if kind and not PairingKind.objects.filter(pk=kind).exists():
        kind = ""
    network = pairing_network(user=user, root=root, kind=kind)
    names = {n["id"]: n["name"] for n in network["nodes"]}
    links = [{"source": names[link["source"]], "target": names[link["target"]], "kind": link["name"]} for link in network["links"]]
    return render(request, "pairings/network.html", {
        "roots": roots, "root": root, "kinds": PairingKind.objects.all(), "kind": kind,
        "chart": network_chart(network), "links": links, "node_count": len(network["nodes"]),
    })


# ---------------------------------------------------------------- panels on other pages


def _pairing_table(request, pairings, title, empty):
    columns = PAIRING_COLUMNS
    return render_to_string("pairings/_pairing_panel.html", {
        "title": title, "columns": columns, "rows": table_rows(columns, with_same_kind_totals(pairings)), "empty": empty,
    }, request)


@object_panel("orgs.organisation", order=10)
def organisation_pairings_panel(request, organisation):
    pairings = pairings_involving(user=request.user, organisation=organisation)[:100]
    return _pairing_table(request, pairings, _("参与的结对"), _("该单位尚未参与结对。"))


@object_panel("regions.region", order=10)
def region_pairings_panel(request, region):
    pairings = pairings_involving(user=request.user, region=region)[:100]
    return _pairing_table(request, pairings, _("以本区划为结对方的结对"), _("本区划不是任何结对的一方。"))


@home_panel(order=20)
def pairings_home_panel(request):
    """The pairs a user works on, with shortcuts: the pair itself, its coverage, its network."""
    user = request.user
    scope = scope_for(user)
    visible = pairings_for(user=user)
    if scope.everything or "" in scope.prefixes:
        key = list(visible.filter(parent__isnull=True)[:20])
    else:
        key = []
        for prefix in scope.prefixes:
            region = region_get(prefix)
            if region is None:
                continue
            exact = visible.filter(parties__region=region, parties__party_type="region").distinct()
            key.extend(p for p in exact if p not in key)
        if not key:
            key = list(visible[:10])
    shortcuts = []
    for pairing in key:
        east, west = main_regions(pairing)
        coverage_region = west if (
            west is not None and west.level in (RegionLevel.CITY, RegionLevel.COUNTY) and region_visible(user, west)
        ) else None
        shortcuts.append({"pairing": pairing, "coverage_region": coverage_region})
    own_coverage = coverage_regions(user)
    return render_to_string("pairings/_home_pairings.html", {
        "shortcuts": shortcuts,
        "own_coverage": own_coverage,
        "visible_count": visible.count(),
    }, request)
