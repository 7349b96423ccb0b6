"""The network around the programme on the demo site: news, partner organisations with
their contact persons, funding opportunities, and reports in a public and a private
collection, in Dutch (the default) and English.

Dates follow the build: news of the past weeks, calls that close in the weeks ahead and
one that closed recently, so the site looks alive whenever the demo is built.
"""

import datetime
import zoneinfo

from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail.models import Collection, CollectionViewRestriction

from home.models import (
    DocumentLibraryPage,
    FundingIndexPage,
    FundingOpportunityPage,
    NewsIndexPage,
    NewsPage,
    PartnerContact,
    PartnerIndexPage,
    PartnerPage,
    SiteDocument,
)

from . import programme as demo_programme
from .blocks import text

NEWS_INDEX = {
    "nl": {"title": "Nieuws", "slug": "nieuws", "intro": "Wat er speelt in het netwerk."},
    "en": {"title": "News", "slug": "news", "intro": "What is going on in the network."},
}

# (days before the build, content per language, links the programme)
NEWS = [
    (
        3,
        {
            "nl": {
                "title": "Nieuwe ronde in Overvecht van start",
                "slug": "nieuwe-ronde-overvecht",
                "intro": "Studenten en jonge bewoners zijn begonnen aan twaalf weken "
                "sociaal ondernemen in de wijk.",
                "body": [
                    text(
                        "<p>Deze maand begon een nieuwe ronde van het Learning Lab. In "
                        "gemengde teams brengen studenten en bewoners eerst in kaart wat de "
                        "wijk al heeft, voordat ze kiezen welke vraag ze samen oppakken.</p>"
                    )
                ],
            },
            "en": {
                "title": "A new round starts in Overvecht",
                "slug": "new-round-overvecht",
                "intro": "Students and young residents have started twelve weeks of social "
                "entrepreneurship in the neighbourhood.",
                "body": [
                    text(
                        "<p>A new round of the Learning Lab began this month. In mixed teams, "
                        "students and residents first map what the neighbourhood already has, "
                        "before they choose the question they take on together.</p>"
                    )
                ],
            },
        },
        True,
    ),
    (
        12,
        {
            "nl": {
                "title": "Honderd mensen over werk door sociaal ondernemen",
                "slug": "conferentie-werk-sociaal-ondernemen",
                "intro": "Ondernemers, gemeente, vakbonden en bewoners spraken een dag lang "
                "over banen die sociale ondernemingen maken.",
                "body": [
                    text(
                        "<p>'s Ochtends vertelden sociale ondernemers over hun werk: jongeren "
                        "met autisme die gebruikte computers repareren en doorverkopen, een "
                        "cateringproject voor jongeren, en vrouwen die kussens naaien van "
                        "restpartijen textiel, verkocht naast bekende designmerken.</p>"
                        "<p>'s Middags gingen workshops over diensten voor bewoners, voedsel "
                        "uit de wijk (een kas op het dak die restwarmte gebruikt) en "
                        "repareren en hergebruiken.</p>"
                    )
                ],
            },
            "en": {
                "title": "A hundred people on jobs through social enterprise",
                "slug": "conference-jobs-social-enterprise",
                "intro": "Businesses, the municipality, unions and residents spent a day on "
                "the jobs social enterprises create.",
                "body": [
                    text(
                        "<p>In the morning, social entrepreneurs talked about their work: young "
                        "people with autism who repair and resell used computers, a catering "
                        "project for young people, and women who sew cushions from surplus "
                        "textiles, sold next to well-known design brands.</p>"
                        "<p>In the afternoon, workshops covered services for residents, food "
                        "from the neighbourhood (a rooftop greenhouse using surplus heat) and "
                        "repair and reuse.</p>"
                    )
                ],
            },
        },
        False,
    ),
    (
        26,
        {
            "nl": {
                "title": "Koffiebar wordt leerwerkplek",
                "slug": "koffiebar-leerwerkplek",
                "intro": "Een initiatief uit een eerdere ronde biedt jongeren zonder diploma "
                "nu een plek om het vak te leren.",
                "body": [
                    text(
                        "<p>Wat begon als prototype in week negen, is nu een koffiebar met "
                        "vier leerplekken. Het team ging na de twaalf weken door, met nieuwe "
                        "buurtbewoners en coaching op maat.</p>"
                    )
                ],
            },
            "en": {
                "title": "Coffee bar becomes a place to learn a trade",
                "slug": "coffee-bar-learning-place",
                "intro": "An initiative from an earlier round now offers young people "
                "without a diploma a place to learn the trade.",
                "body": [
                    text(
                        "<p>What started as a prototype in week nine is now a coffee bar with "
                        "four learning places. The team carried on after the twelve weeks, "
                        "with new residents and tailored coaching.</p>"
                    )
                ],
            },
        },
        False,
    ),
]

