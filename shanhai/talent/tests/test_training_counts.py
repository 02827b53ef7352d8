"""Training keeps an unknown 期数 unknown: "培训碧江区干部和技术人员 1,200 人次" as an aggregate with 期数 left
blank is 0 期 counted and "期数未载 1 条", never 1 期; "举办培训班8期、培训450人次" is 8 期; an itemised batch
is one."""

import pytest

from shanhai.assessment.figures import figure_compute
from shanhai.core.importing import import_file
from shanhai.core.records import Basis
from shanhai.core.registry import importer_get
from shanhai.core.testing import csv_bytes
from shanhai.pairings.models import Pairing
from shanhai.regions.models import Region
from shanhai.talent import services
from shanhai.talent.models import TrainingBatch
from shanhai.talent.selectors import trainings_total

pytestmark = pytest.mark.django_db

YEAR = 2021


def pairing(reference):
    return Pairing.objects.get(reference=reference)


def region(code):
    return Region.objects.get(code=code.ljust(12, "0"))


def sides():
    return dict(east_party="昆山市", east_region=region("320583"), west_party="碧江区", west_region=region("520602"),
                pairing=pairing("KS-BJ"), year=YEAR)


def figure(key, user):
    return figure_compute(key=key, user=user, pairing=pairing("KS-BJ"), period={"year": YEAR})


def test_an_aggregate_with_blank_batches_counts_no_batch_and_says_so(demo_users):
    admin, bijiang = demo_users["admin"], demo_users["bijiang"]
    services.training_batch_create(actor=admin, reference="T-TRN-NOBATCH", topic="干部和专业技术人员培训",
                                   basis=Basis.AGGREGATE, person_times=1200, **sides())
    record = TrainingBatch.objects.get(reference="T-TRN-NOBATCH")
    assert record.batches is None
    batches = figure("training_batches", bijiang)
    assert (batches.value, batches.display, batches.basis_text) == (0, "0 期", "期数未载 1 条")
    assert figure("trainings", bijiang).display == "1,200 人次"


def test_batches_given_and_itemised_batches_add_up(demo_users):
    admin, bijiang = demo_users["admin"], demo_users["bijiang"]
    services.training_batch_create(actor=admin, reference="T-TRN-8", topic="农村实用技术培训班", basis=Basis.AGGREGATE,
                                   batches=8, person_times=450, **sides())
    services.training_batch_create(actor=admin, reference="T-TRN-ONE", topic="电商培训", persons=40, **sides())
    services.training_batch_create(actor=admin, reference="T-TRN-NOBATCH", topic="各类培训", basis=Basis.AGGREGATE,
                                   person_times=300, **sides())
    assert TrainingBatch.objects.get(reference="T-TRN-ONE").batches == 1  # an itemised record is one batch
    t = trainings_total(user=bijiang, pairing=pairing("KS-BJ"), year=YEAR)
    assert (t.batches.total, t.batches.itemised, t.batches.aggregate, t.batches.unknown) == (9, 1, 8, 1)
    # the itemised batch gives persons but not 人次: it is said apart, not guessed
    assert (t.person_times.total, t.person_times.unknown) == (750, 1)
    batches = figure("training_batches", bijiang)
    assert (batches.value, batches.basis_text) == (9, "逐笔 1 期 + 汇总 8 期（2 条记录）；期数未载 1 条")
    person_times = figure("trainings", bijiang)
    assert (person_times.value, person_times.basis_text) == (750, "汇总 750 人次（2 条记录）；人次未载 1 条")


def test_import_leaves_an_aggregates_blank_batches_blank(demo_users):
    header = ["台账编号", "培训主题", "东部一方", "东部区划代码", "西部一方", "西部区划代码", "结对编号", "年度", "期数", "培训人次", "登记方式"]
    result = import_file(importer_get("training-batches"), filename="t.csv", actor=demo_users["kunshan"], data=csv_bytes([
        header,
        ["T-TR-AGG", "干部培训", "昆山市", "320583", "碧江区", "520602", "KS-BJ", str(YEAR), "", "1200", "汇总（只知总数）"],
        ["T-TR-ITEM", "电商培训", "昆山市", "320583", "碧江区", "520602", "KS-BJ", str(YEAR), "", "60", "逐笔登记"],
    ]))
    assert result.ok, [str(p) for p in result.problems]
    assert TrainingBatch.objects.get(reference="T-TR-AGG").batches is None
    assert TrainingBatch.objects.get(reference="T-TR-ITEM").batches == 1
    assert figure("training_batches", demo_users["bijiang"]).basis_text == "逐笔 1 期（1 条记录）；期数未载 1 条"
