"""Funding opportunities: open ones by nearest deadline with the days left, then the closed."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from wagtail.test.utils import WagtailPageTestCase

from courses.models import SITE_EDITORS
from home.models import FundingIndexPage, FundingOpportunityPage, HomePage
from tests.factories import UserFactory
from tests.home.network_site import funding_index, opportunity

pytestmark = pytest.mark.django_db
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=AMSTERDAM), tick=False)


class FundingPageTypeTests(WagtailPageTestCase):
    def test_opportunities_live_below_their_index_below_the_home_page(self):
        self.assertAllowedParentPageTypes(FundingIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(FundingIndexPage, {FundingOpportunityPage})
        self.assertAllowedParentPageTypes(FundingOpportunityPage, {FundingIndexPage})
        self.assertAllowedSubpageTypes(FundingOpportunityPage, set())


def section(content, heading_id):
    start = content.index(f'id="{heading_id}"')
    end = content.find("</section>", start)
    return content[start:end]


def test_open_calls_by_nearest_deadline_and_closed_calls_apart(client):
    index = funding_index()
    opportunity(index, title="Later fund", deadline=datetime.date(2027, 4, 30))
    opportunity(index, title="Soon fund", deadline=datetime.date(2027, 3, 12))
    opportunity(index, title="Past fund", deadline=datetime.date(2027, 2, 1))

    with at(2027, 3, 1, 12):
        content = client.get(index.url).content.decode()

    still_open = section(content, "open-calls")
    assert still_open.index("Soon fund") < still_open.index("Later fund")
    assert "Past fund" not in still_open
    assert "Past fund" in section(content, "closed-calls")
    # The pages are Dutch ones.
    assert "nog 11 dagen" in still_open
    assert "nog 60 dagen" in still_open


def test_a_call_closing_at_a_time_closes_then_in_dutch_time(client):
    index = funding_index()
    call = opportunity(
        index, title="Afternoon fund", deadline=datetime.date(2027, 3, 1), deadline_time="17:00"
    )
    call.refresh_from_db()
    assert call.closes_at == datetime.datetime(2027, 3, 1, 17, tzinfo=AMSTERDAM)

    with at(2027, 3, 1, 16, 59):
        content = client.get(index.url).content.decode()
        assert "Afternoon fund" in section(content, "open-calls")
        assert "sluit vandaag" in content
        assert "sluit vandaag" in client.get(call.url).content.decode()
    with at(2027, 3, 1, 17, 1):
        content = client.get(index.url).content.decode()
        assert "Afternoon fund" in section(content, "closed-calls")
        assert "gesloten" in client.get(call.url).content.decode()


def test_a_call_without_a_time_is_open_all_of_its_last_day(client):
    call = opportunity(funding_index(), deadline=datetime.date(2027, 3, 1))
    with at(2027, 3, 1, 23, 59):
        assert call.is_open()
        assert call.days_left() == 0
    with at(2027, 3, 2, 0, 1):
        assert not call.is_open()


def test_opportunity_page_shows_funder_amount_and_who_can_apply(client):
    call = opportunity(
        funding_index(),
        amount_min=5000,
        amount_max=25000,
        link="https://example.org/call",
    )
    with at(2027, 3, 1, 9):
        content = client.get(call.url).content.decode()
    assert "Stichting Wijkkracht" in content
    assert "€5.000 tot €25.000" in content
    assert "Bewonersinitiatieven" in content
    assert 'href="https://example.org/call"' in content
    assert "nog 14 dagen" in content


def test_amount_range_must_not_be_upside_down():
    call = FundingOpportunityPage(
        title="X",
        funder="Y",
        summary="Z",
        who_can_apply="Iedereen",
        deadline=datetime.date(2027, 3, 1),
        amount_min=10000,
        amount_max=500,
    )
    with pytest.raises(ValidationError) as error:
        call.clean()
    assert "amount_max" in error.value.message_dict


def test_funding_index_costs_the_same_queries_for_few_and_many(
    client, django_assert_max_num_queries
):
    index = funding_index()
    opportunity(index, title="Een", deadline=datetime.date(2027, 3, 20))
    with at(2027, 3, 1, 9):
        client.get(index.url)
        with django_assert_max_num_queries(100) as few:
            client.get(index.url)
    for number in range(8):
        opportunity(
            index, title=f"Fonds {number}", deadline=datetime.date(2027, 2 + number % 3, 10)
        )
    with at(2027, 3, 1, 9), django_assert_max_num_queries(len(few.captured_queries)):
        client.get(index.url)


def test_site_editors_get_the_admin_form_of_a_funding_call(client):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name=SITE_EDITORS))
    client.force_login(editor)

    response = client.get(f"/admin/pages/add/home/fundingopportunitypage/{funding_index().pk}/")

    assert response.status_code == 200
    assert 'name="deadline_time"' in response.content.decode()