PARTNER_INDEX = {
    "nl": {
        "title": "Partners",
        "slug": "partners",
        "intro": "Organisaties die sociale ondernemers in de regio helpen groeien.",
    },
    "en": {
        "title": "Partners",
        "slug": "partners",
        "intro": "Organisations that help social entrepreneurs in the region grow.",
    },
}

# (kind, website, content per language, contacts per language)
PARTNERS = [
    (
        PartnerPage.Kind.INCUBATOR,
        "https://incubator.example.org/",
        {
            "nl": {
                "title": "Broedplaats De Werkplaats",
                "slug": "broedplaats-de-werkplaats",
                "summary": "Werkplekken in een gedeeld pand, cursussen en netwerkavonden "
                "voor startende sociale ondernemers.",
                "body": [
                    text(
                        "<p>De broedplaats verhuurt bureaus in een gedeelde werkruimte en "
                        "geeft cursussen over verdienmodellen, financiering, projectmanagement "
                        "en samenwerken met de overheid. Ze helpt ook bij het vinden van "
                        "geld.</p>"
                    )
                ],
            },
            "en": {
                "title": "De Werkplaats incubator",
                "slug": "de-werkplaats-incubator",
                "summary": "Desks in a shared building, courses and networking evenings for "
                "new social entrepreneurs.",
                "body": [
                    text(
                        "<p>The incubator rents out desks in a shared workspace and runs "
                        "courses on business models, financing, project management and "
                        "working with government. It also helps find funding.</p>"
                    )
                ],
            },
        },
        {
            "nl": [("Sanne de Vries", "Coördinator werkplekken", "sanne@example.org", "")],
            "en": [("Sanne de Vries", "Workspace coordinator", "sanne@example.org", "")],
        },
    ),
    (
        PartnerPage.Kind.REGIONAL_NETWORK,
        "https://netwerk.example.org/",
        {
            "nl": {
                "title": "Netwerk Sociaal Ondernemen Midden",
                "slug": "netwerk-sociaal-ondernemen-midden",
                "summary": "Verbindt sociale ondernemingen met bedrijven en organisaties "
                "die hen kunnen helpen groeien.",
                "body": [
                    text(
                        "<p>Het netwerk begon rond twee steden en werkt nu in de hele regio. "
                        "Het publiceert onderzoek naar sociale ondernemingen en adviseert "
                        "gemeenten.</p>"
                    )
                ],
            },
            "en": {
                "title": "Social Enterprise Network Midlands",
                "slug": "social-enterprise-network-midlands",
                "summary": "Connects social enterprises with companies and organisations "
                "that can help them grow.",
                "body": [
                    text(
                        "<p>The network started around two cities and now covers the whole "
                        "region. It publishes research on social enterprises and advises "
                        "municipalities.</p>"
                    )
                ],
            },
        },
        {
            "nl": [("Jeroen Smit", "Contactpersoon regio", "jeroen@example.org", "030 200 30 40")],
            "en": [("Jeroen Smit", "Regional contact", "jeroen@example.org", "030 200 30 40")],
        },
    ),
    (
        PartnerPage.Kind.SOCIAL_INNOVATION_FACTORY,
        "",
        {
            "nl": {
                "title": "Sociale Innovatiefabriek",
                "slug": "sociale-innovatiefabriek",
                "summary": "Een alliantie van maatschappelijke organisaties en bedrijven, met "
                "een impactfonds voor haalbaarheidsstudies.",
                "body": [],
            },
            "en": {
                "title": "Social Innovation Factory",
                "slug": "social-innovation-factory",
                "summary": "An alliance of civil-society organisations and companies, with an "
                "impact fund for feasibility studies.",
                "body": [],
            },
        },
        {
            "nl": [
                ("Amira El Idrissi", "Fondsmanager", "amira@example.org", ""),
                ("Tom Jansen", "Partnerschappen", "tom@example.org", ""),
            ],
            "en": [
                ("Amira El Idrissi", "Fund manager", "amira@example.org", ""),
                ("Tom Jansen", "Partnerships", "tom@example.org", ""),
            ],
        },
    ),
    (
        PartnerPage.Kind.HOUSING_ASSOCIATION,
        "",
        {
            "nl": {
                "title": "Woningcorporatie Thuis in de Wijk",
                "slug": "thuis-in-de-wijk",
                "summary": "Stelt lege bedrijfsruimtes in de wijk beschikbaar voor "
                "initiatieven van bewoners.",
                "body": [],
            },
            "en": {
                "title": "Thuis in de Wijk housing association",
                "slug": "thuis-in-de-wijk",
                "summary": "Offers empty commercial spaces in the neighbourhood to residents' "
                "initiatives.",
                "body": [],
            },
        },
        {"nl": [], "en": []},
    ),
]

