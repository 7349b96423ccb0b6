"""The public site's models, a module per part: pages, documents, and whatever the
network's site adds (news, events, partners, funding, brochures)."""

from .brochures import BrochureApprovalTask, BrochurePage, BrochurePdf
from .documents import SiteDocument
from .events import EventIndexPage, EventPage, EventRegistration
from .funding import FundingIndexPage, FundingOpportunityPage
from .library import DocumentLibraryPage
from .news import NewsIndexPage, NewsPage
from .pages import HomePage, StandardPage
from .partners import PartnerContact, PartnerIndexPage, PartnerPage

__all__ = [
    "BrochureApprovalTask",
    "BrochurePage",
    "BrochurePdf",
    "DocumentLibraryPage",
    "EventIndexPage",
    "EventPage",
    "EventRegistration",
    "FundingIndexPage",
    "FundingOpportunityPage",
    "HomePage",
    "NewsIndexPage",
    "NewsPage",
    "PartnerContact",
    "PartnerIndexPage",
    "PartnerPage",
    "SiteDocument",
    "StandardPage",
]
