"""An agreement signed "2019年3月" keeps its month, on the page and in the briefing."""

import pytest

from shanhai.agreements.models import Agreement
from shanhai.core.importing import import_file
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes

pytestmark = pytest.mark.django_db


def test_a_month_signing_date_is_kept_and_shown_as_the_month(demo_users, client_for):
    result = import_file(importer_get("agreements"), filename="a.csv", actor=demo_users["kunshan"], data=csv_bytes([
        ["台账编号", "结对编号", "协议名称", "签订日期"],
        ["KS-BJ-AGR-MONTH", "KS-BJ", "劳务协作框架协议", "2019年3月"],
    ]))
    assert result.ok, [str(p) for p in result.problems]
    agreement = Agreement.objects.get(reference="KS-BJ-AGR-MONTH")
    assert (agreement.signed_on.isoformat(), agreement.precisions, agreement.year) == ("2019-03-01", {"signed_on": "month"}, 2019)
    assert agreement.when_text == "2019年3月"
    listing = client_for("kunshan").get("/agreements/?search=KS-BJ-AGR-MONTH").content.decode()
    assert "2019年3月" in listing and "2019-03-01" not in listing
    briefing = client_for("kunshan").get(f"/reports/briefing/{agreement.pairing.pk}.md?year=2019").content.decode()
    [line] = [line for line in briefing.splitlines() if "《劳务协作框架协议》" in line]
    assert "2019年3月，" in line and "2019年3月1日" not in line
