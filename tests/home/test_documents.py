"""Documents live in the private storage and are only ever handed out by Wagtail's
access-checked serve view; nothing private has a direct URL."""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from wagtail.models import Collection, CollectionViewRestriction

from home.models import SiteDocument
from tests.factories import UserFactory

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
    document = make_document("Jaarverslag")

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
