"""A ledger record's page offers 修改/删除 to those who may change it, and not to others."""

import pytest

from shanhai.core.ledger import ledgers_all
from shanhai.social.models import Donation

pytestmark = pytest.mark.django_db


def test_edit_and_delete_buttons_follow_the_writers_scope(client_for):
    donation = Donation.objects.get(reference="KS-BJ-DON-ZP")  # 张浦镇 → 坝黄镇, 60 万元
    url = f"/donations/{donation.pk}/"
    # The donor's side keeps a donation (ADR 010): Bijiang reads what 张浦镇 gave, Kunshan changes it.
    for username, shown in (("kunshan", True), ("bijiang", False), ("admin", True), ("auditor", False), ("zhangjiagang", None)):
        response = client_for(username).get(url)
        if shown is None:
            assert response.status_code == 404, username
            continue
        page = response.content.decode()
        assert (f"/donations/{donation.pk}/edit/" in page) is shown, username
        assert (f"/donations/{donation.pk}/delete/" in page) is shown, username


def test_append_only_ledgers_offer_no_edit(client_for):
    kept = [(ledger, ledger.model.objects.first()) for ledger in ledgers_all() if ledger.update is None]
    ledger, obj = next((ledger, obj) for ledger, obj in kept if obj is not None)  # project status moves, in the demo
    page = client_for("admin").get(ledger.url("detail", obj.pk)).content.decode()
    detail = ledger.url("detail", obj.pk)
    assert detail + "edit/" not in page and ">修改</a>" not in page
