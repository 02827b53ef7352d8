"""Job fairs count the fairs a record stands for: "举办专场招聘会12场，参与企业86家，提供岗位3200个，达成就业
意向560人" in one aggregate row is 12 fairs, not 1; an aggregate that does not give its 场次 is counted apart."""

import pytest

from shanhai.assessment.figures import figure_compute
from shanhai.core.importing import import_file
from shanhai.core.records import Basis
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes
from shanhai.labour import services
from shanhai.labour.models import JobFair
from shanhai.labour.selectors import job_fairs_count, job_fairs_totals
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region

pytestmark = pytest.mark.django_db

YEAR = 2021


def pairing(reference):
    return Pairing.objects.get(reference=reference)


def region(code):
    return Region.objects.get(code=code.ljust(12, "0"))


def sides():
    return dict(east_region=region("320583"), west_region=region("520602"), pairing=pairing("KS-BJ"))


def fairs_figure(user):
    return figure_compute(key="job_fairs", user=user, pairing=pairing("KS-BJ"), period={"year": YEAR})


def test_twelve_fairs_in_one_row_count_twelve(demo_users):
    admin, bijiang = demo_users["admin"], demo_users["bijiang"]
    services.job_fair_create(actor=admin, reference="T-FAIR-AGG", name="东西部劳务协作专场招聘会", year=YEAR,
                             basis=Basis.AGGREGATE, sessions=12, employers=86, jobs_offered=3200, signed=560, **sides())
    services.job_fair_create(actor=admin, reference="T-FAIR-ONE", name="春风行动招聘会", year=YEAR, employers=20, **sides())
    count = job_fairs_count(user=bijiang, pairing=pairing("KS-BJ"), year=YEAR)
    assert (count.total, count.aggregate, count.itemised, count.unknown) == (13, 12, 1, 0)
    figure = fairs_figure(bijiang)
    assert (figure.value, figure.display, figure.basis_text) == (13, "13 场", "逐笔 1 场 + 汇总 12 场（2 条记录）")
    totals = job_fairs_totals(user=bijiang, pairing=pairing("KS-BJ"), year=YEAR)
    assert (totals["employers"].total, totals["jobs_offered"].total, totals["signed"].total) == (106, 3200, 560)


def test_fairs_without_their_number_are_counted_apart(demo_users):
    admin, bijiang = demo_users["admin"], demo_users["bijiang"]
    services.job_fair_create(actor=admin, reference="T-FAIR-NONUM", name="各乡镇招聘会", year=YEAR, basis=Basis.AGGREGATE,
                             jobs_offered=800, **sides())
    figure = fairs_figure(bijiang)
    assert (figure.value, figure.basis_text) == (0, "场次未载 1 条")


def test_import_and_page_carry_the_sessions(demo_users, client_for):
    header = ["台账编号", "名称", "年度", "东部区划代码", "西部区划代码", "结对编号", "场次", "参与企业", "提供岗位", "达成意向/签约人数",
              "登记方式"]
    result = import_file(importer_get("job-fairs"), filename="f.csv", actor=demo_users["kunshan"], data=csv_bytes([
        header, ["T-FAIR-IMP", "专场招聘会", str(YEAR), "320583", "520602", "KS-BJ", "12", "86", "3200", "560", "汇总（只知总数）"],
    ]))
    assert result.ok, [str(p) for p in result.problems]
    fair = JobFair.objects.get(reference="T-FAIR-IMP")
    assert (fair.sessions, fair.employers, fair.jobs_offered, fair.signed, fair.date) == (12, 86, 3200, 560, None)
    assert fairs_figure(demo_users["bijiang"]).value == 12
    page = client_for("bijiang").get(f"/job-fairs/?year={YEAR}").content.decode()
    assert all(label in page for label in ("场次", "参与企业", "提供岗位", "达成意向"))
    row = client_for("bijiang").get("/api/job-fairs/?search=T-FAIR-IMP").json()["results"][0]
    assert (row["sessions"], row["employers"]) == (12, 86)
