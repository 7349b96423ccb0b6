"""A visitor on a phone searches the network's site, reads a funding call and finds
whom to contact at a partner organisation."""

import datetime

from django.utils import timezone

from home.models import FundingOpportunityPage, PartnerPage
from tests.browser import assert_no_horizontal_scroll, follow, path_of, visit
from tests.home.network_site import funding_index, opportunity, partner, partner_index


def test_a_visitor_on_a_phone_searches_then_opens_a_funding_call_and_a_partner(page):
    partner(
        partner_index(),
        title="Sociale Innovatiefabriek",
        kind=PartnerPage.Kind.SOCIAL_INNOVATION_FACTORY,
        summary="Een alliantie met een impactfonds voor haalbaarheidsstudies.",
        website="https://fabriek.example.org/",
        contacts=[
            {"name": "Amira El Idrissi", "role": "Fondsmanager", "email": "amira@example.org"}
        ],
    )
    call = opportunity(
        funding_index(),
        title="Impactfonds: haalbaarheidsstudie",
        funder="Sociale Innovatiefabriek",
        deadline=timezone.localdate() + datetime.timedelta(days=10),
        amount_min=5000,
        amount_max=25000,
        link="https://fabriek.example.org/impactfonds",
    )
    assert FundingOpportunityPage.objects.live().count() == 1

    visit(page, "/nl/")
    assert_no_horizontal_scroll(page)
    search = page.get_by_role("search").first
    search.locator("input[name=q]").fill("innovatiefabriek")
    follow(page, search.get_by_role("button"))

    assert path_of(page) == "/nl/search/?q=innovatiefabriek"
    assert page.locator("#search-query").input_value() == "innovatiefabriek"
    assert page.locator(".search-result").count() == 2
    assert_no_horizontal_scroll(page)

    follow(page, page.get_by_role("link", name="Impactfonds: haalbaarheidsstudie"))
    assert path_of(page) == call.get_url()
    assert page.get_by_role("heading", level=1).inner_text() == "Impactfonds: haalbaarheidsstudie"
    assert "10" in page.locator(".deadline .badge").inner_text()
    assert page.locator('a[href="https://fabriek.example.org/impactfonds"]').is_visible()
    assert_no_horizontal_scroll(page)

    visit(page, "/nl/search/?q=innovatiefabriek")
    follow(page, page.get_by_role("link", name="Sociale Innovatiefabriek"))
    assert page.get_by_role("heading", level=1).inner_text() == "Sociale Innovatiefabriek"
    assert page.get_by_role("link", name="amira@example.org").is_visible()
    assert "Amira El Idrissi" in page.locator("#contacts").locator("..").inner_text()
    assert_no_horizontal_scroll(page)
