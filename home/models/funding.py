"""Funding opportunities for social enterprises, with their deadlines."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import BodyBlock
from learninglab.pagecache import AnonymousPageCacheMixin

from .listing import IndexPage, published_children

# Deadlines are given in the network's own time: a call closing "at 17:00" closes then
# in the Netherlands, wherever the reader is.
DEADLINE_ZONE = zoneinfo.ZoneInfo(settings.TIME_ZONE)


class FundingIndexPage(IndexPage):
    """The funding opportunities: open ones by nearest deadline, then the closed ones."""

    subpage_types = ["home.FundingOpportunityPage"]

    # Closed calls stay listed for reference, the most recent first, up to this many.
    CLOSED_SHOWN = 20

    class Meta:
        verbose_name = _("funding index")

    def get_context(self, request, *args, **kwargs):
        """Two queries: the open calls and the most recent closed ones."""
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        opportunities = published_children(self, FundingOpportunityPage)
        still_open = FundingOpportunityPage.open_filter(now)
        context["open_opportunities"] = [
            opportunity.at(now)
            for opportunity in opportunities.filter(still_open).order_by(
                "deadline", models.F("deadline_time").asc(nulls_last=True), "title"
            )
        ]
        context["closed_opportunities"] = list(
            opportunities.exclude(still_open).order_by(
                "-deadline", models.F("deadline_time").desc(nulls_first=True), "title"
            )[: self.CLOSED_SHOWN]
        )
        return context


class FundingOpportunityPage(AnonymousPageCacheMixin, Page):
    """A call for funding: who funds it, how much, who may apply, and by when."""

    funder = models.CharField(_("funder"), max_length=200)
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("Shown in the list of funding opportunities.")
    )
    amount_min = models.PositiveIntegerField(_("smallest amount (euro)"), null=True, blank=True)
    amount_max = models.PositiveIntegerField(_("largest amount (euro)"), null=True, blank=True)
    deadline = models.DateField(_("deadline"))
    deadline_time = models.TimeField(
        _("deadline time"),
        null=True,
        blank=True,
        help_text=_("Dutch time. Leave empty when applications close at the end of the day."),
    )
    who_can_apply = models.TextField(_("who can apply"))
    link = models.URLField(_("link to the call"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("funder"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("amount_min"), FieldPanel("amount_max")])],
            heading=_("Amount"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("deadline"), FieldPanel("deadline_time")])],
            heading=_("Deadline"),
        ),
        FieldPanel("who_can_apply"),
        FieldPanel("link"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("funder"),
        index.SearchField("summary"),
        index.SearchField("who_can_apply"),
        index.SearchField("body"),
        index.FilterField("deadline"),
    ]
    parent_page_types = ["home.FundingIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("funding opportunity")
        verbose_name_plural = _("funding opportunities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_min__isnull=True)
                | models.Q(amount_max__isnull=True)
                | models.Q(amount_min__lte=models.F("amount_max")),
                name="funding_amount_range",
            )
        ]

    def clean(self):
        super().clean()
        if (
            self.amount_min is not None
            and self.amount_max is not None
            and self.amount_min > self.amount_max
        ):
            raise ValidationError(
                {"amount_max": _("The largest amount cannot be smaller than the smallest.")}
            )

    @staticmethod
    def open_filter(now):
        """A filter for the calls still open at `now`: closing later today or after."""
        local = now.astimezone(DEADLINE_ZONE)
        return models.Q(deadline__gt=local.date()) | models.Q(
            models.Q(deadline_time__isnull=True) | models.Q(deadline_time__gt=local.time()),
            deadline=local.date(),
        )

    @property
    def closes_at(self):
        """The deadline as an aware moment: its time, or the end of its day, in Dutch time."""
        time = self.deadline_time or datetime.time.max
        return datetime.datetime.combine(self.deadline, time, tzinfo=DEADLINE_ZONE)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.at(timezone.now())
        return context

    def at(self, now):
        """Remember whether the call is open at `now` and the days left, for templates."""
        self.open_now = self.is_open(now)
        self.days_remaining = self.days_left(now)
        return self

    def is_open(self, now=None):
        return (now or timezone.now()) < self.closes_at

    def days_left(self, now=None):
        """Whole calendar days from today (Dutch time) to the deadline; 0 on the day itself."""
        today = (now or timezone.now()).astimezone(DEADLINE_ZONE).date()
        return (self.deadline - today).days
