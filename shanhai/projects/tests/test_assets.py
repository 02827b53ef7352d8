"""Project assets: an income-generating asset's yearly income is the profit its distribution splits."""

import pytest
from django.core.exceptions import ValidationError

from shanhai.projects.models import DistributionRule, Project, ProjectAsset
from shanhai.projects.services import asset_create, asset_income_create, distribution_create

pytestmark = pytest.mark.django_db


def test_income_of_the_blueberry_base_feeds_its_622_distribution(demo_users, client_for):
    bijiang = demo_users["bijiang"]
    base = ProjectAsset.objects.get(reference="KS-BJ-AST-BLUEBERRY")
    blueberry = Project.objects.get(reference="KS-BJ-PRJ-BLUEBERRY")
    d = distribution_create(actor=bijiang, reference="KS-BJ-XH-2020", project=blueberry, year=2020, profit=1_234_567,
                            rule=DistributionRule.objects.get(code="622"), household_count=188)
    with pytest.raises(ValidationError) as exc:
        asset_income_create(actor=bijiang, asset=base, year=2020, amount=1_234_568, distribution=d)
    assert "须与本条收益一致" in str(exc.value)
    income = asset_income_create(actor=bijiang, asset=base, year=2020, amount=1_234_567, distribution=d)
    assert d.asset_income == income
    page = client_for("bijiang").get(f"/project-assets/{base.pk}/").content.decode()
    assert "年度收益" in page and "KS-BJ-XH-2020" in page and "12,345.67 元" in page

    road = asset_create(actor=demo_users["yanhe"], reference="ZJG-YH-AST-ROAD",
                        project=Project.objects.get(reference="ZJG-YH-PRJ-GSC-ROAD"), name="高山村村组道路",
                        asset_class="public", owner_name="高山村村民委员会")
    with pytest.raises(ValidationError) as exc:
        asset_income_create(actor=demo_users["admin"], asset=road, year=2020, amount=1_234_567, distribution=d)
    assert "只有经营性资产的收益进入收益分配" in str(exc.value)
