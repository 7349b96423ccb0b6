"""Documents live in the private storage and are only ever handed out by Wagtail's
access-checked serve view; nothing private has a direct URL. A document is for everyone
only where the public documents library publishes it; any other, such as a module's
handout, only for the people who see it on a page and those who manage it."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.models import Collection, CollectionViewRestriction

from courses.models import SITE_EDITORS, Role
from home.models import DocumentLibraryPage, SiteDocument, StandardPage
from tests.factories import UserFactory, add_module, enrol, make_programme, translate
from tests.home.network_site import home, publish

pytestmark = pytest.mark.django_db


def make_document(title, collection=None):
    document = SiteDocument(title=title, collection=collection or Collection.get_first_root_node())
    document.file.save("report.pdf", ContentFile(b"%PDF-1.4 a report"), save=False)
    document.save()
    return document


def test_document_file_is_stored_privately_without_url():
    document = make_document("Jaarverslag")

    assert (settings.PRIVATE_ROOT / document.file.name).exists()
    assert not (settings.MEDIA_ROOT / document.file.name).exists()
    with pytest.raises(NotImplementedError):
        document.file.url  # noqa: B018


def test_public_document_is_served_through_the_serve_view(client):
    reports = Collection.get_first_root_node().add_child(name="Rapporten")
    library = DocumentLibraryPage(title="Bibliotheek", slug="bibliotheek")
    library.collections = [reports]
    publish(home(), library)
    document = make_document("Jaarverslag", collection=reports)

    response = client.get(document.url)

    assert response.status_code == 200
    assert "report" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 a report"


def test_private_collection_document_is_not_served_to_visitors(client):
    private = Collection.get_first_root_node().add_child(name="Intern")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = make_document("Intern verslag", collection=private)

    response = client.get(document.url)

    assert response.status_code in {302, 404}
    assert b"a report" not in response.content

    client.force_login(UserFactory())
    assert client.get(document.url).status_code == 200


def test_private_root_is_not_under_media_url():
    assert settings.MEDIA_URL not in str(settings.PRIVATE_ROOT)
    assert str(settings.MEDIA_ROOT) != str(settings.PRIVATE_ROOT)


# A document that no public library shows is served only where it is shown.


@pytest.fixture
def module_document():
    """A handout in the root collection, attached to a module of programme A; programme
    B is someone else's."""
    a = make_programme(title="Overvecht, voorjaar 2027", modules=0)
    b = make_programme(title="Kanaleneiland, voorjaar 2027", modules=0)
    handout = make_document("Werkblad buurtkaart")
    resource = {"title": "Werkblad", "description": "", "url": "", "document": handout}
    add_module(a, 1, body=[("resource", resource)])
    return {"a": a, "b": b, "document": handout}


def downloads(client, document, user=None):
    if user is not None:
        client.force_login(user)
    response = client.get(document.url)
    if response.status_code != 200:
        assert b"a report" not in response.content
        return response.status_code
    assert b"".join(response.streaming_content) == b"%PDF-1.4 a report"
    return 200


def test_module_document_does_not_exist_for_visitors_and_other_programmes(client, module_document):
    """A 404, not a way to sign in: like any participant material, a guessed address
    must not tell an outsider that there is something behind it."""
    outsider = UserFactory()
    enrol(outsider, module_document["b"], Role.STUDENT)

    assert downloads(client, module_document["document"]) == 404
    assert downloads(client, module_document["document"], outsider) == 404


@pytest.mark.parametrize("role", [Role.STUDENT, Role.RESIDENT, Role.COACH, Role.COORDINATOR])
def test_module_document_is_served_to_the_programme(client, module_document, role):
    member = UserFactory()
    enrol(member, module_document["a"], role)

    assert downloads(client, module_document["document"], member) == 200


def test_module_document_is_served_to_the_translation_of_its_module(client, module_document):
    """Members open the English module too; it uses the same document."""
    module = module_document["a"].get_children().specific().get()
    translate(module, "en")
    module.unpublish()
    member = UserFactory()
    enrol(member, module_document["a"], Role.STUDENT)

    assert downloads(client, module_document["document"], member) == 200


def test_module_document_of_an_unpublished_module_is_not_served(client, module_document):
    module_document["a"].get_children().get().specific.unpublish()
    member = UserFactory()
    enrol(member, module_document["a"], Role.STUDENT)

    assert downloads(client, module_document["document"], member) == 404


def test_documents_used_nowhere_are_for_their_managers_only(client):
    loose = make_document("Losse notitie")
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name=SITE_EDITORS))

    assert downloads(client, loose) == 404
    assert downloads(client, loose, UserFactory()) == 404
    assert downloads(client, loose, editor) == 200
    assert downloads(client, loose, UserFactory(is_superuser=True)) == 200


def test_document_linked_from_a_public_page_is_served_to_anyone(client):
    flyer = make_document("Flyer")
    link = f'<p><a linktype="document" id="{flyer.pk}">De flyer</a></p>'
    publish(home(), StandardPage(title="Over ons", slug="over-ons", body=[("text", link)]))

    assert downloads(client, flyer) == 200