FUNDING_INDEX = {
    "nl": {
        "title": "Financiering",
        "slug": "financiering",
        "intro": "Fondsen en regelingen voor sociale ondernemers, de eerstvolgende deadline "
        "bovenaan.",
    },
    "en": {
        "title": "Funding",
        "slug": "funding",
        "intro": "Funds and schemes for social entrepreneurs, the nearest deadline first.",
    },
}

# (days after the build, closing time, amounts, link, content per language)
FUNDING = [
    (
        9,
        None,
        (500, 5000),
        "https://gemeente.example.org/buurtbudget",
        {
            "nl": {
                "title": "Buurtbudget voor bewonersinitiatieven",
                "slug": "buurtbudget",
                "funder": "Gemeente, wijkbureau Overvecht",
                "summary": "Een bijdrage voor een eerste activiteit in de wijk.",
                "who_can_apply": "Groepen bewoners en startende initiatieven in de wijk.",
            },
            "en": {
                "title": "Neighbourhood budget for residents' initiatives",
                "slug": "neighbourhood-budget",
                "funder": "Municipality, Overvecht district office",
                "summary": "A contribution to a first activity in the neighbourhood.",
                "who_can_apply": "Groups of residents and new initiatives in the neighbourhood.",
            },
        },
    ),
    (
        24,
        datetime.time(17),
        (5000, 25000),
        "https://fabriek.example.org/impactfonds",
        {
            "nl": {
                "title": "Impactfonds: haalbaarheidsstudie",
                "slug": "impactfonds-haalbaarheidsstudie",
                "funder": "Sociale Innovatiefabriek",
                "summary": "Geld voor een innovatietraject of een haalbaarheidsstudie.",
                "who_can_apply": "Sociale ondernemers met een plan dat verder is dan een "
                "eerste prototype.",
            },
            "en": {
                "title": "Impact fund: feasibility study",
                "slug": "impact-fund-feasibility-study",
                "funder": "Social Innovation Factory",
                "summary": "Money for an innovation trajectory or a feasibility study.",
                "who_can_apply": "Social entrepreneurs with a plan beyond a first prototype.",
            },
        },
    ),
    (
        45,
        None,
        (None, 10000),
        "",
        {
            "nl": {
                "title": "Startersregeling sociale ondernemers",
                "slug": "startersregeling",
                "funder": "Fonds Wijkkracht",
                "summary": "Een lening zonder rente voor wie een sociale onderneming start.",
                "who_can_apply": "Teams die het Learning Lab hebben afgerond en verder gaan.",
            },
            "en": {
                "title": "Starter scheme for social entrepreneurs",
                "slug": "starter-scheme",
                "funder": "Wijkkracht Fund",
                "summary": "An interest-free loan for those starting a social enterprise.",
                "who_can_apply": "Teams who finished the Learning Lab and carry on.",
            },
        },
    ),
    (
        -20,
        datetime.time(12),
        (1000, 7500),
        "",
        {
            "nl": {
                "title": "Innovatievoucher",
                "slug": "innovatievoucher",
                "funder": "Provincie",
                "summary": "Advies van een kennisinstelling voor een nieuw product.",
                "who_can_apply": "Kleine ondernemingen in de provincie.",
            },
            "en": {
                "title": "Innovation voucher",
                "slug": "innovation-voucher",
                "funder": "Province",
                "summary": "Advice from a research institute for a new product.",
                "who_can_apply": "Small businesses in the province.",
            },
        },
    ),
]

LIBRARY = {
    "nl": {
        "title": "Bibliotheek",
        "slug": "bibliotheek",
        "intro": "Rapporten en projectdocumenten van het netwerk.",
    },
    "en": {
        "title": "Library",
        "slug": "library",
        "intro": "Reports and project documents of the network.",
    },
}

PUBLIC_COLLECTION = "Rapporten"
# Signed-in partners and participants only: Wagtail's collection privacy, checked on download.
PRIVATE_COLLECTION = "Voor partners"
DOCUMENTS = {
    PUBLIC_COLLECTION: [
        "Projectdocument Learning Lab Overvecht",
        "Onderzoeksrapport: sociale ondernemingen in de regio",
    ],
    PRIVATE_COLLECTION: ["Advies aan de gemeente: ruimte voor sociale ondernemers"],
}


