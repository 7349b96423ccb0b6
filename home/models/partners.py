"""Partner organisations of the network, each with the people to contact there."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from courses.blocks import BodyBlock
from learninglab.pagecache import AnonymousPageCacheMixin

from .listing import IndexPage, page_of, published_children


class PartnerIndexPage(IndexPage):
    """The network's partner organisations, by name."""

    subpage_types = ["home.PartnerPage"]

    class Meta:
        verbose_name = _("partner index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        partners = published_children(self, PartnerPage).select_related("logo").order_by("title")
        context["partners"] = page_of(request, partners, per_page=24)
        return context


class PartnerPage(AnonymousPageCacheMixin, Page):
    """A partner organisation: what kind it is, what it offers, and whom to contact."""

    class Kind(models.TextChoices):
        INCUBATOR = "incubator", _("Incubator")
        REGIONAL_NETWORK = "regional_network", _("Regional network")
        MUNICIPALITY = "municipality", _("Municipality")
        HOUSING_ASSOCIATION = "housing_association", _("Housing association")
        SOCIAL_INNOVATION_FACTORY = "social_innovation_factory", _("Social innovation factory")
        UNIVERSITY = "university", _("University")
        FUND = "fund", _("Fund")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logo"),
    )
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("Shown in the list of partners.")
    )
    website = models.URLField(_("website"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("logo"),
        FieldPanel("summary"),
        FieldPanel("website"),
        FieldPanel("body"),
        InlinePanel(
            "contacts",
            label=_("Contact persons"),
            help_text=_(
                "Contact persons are published on the site for everyone to read. Only add "
                "someone who has agreed to have their name and contact details shown here, "
                "and remove them as soon as they ask."
            ),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["home.PartnerIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")


class PartnerContact(Orderable):
    """A person to contact at a partner organisation, published with their agreement.

    Not a user of the platform: an editor enters the details the person agreed to share.
    """

    page = ParentalKey(PartnerPage, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("email"), FieldPanel("phone")]

    class Meta(Orderable.Meta):
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self):
        return self.name
