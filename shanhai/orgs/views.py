from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext_lazy as _

from shanhai.core.views import (
    SUGGESTION_LIMIT,
    ScopedDetailView,
    ScopedListView,
    ServiceDeleteView,
    ServiceFormView,
    suggestion_query,
    suggestions_response,
)

from . import services
from .filters import OrganisationFilterSet
from .forms import OrganisationForm
from .models import Organisation
from .selectors import organisations_search
from .tables import ORGANISATION_COLUMNS


class OrganisationListView(ScopedListView):
    filterset_class = OrganisationFilterSet
    columns = ORGANISATION_COLUMNS
    title = _("单位")
    create_url_name = "orgs:organisation_create"


class OrganisationDetailView(ScopedDetailView):
    model = Organisation
    template_name = "orgs/organisation_detail.html"
    context_object_name = "org"

    def get_queryset(self):
        return super().get_queryset().select_related("kind", "region")


class OrganisationCreateView(ServiceFormView):
    model = Organisation
    form_class = OrganisationForm
    title = _("新增单位")
    list_url_name = "orgs:organisation_list"

    def save(self, form):
        return services.organisation_create(actor=self.request.user, **form.cleaned_data)


class OrganisationUpdateView(ServiceFormView):
    model = Organisation
    form_class = OrganisationForm
    list_url_name = "orgs:organisation_list"

    @property
    def title(self):
        return _("修改单位：%(name)s") % {"name": self.object}

    def get_initial(self):
        return OrganisationForm.initial_for(self.object)

    def save(self, form):
        return services.organisation_update(actor=self.request.user, organisation=self.object, **form.cleaned_data)


class OrganisationDeleteView(ServiceDeleteView):
    model = Organisation
    template_name = "orgs/organisation_confirm_delete.html"
    list_url_name = "orgs:organisation_list"
    title_format = _("删除单位：%(name)s")

    def get_queryset(self):
        return super().get_queryset().select_related("kind", "region")

    def delete(self):
        services.organisation_delete(actor=self.request.user, organisation=self.object)


@login_required
def organisation_suggest(request):
    """Organisations the user may see whose name, short name or initials match: for the pairing form."""
    query = suggestion_query(request, "organisation")
    if not query:
        return suggestions_response(request, [])
    rows = organisations_search(user=request.user, query=query)[:SUGGESTION_LIMIT]
    return suggestions_response(request, [
        (org.name, f"{org.short_name or org.name} · {org.region.name} {org.region.display_code}") for org in rows
    ])
