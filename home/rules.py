"""Who may download a site document: the one place where document access is decided.

Wagtail's serve view hands a document to anyone its collection's view restriction lets
in, and the root collection, where coordinators attach documents to modules, has none.
So a document is for everyone only where the public documents library publishes it;
any other is served to the people who see it on a page, and to those who manage it in
the admin. To everyone else it does not exist: home.wagtail_hooks makes that a 404,
as for any participant material, so a guessed address tells an outsider nothing.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry

from courses import rules as programme_rules
from courses.models import ModulePage
from home.models import SiteDocument
from home.models.library import published_collection_ids


def can_download_document(request, document) -> bool:
    """May this request have the document's file?

    - In a private collection: as its view restriction says. Wagtail's serve view checks
      that itself right after, and asks a visitor to sign in, so it is not decided here.
    - In a collection a public library shows: anyone.
    - Anywhere else: people who may change it in the admin (site editors, superusers,
      whoever uploaded it), and people who see a page that uses it. A document used
      nowhere, or only on drafts, is for its managers alone.
    """
    if document.collection.get_view_restrictions().exists():
        return True
    if published_collection_ids().filter(pk=document.collection_id).exists():
        return True
    policy = policy_registry.get_by_type(SiteDocument)
    if policy.user_has_permission_for_instance(request.user, "change", document):
        return True
    return any(shows_its_documents(request, page) for page in pages_using(document))


def shows_its_documents(request, page) -> bool:
    """Does the page show this request the documents it uses?

    A module's documents sit in its body, which only the programme's members see; any
    other page's go to whoever may open the page.
    """
    if isinstance(page, ModulePage):
        return programme_rules.can_view_module_body(request.user, page.programme)
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def pages_using(document):
    """The live pages that use the document, each as its own page type: Wagtail's
    reference index knows them. Two queries."""
    page_ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    return Page.objects.live().filter(pk__in=[int(pk) for pk in page_ids]).specific()
