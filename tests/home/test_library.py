"""The documents library lists a private collection's documents only to those who may
open them: never to visitors, who can download none of them either."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import CollectionViewRestriction
from wagtail.permissions import collection_permission_policy
from wagtail.test.utils import WagtailPageTestCase

from courses.models import SITE_EDITORS
from home.models import DocumentLibraryPage, HomePage, StandardPage
from tests.factories import UserFactory
from tests.home.network_site import collection, document, home, publish

pytestmark = pytest.mark.django_db


class LibraryPageTypeTests(WagtailPageTestCase):
    def test_library_sits_on_the_public_site_without_children(self):
        self.assertAllowedParentPageTypes(DocumentLibraryPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(DocumentLibraryPage, set())


@pytest.fixture
def library():
    """A library of a public and a login-only collection, plus one collection not chosen."""
    reports = collection("Rapporten")
    internal = collection("Intern", restriction=CollectionViewRestriction.LOGIN)
    elsewhere = collection("Elders")
    page = DocumentLibraryPage(title="Bibliotheek", slug="bibliotheek")
    page.collections = [reports, internal]
    page = publish(home(), page)
    return {
        "page": page,
        "public": document("Jaarverslag 2026", reports),
        "private": document("Advies aan de gemeente", internal),
        "elsewhere": document("Los document", elsewhere),
        "internal": internal,
    }


def test_visitor_sees_public_documents_only_and_cannot_download_private_ones(client, library):
    content = client.get(library["page"].url).content.decode()

    assert "Jaarverslag 2026" in content
    assert library["public"].url in content
    assert "Advies aan de gemeente" not in content
    assert library["private"].url not in content
    assert "Los document" not in content

    download = client.get(library["private"].url)
    assert download.status_code in {302, 404}
    assert b"verslag" not in download.content
    assert client.get(library["public"].url).status_code == 200


def test_signed_in_person_sees_and_downloads_a_login_only_collection(client, library):
    client.force_login(UserFactory())

    content = client.get(library["page"].url).content.decode()

    assert "Intern" in content and "Advies aan de gemeente" in content
    response = client.get(library["private"].url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 een verslag"


def test_group_collection_is_listed_and_served_only_to_its_groups(client):
    board = Group.objects.create(name="Bestuur")
    secret = collection("Bestuur", restriction=CollectionViewRestriction.GROUPS, groups=[board])
    nested = secret.add_child(name="Notulen")
    minutes = document("Notulen maart", nested)
    page = DocumentLibraryPage(title="Bibliotheek", slug="bibliotheek")
    page.collections = [secret, nested]
    page = publish(home(), page)

    outsider = UserFactory()
    client.force_login(outsider)
    assert "Notulen maart" not in client.get(page.url).content.decode()
    assert client.get(minutes.url).status_code in {302, 403, 404}

    member = UserFactory()
    member.groups.add(board)
    client.force_login(member)
    assert "Notulen maart" in client.get(page.url).content.decode()
    assert client.get(minutes.url).status_code == 200


def test_documents_are_grouped_with_type_size_and_date(client, library):
    content = client.get(library["page"].url).content.decode()

    assert '<h2 id="collection-' in content and "Rapporten" in content
    assert "PDF" in content
    assert "20\xa0bytes" in content
    assert f'datetime="{library["public"].created_at:%Y-%m-%d}"' in content


def test_library_costs_the_same_queries_for_few_and_many_documents(
    client, library, django_assert_max_num_queries
):
    client.force_login(UserFactory())
    client.get(library["page"].url)
    with django_assert_max_num_queries(100) as few:
        client.get(library["page"].url)
    for number in range(10):
        document(f"Verslag {number}", library["internal"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        content = client.get(library["page"].url).content.decode()
    assert "Verslag 9" in content


def test_site_editors_make_collections_and_set_their_privacy():
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name=SITE_EDITORS))
    reports = collection("Rapporten")

    assert collection_permission_policy.user_has_permission(editor, "add")
    assert collection_permission_policy.user_has_permission_for_instance(editor, "change", reports)
    assert not collection_permission_policy.user_has_permission(UserFactory(), "add")


def test_visitors_are_told_to_sign_in_only_where_something_is_hidden(client, library):
    assert client.get(library["page"].url).context["some_hidden"] is True

    library["page"].collections = [collection("Openbaar")]
    library["page"].save_revision().publish()

    assert client.get(library["page"].url).context["some_hidden"] is False
