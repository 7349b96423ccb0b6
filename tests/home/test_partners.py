"""Partner organisations with the people to contact there, published with their agreement."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils import WagtailPageTestCase
from wagtail.users.models import UserProfile

from home.models import HomePage, PartnerContact, PartnerIndexPage, PartnerPage
from tests.factories import UserFactory
from tests.home.network_site import partner, partner_index

pytestmark = pytest.mark.django_db

CONTACT = {
    "name": "Noor Bakker",
    "role": "Programmamaker",
    "email": "noor@example.org",
    "phone": "030 123 45 67",
}


class PartnerPageTypeTests(WagtailPageTestCase):
    def test_partners_live_below_their_index_below_the_home_page(self):
        self.assertAllowedParentPageTypes(PartnerIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(PartnerIndexPage, {PartnerPage})
        self.assertAllowedParentPageTypes(PartnerPage, {PartnerIndexPage})
        self.assertAllowedSubpageTypes(PartnerPage, set())
        self.assertCanNotCreateAt(HomePage, PartnerPage)


def test_partner_page_shows_kind_website_and_contact_persons(client):
    page = partner(partner_index(), website="https://example.org/", contacts=[CONTACT])

    content = client.get(page.url).content.decode()

    assert "Broedplaats Oost" in content
    assert "Incubator" in content or "incubator" in content.lower()
    assert 'href="https://example.org/"' in content
    assert "Noor Bakker" in content and "Programmamaker" in content
    assert 'href="mailto:noor@example.org"' in content
    assert 'href="tel:0301234567"' in content


def test_partner_without_contacts_or_website_renders(client):
    page = partner(partner_index(), title="Gemeente Utrecht", kind=PartnerPage.Kind.MUNICIPALITY)

    response = client.get(page.url)

    assert response.status_code == 200
    assert 'id="contacts"' not in response.content.decode()


def test_partners_are_listed_by_name_with_a_flat_query_count(client, django_assert_max_num_queries):
    index = partner_index()
    partner(index, title="Zuidas Fabriek", contacts=[CONTACT])
    partner(index, title="Arnhem Netwerk")
    client.get(index.url)
    with django_assert_max_num_queries(100) as few:
        content = client.get(index.url).content.decode()
    assert content.index("Arnhem Netwerk") < content.index("Zuidas Fabriek")
    for number in range(10):
        partner(index, title=f"Partner {number}", contacts=[CONTACT, CONTACT])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(index.url)


def test_editors_are_told_contact_persons_need_agreement(client):
    index = partner_index()
    editor = UserFactory(is_superuser=True, is_staff=True, preferred_language="en")
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(editor)

    response = client.get(f"/admin/pages/add/home/partnerpage/{index.pk}/")

    assert response.status_code == 200
    assert "agreed to have their name and contact details shown" in response.content.decode()


def test_bad_contact_email_is_refused_by_the_page_form():
    page = PartnerPage(title="X", kind="incubator", summary="Y")
    contact = PartnerContact(page=page, name="Iemand", email="geen-adres")
    with pytest.raises(ValidationError) as error:
        contact.full_clean(exclude=["page"])
    assert "email" in str(error.value)
