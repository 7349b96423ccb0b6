"""The public site's models, a module per part: pages, documents, and whatever the
network's site adds (news, events, partners, funding, brochures)."""

from .documents import SiteDocument
from .pages import HomePage, StandardPage

__all__ = ["HomePage", "SiteDocument", "StandardPage"]
