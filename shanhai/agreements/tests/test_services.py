"""Confirming an item by hand: a name is required, the writer must hold the pair, every change audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from shanhai.agreements.models import TenHaveCheck, TenHaveItem
from shanhai.agreements.selectors import ten_haves
from shanhai.agreements.services import agreement_document_attach, ten_have_check_delete, ten_have_confirm
from shanhai.core.audit import history_for
from shanhai.pairings.models import Pairing

pytestmark = pytest.mark.django_db


@pytest.fixture
def ks_bj():
    return Pairing.objects.get(reference="KS-BJ")


def item(name):
    return TenHaveItem.objects.get(name=name)


def status(user, pairing, year, name):
    return next(s for s in ten_haves(user=user, pairing=pairing, year=year).items if s.item.name == name)


def test_the_ten_items_are_data_in_their_order():
    assert list(TenHaveItem.objects.values_list("name", flat=True)) == [
        "有协议", "有规划", "有资金", "有项目", "有干部", "有人才", "有互访", "有联席会议", "有措施", "有成效",
    ]
    assert set(TenHaveItem.objects.filter(rule="").values_list("name", flat=True)) == {"有措施", "有成效"}


def test_a_manual_tick_needs_a_name(demo_users, ks_bj):
    for name in ("", "   "):
        with pytest.raises(ValidationError) as exc:
            ten_have_confirm(actor=demo_users["kunshan"], pairing=ks_bj, year=2020, item=item("有措施"), met=True, confirmed_by=name)
        assert "confirmed_by" in exc.value.error_dict
    assert not TenHaveCheck.objects.filter(pairing=ks_bj, year=2020).exists()


def test_a_manual_tick_with_a_name_and_an_attachment_meets_the_item(demo_users, ks_bj, upload_dir):
    kunshan = demo_users["kunshan"]
    assert not status(kunshan, ks_bj, 2020, "有措施").met
    minutes = SimpleUploadedFile("措施.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    check = ten_have_confirm(actor=kunshan, pairing=ks_bj, year=2020, item=item("有措施"), met=True,
                             confirmed_by="  张三 ", attachment=minutes, note="年度帮扶工作方案")
    assert check.confirmed_by == "张三"
    assert check.attachment.name.startswith("ten-haves/")
    assert (upload_dir / check.attachment.name).read_bytes() == b"%PDF-1.4 minutes"
    found = status(kunshan, ks_bj, 2020, "有措施")
    assert found.met and found.how == "manual" and found.check.confirmed_by == "张三"
    # the same row again, changed; the attachment kept when none is given
    ten_have_confirm(actor=kunshan, pairing=ks_bj, year=2020, item=item("有措施"), met=False, confirmed_by="李四")
    check.refresh_from_db()
    assert (check.met, check.confirmed_by) == (False, "李四") and check.attachment.name.startswith("ten-haves/")
    assert not status(kunshan, ks_bj, 2020, "有措施").met
    assert [e.action for e in history_for(check)] == ["update", "create"]


def test_a_manual_tick_on_a_rule_item_is_shown_beside_the_rule(demo_users, ks_bj):
    """Joint meetings of 2019 are not in the ledgers; a meeting held on paper is confirmed by hand."""
    bijiang = demo_users["bijiang"]
    before = status(bijiang, ks_bj, 2019, "有联席会议")
    assert not before.met and before.has_rule and not before.evidence.met
    ten_have_confirm(actor=bijiang, pairing=ks_bj, year=2019, item=item("有联席会议"), met=True, confirmed_by="王五")
    after = status(bijiang, ks_bj, 2019, "有联席会议")
    assert after.met and after.how == "manual" and after.evidence is not None and not after.evidence.met
    # where the rule already finds records, the rule decides and the tick is shown beside it
    ten_have_confirm(actor=bijiang, pairing=ks_bj, year=2019, item=item("有互访"), met=True, confirmed_by="王五")
    visits = status(bijiang, ks_bj, 2019, "有互访")
    assert visits.how == "rule" and visits.check is not None


@pytest.mark.parametrize("username", ["zhangjiagang", "auditor", "yanhe"])
def test_others_cannot_tick(demo_users, ks_bj, username):
    """Another county's office, the read-only auditor and a Yanhe town operator hold no part of KS-BJ."""
    with pytest.raises(PermissionDenied):
        ten_have_confirm(actor=demo_users[username], pairing=ks_bj, year=2019, item=item("有联席会议"), met=True,
                         confirmed_by="赵六")
    assert not TenHaveCheck.objects.filter(pairing=ks_bj, year=2019, item__name="有联席会议").exists()


def test_revoking_a_tick(demo_users, ks_bj):
    check = TenHaveCheck.objects.get(pairing=ks_bj, year=2019, item__name="有成效")
    with pytest.raises(PermissionDenied):
        ten_have_check_delete(actor=demo_users["auditor"], check=check)
    ten_have_check_delete(actor=demo_users["workteam"], check=check)
    assert not status(demo_users["kunshan"], ks_bj, 2019, "有成效").met


def test_an_agreement_text_is_attached_and_audited(demo_users, upload_dir):
    from shanhai.agreements.models import Agreement

    agreement = Agreement.objects.get(reference="KS-BJ-AGR-2019-GROUP")
    with pytest.raises(PermissionDenied):
        agreement_document_attach(actor=demo_users["zhangjiagang"], agreement=agreement,
                                  document=SimpleUploadedFile("x.pdf", b"%PDF"))
    agreement = Agreement.objects.get(pk=agreement.pk)
    agreement_document_attach(actor=demo_users["kunshan"], agreement=agreement,
                              document=SimpleUploadedFile("组团式帮扶协议.pdf", b"%PDF text"))
    agreement.refresh_from_db()
    assert agreement.document.name.startswith("agreements/")
    assert history_for(agreement)[0].changes  # the file's stored name in the audit row
    with pytest.raises(ValidationError):
        agreement_document_attach(actor=demo_users["kunshan"], agreement=agreement,
                                  document=SimpleUploadedFile("run.exe", b"MZ"))


def test_a_pairing_with_confirmations_is_not_deleted_with_them(demo_users):
    from shanhai.core.services import StillReferenced
    from shanhai.pairings.services import pairing_delete

    wj_yj = Pairing.objects.get(reference="WJ-YJ")
    ten_have_confirm(actor=demo_users["admin"], pairing=wj_yj, year=2021, item=item("有成效"), met=True, confirmed_by="张三")
    with pytest.raises(StillReferenced) as exc:
        pairing_delete(actor=demo_users["admin"], pairing=wj_yj)
    assert "“十有”人工确认" in str(exc.value)
    assert TenHaveCheck.objects.filter(pairing=wj_yj).count() == 1
