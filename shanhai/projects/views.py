"""What the project ledgers add to detail pages: panels registered with ``core.views.object_panel``.

The generic ledger pages show a record's own fields; these panels show the rows that hang off it
(status history, outputs, funding, benefit links, distribution lines and payments), each figure
from its selector.
"""

from django.template.loader import render_to_string

from shanhai.core.records import Basis
from shanhai.core.views import can_change, object_panel
from shanhai.funds.ledgers import FUNDS
from shanhai.funds.selectors import funds_by_kind, funds_total, funds_unvalued

from . import selectors
from .ledgers import PROJECTS


def _render(request, template, **context):
    return render_to_string(template, context, request)


@object_panel("projects.project", order=10)
def project_sections(request, project):
    parts = list(project.parts.visible_to(request.user)) if project.basis == Basis.AGGREGATE else []
    return _render(
        request, "projects/_project_sections.html",
        project=project,
        history=selectors.project_status_history(project=project),
        outputs=selectors.project_outputs(project=project),
        funding=selectors.project_funding(project=project),
        links=selectors.project_benefit_links(project=project),
        parts=parts,
        distributions=selectors.project_distributions(project=project),
        assets=selectors.project_assets(project=project),
        can_change=can_change(request.user, project),
    )


@object_panel("projects.distribution", order=10)
def distribution_sections(request, distribution):
    return _render(
        request, "projects/_distribution_sections.html",
        distribution=distribution,
        rows=selectors.distribution_lines(distribution=distribution),
        balance=selectors.distribution_balance(distribution=distribution),
        payments=selectors.distribution_payments(distribution=distribution),
        can_change=can_change(request.user, distribution),
    )


@object_panel("funds.fund", order=10)
def fund_allocations(request, fund):
    return _render(request, "projects/_fund_use.html", use=selectors.fund_use(fund=fund))


@object_panel("projects.projectasset", order=10)
def asset_incomes(request, asset):
    return _render(request, "projects/_asset_incomes.html", incomes=selectors.asset_incomes(asset=asset))


@object_panel("regions.region", order=40)
def region_funds_and_projects(request, region):
    """Money and projects touching a region's subtree (either side), by kind, itemised and aggregate apart."""
    prefix = region.prefix
    total = funds_total(user=request.user, region_prefix=prefix)
    projects = selectors.projects_total(user=request.user, region_prefix=prefix)
    if not total.records and not projects.records:
        return None
    return _render(
        request, "projects/_region_funds_projects.html",
        region=region, total=total, by_kind=funds_by_kind(user=request.user, region_prefix=prefix),
        unvalued=funds_unvalued(user=request.user, region_prefix=prefix), projects=projects,
        funds_url=FUNDS.url("list") + f"?region={prefix}", projects_url=PROJECTS.url("list") + f"?region={prefix}",
    )
