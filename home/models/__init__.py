"""The public site's models, a module per part: pages, documents, and whatever the
network's site adds (news, events, partners, funding, brochures)."""

from .documents import SiteDocument
from .funding import FundingIndexPage, FundingOpportunityPage
from .library import DocumentLibraryPage
from .news import NewsIndexPage, NewsPage
from .pages import HomePage, StandardPage
from .partners import PartnerContact, PartnerIndexPage, PartnerPage

__all__ = [
    "DocumentLibraryPage",
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
