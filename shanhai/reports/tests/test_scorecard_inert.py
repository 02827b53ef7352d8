"""A county pair's name is written by its own offices and read in the city's scorecard by others:
named like a formula, it arrives in the Excel scorecard as text."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from shanhai.pairings.models import Pairing
from shanhai.pairings.services import pairing_update

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://x","y")'


def test_a_pair_named_as_a_formula_is_text_in_the_city_scorecard(client_for, demo_users):
    zjg_yh = Pairing.objects.get(reference="ZJG-YH")
    pairing_update(actor=demo_users["zhangjiagang"], pairing=zjg_yh, name=LINK)

    sz_tr = Pairing.objects.get(reference="SZ-TR")
    response = client_for("suzhou").get(reverse("reports:scorecard", args=[sz_tr.pk]) + "?year=2019&export=xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    labels = {ws.cell(r, 1).value: ws.cell(r, 1) for r in range(5, ws.max_row + 1)}
    cell = labels["'" + LINK]
    assert cell.data_type == "s"
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)
    # Scores stay numbers beside it.
    assert ws.cell(cell.row, ws.max_column - 1).data_type == "n"
