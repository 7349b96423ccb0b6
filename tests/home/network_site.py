"""Pages of the network's public site, built as an editor would, for the tests in this folder."""

import datetime

from django.core.files.base import ContentFile
from wagtail.models import Collection, CollectionViewRestriction, Locale

from home.models import (
    FundingIndexPage,
    FundingOpportunityPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    PartnerContact,
    PartnerIndexPage,
    PartnerPage,
    SiteDocument,
)


def home(language_code="nl"):
    return HomePage.objects.get(locale=Locale.objects.get(language_code=language_code))


def publish(parent, page):
    """`page` added below `parent` and published; returned fresh from the database."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def news_index(parent=None):
    return publish(parent or home(), NewsIndexPage(title="Nieuws", slug="nieuws"))


def news(index, title="Nieuw café in de wijk", date=datetime.date(2027, 3, 1), **fields):
    fields.setdefault("intro", "Een korte inleiding.")
    return publish(index, NewsPage(title=title, date=date, **fields))


def partner_index(parent=None):
    return publish(parent or home(), PartnerIndexPage(title="Partners", slug="partners"))


def partner(index, title="Broedplaats Oost", contacts=(), **fields):
    fields.setdefault("kind", PartnerPage.Kind.INCUBATOR)
    fields.setdefault("summary", "Werkplekken en cursussen voor sociale ondernemers.")
    page = PartnerPage(title=title, **fields)
    page.contacts = [PartnerContact(sort_order=i, **c) for i, c in enumerate(contacts)]
    return publish(index, page)


def funding_index(parent=None):
    return publish(parent or home(), FundingIndexPage(title="Financiering", slug="financiering"))


def opportunity(index, title="Buurtfonds", deadline=datetime.date(2027, 3, 15), **fields):
    fields.setdefault("funder", "Stichting Wijkkracht")
    fields.setdefault("summary", "Geld voor een eerste stap.")
    fields.setdefault("who_can_apply", "Bewonersinitiatieven en startende sociale ondernemers.")
    return publish(index, FundingOpportunityPage(title=title, deadline=deadline, **fields))


def collection(name, restriction=None, groups=()):
    """A collection below the root; with `restriction` (LOGIN or GROUPS) a private one."""
    found = Collection.get_first_root_node().add_child(name=name)
    if restriction is not None:
        rule = CollectionViewRestriction.objects.create(
            collection=found, restriction_type=restriction
        )
        rule.groups.set(groups)
    return found


def document(title, in_collection, content=b"%PDF-1.4 een verslag"):
    found = SiteDocument(title=title, collection=in_collection)
    found.file.save("verslag.pdf", ContentFile(content), save=False)
    found.file_size = len(content)
    found.save()
    return found
