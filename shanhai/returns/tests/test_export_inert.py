"""A return's export carries the filling office's notes to the reviewer: a note written like a formula
arrives as text, and a negative change since approval stays a number."""

import io

import pytest
from openpyxl import load_workbook

from shanhai.funds.models import Fund
from shanhai.funds.services import fund_update
from shanhai.returns.models import Return
from shanhai.returns.services import return_figure_set

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://x","y")'


def _sheet(client, ret):
    response = client.get(f"/returns/{ret.pk}/export/")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in ws[1]]
    return ws, header


def test_a_note_written_as_a_formula_reaches_the_reviewer_as_text(client_for, demo_users):
    # 张家港 ↔ 沿河 2020 Q3 is Zhangjiagang's draft; Suzhou reviews it.
    ret = Return.objects.get(pairing__reference="ZJG-YH", period_kind="quarterly", year=2020, period_no=3)
    figure = ret.figures.select_related("indicator").filter(indicator__reported=False).first()
    return_figure_set(actor=demo_users["zhangjiagang"], figure=figure, value=None, note=LINK)

    ws, header = _sheet(client_for("suzhou"), ret)
    (cell,) = [row[header.index("说明")] for row in ws.iter_rows(min_row=2) if row[1].value == figure.indicator.name]
    assert (cell.data_type, cell.value) == ("s", "'" + LINK)
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_a_fall_since_approval_stays_a_negative_number(client_for, demo_users):
    # 昆山 ↔ 碧江 2019 Q1 was approved at 700 万元 of funds (the towns'); the ledger then loses 100 万元.
    fund = Fund.objects.get(reference="KS-BJ-FUND-TOWNS")
    fund_update(actor=demo_users["admin"], obj=fund, amount=fund.amount - 100_0000_00)
    ret = Return.objects.get(pairing__reference="KS-BJ", period_kind="quarterly", year=2019, period_no=1)

    ws, header = _sheet(client_for("suzhou"), ret)
    (row,) = [r for r in ws.iter_rows(min_row=2) if r[1].value == "各类帮扶资金"]
    drift = row[header.index("变动（当前−审核）")]
    assert drift.data_type == "n" and drift.value == -1_000_000
