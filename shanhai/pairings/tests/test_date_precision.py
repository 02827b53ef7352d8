"""A pairing begun in a month the report names without a day ("2017年10月") keeps that precision:
imported from "2017-10", shown as 2017年10月, offered back in the form as 2017-10."""

import datetime

import pytest

from shanhai.pairings.models import Pairing

pytestmark = pytest.mark.django_db


def test_the_demo_pairing_started_in_a_month_keeps_the_month():
    pairing = Pairing.objects.get(reference="KS-BJ")
    assert (pairing.start_date, pairing.precisions) == (datetime.date(2017, 10, 1), {"start_date": "month"})


def test_the_pairing_page_shows_the_month_not_a_day(client_for):
    pk = Pairing.objects.get(reference="KS-BJ").pk
    page = client_for("kunshan").get(f"/pairings/{pk}/").content.decode()
    assert "<tr><th>起止日期</th><td>2017年10月 ～ —</td></tr>" in page


def test_the_edit_form_offers_the_month_as_written(client_for):
    pk = Pairing.objects.get(reference="KS-BJ").pk
    page = client_for("admin").get(f"/pairings/{pk}/edit/").content.decode()
    assert 'name="start_date" value="2017-10"' in page