def build(builder, homes, locales, programmes):
    """The network's pages below the home page, in every language, and the reports.

    `builder` is the demo's DemoBuilder (its `child` and `translation` keep reruns from
    writing anything that did not change); `homes` and `programmes` are its home and
    programme pages per language: the first news item is about the programme.
    """
    home, programme = homes["nl"], programmes["nl"]
    today = builder.now.astimezone(zoneinfo.ZoneInfo(demo_programme.TIME_ZONE)).date()
    languages = [code for code in locales if code != "nl"]

    def index_and_translations(model, content):
        source = builder.child(home, model, {**content["nl"], "show_in_menus": True})
        for language in languages:
            builder.translation(
                source, locales[language], {**content[language], "show_in_menus": True}
            )
        return source

    news_index = index_and_translations(NewsIndexPage, NEWS_INDEX)
    for days_ago, content, about_programme in NEWS:
        extra = {"date": today - datetime.timedelta(days=days_ago)}
        source = builder.child(news_index, NewsPage, {**content["nl"], **extra})
        if about_programme:
            _link_programme(builder, source, programme)
        for language in languages:
            page = builder.translation(source, locales[language], {**content[language], **extra})
            if about_programme:
                _link_programme(builder, page, programme)

    partner_index = index_and_translations(PartnerIndexPage, PARTNER_INDEX)
    for kind, website, content, contacts in PARTNERS:
        extra = {"kind": kind, "website": website}
        source = builder.child(partner_index, PartnerPage, {**content["nl"], **extra})
        _set_contacts(builder, source, contacts["nl"])
        for language in languages:
            page = builder.translation(source, locales[language], {**content[language], **extra})
            _set_contacts(builder, page, contacts[language])

    funding_index = index_and_translations(FundingIndexPage, FUNDING_INDEX)
    for days_ahead, time, (low, high), link, content in FUNDING:
        extra = {
            "deadline": today + datetime.timedelta(days=days_ahead),
            "deadline_time": time,
            "amount_min": low,
            "amount_max": high,
            "link": link,
        }
        source = builder.child(funding_index, FundingOpportunityPage, {**content["nl"], **extra})
        for language in languages:
            builder.translation(source, locales[language], {**content[language], **extra})

    collections = reports()
    library = builder.child(home, DocumentLibraryPage, {**LIBRARY["nl"], "show_in_menus": True})
    _set_collections(builder, library, collections)
    for language in languages:
        page = builder.translation(
            library, locales[language], {**LIBRARY[language], "show_in_menus": True}
        )
        _set_collections(builder, page, collections)


def reports():
    """The public and the private collection with their reports, made once."""
    root = Collection.get_first_root_node()
    collections = []
    for name, titles in DOCUMENTS.items():
        collection = root.get_children().filter(name=name).first() or root.add_child(name=name)
        if name == PRIVATE_COLLECTION:
            CollectionViewRestriction.objects.get_or_create(
                collection=collection, restriction_type=CollectionViewRestriction.LOGIN
            )
        for title in titles:
            if not SiteDocument.objects.filter(collection=collection, title=title).exists():
                content = tiny_pdf(title)
                document = SiteDocument(title=title, collection=collection)
                document.file.save(f"{slugify(title)[:60]}.pdf", ContentFile(content), save=False)
                document.file_size = len(content)
                document.save()
        collections.append(collection)
    return collections


def tiny_pdf(title):
    """A one-page PDF that shows `title`: enough for a demo download to open."""
    escaped = title.encode("cp1252", "replace").replace(b"\\", b"\\\\")
    escaped = escaped.replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 16 Tf 56 780 Td (" + escaped + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    pdf = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return pdf


def _republish(builder, page):
    page.save_revision().publish()
    builder.published.append(page)


def _set_contacts(builder, page, contacts):
    """The page's contact persons, republished only when they differ."""
    if [(c.name, c.role, c.email, c.phone) for c in page.contacts.all()] == contacts:
        return
    page.contacts = [
        PartnerContact(sort_order=i, name=name, role=role, email=email, phone=phone)
        for i, (name, role, email, phone) in enumerate(contacts)
    ]
    _republish(builder, page)


def _set_collections(builder, page, collections):
    if {c.pk for c in page.collections.all()} == {c.pk for c in collections}:
        return
    page.collections = collections
    _republish(builder, page)


def _link_programme(builder, page, programme):
    if page.programme_id == programme.pk:
        return
    page.programme = programme
    _republish(builder, page)
