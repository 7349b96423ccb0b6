"""The programme as editors write it: a run of the programme and its modules."""

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index

from courses.blocks import RICH_TEXT_FEATURES, WEEKDAYS, ModuleBodyBlock

DEFAULT_TIME_ZONE = "Europe/Amsterdam"


def validate_time_zone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("“%(value)s” is not a known time zone."), params={"value": value}
        ) from error


class ProgrammeIndexPage(Page):
    """Lists the runs of the programme; the parent of every programme page."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.ProgrammePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("programme index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["programmes"] = (
            ProgrammePage.objects.child_of(self).live().public().order_by("-start_date")
        )
        return context


class ProgrammePage(Page):
    """One run of the programme for one cohort, e.g. "Overvecht, spring 2027".

    Memberships, progress and team work always point at the page in the default
    locale; translations share its dates through `default_locale_page`.
    """

    summary = models.TextField(
        _("summary"), help_text=_("Shown to everyone, also on the home page.")
    )
    start_date = models.DateField(_("start date"))
    weeks = models.PositiveSmallIntegerField(_("number of weeks"), default=12)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=DEFAULT_TIME_ZONE, validators=[validate_time_zone]
    )
    enrolment_open = models.BooleanField(_("enrolment open"), default=False)
    social_entrepreneurship = RichTextField(
        _("social entrepreneurship"), blank=True, features=RICH_TEXT_FEATURES
    )
    action_learning = RichTextField(_("action learning"), blank=True, features=RICH_TEXT_FEATURES)
    oasis_method = RichTextField(_("the Oasis method"), blank=True, features=RICH_TEXT_FEATURES)
    continuation = RichTextField(
        _("continuation"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("What teams that want to go on after the programme can expect."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("start_date"),
                FieldPanel("weeks"),
                FieldPanel("time_zone"),
                FieldPanel("enrolment_open"),
            ],
            heading=_("Schedule"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("social_entrepreneurship"),
                FieldPanel("action_learning"),
                FieldPanel("oasis_method"),
            ],
            heading=_("The three pillars"),
        ),
        FieldPanel("continuation"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["courses.ProgrammeIndexPage"]
    subpage_types = ["courses.ModulePage"]
    template = "courses/programme_page.html"

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    @cached_property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def end_date(self):
        return self.start_date + datetime.timedelta(weeks=self.weeks, days=-1)

    def today(self):
        """Today's date where the programme runs."""
        return timezone.now().astimezone(self.zone).date()

    def current_week(self):
        """The programme week of today (1-based), or None outside the programme."""
        days = (self.today() - self.start_date).days
        if days < 0 or days >= self.weeks * 7:
            return None
        return days // 7 + 1

    def date_in_week(self, week, weekday):
        """The date of a weekday (0 = Monday) in a programme week, whatever day it starts."""
        week_start = self.start_date + datetime.timedelta(weeks=week - 1)
        return week_start + datetime.timedelta(days=(int(weekday) - week_start.weekday()) % 7)

    @cached_property
    def default_locale_page(self):
        """The page that memberships and team work point at."""
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self
        return ProgrammePage.objects.get(translation_key=self.translation_key, locale=default)


class OasisStep(models.TextChoices):
    LOOK = "look", _("Look")
    AFFECTION = "affection", _("Affection")
    DREAM = "dream", _("Dream")
    CARE = "care", _("Care")
    MIRACLE = "miracle", _("Miracle")
    CELEBRATION = "celebration", _("Celebration")
    RE_EVOLUTION = "re-evolution", _("Re-evolution")


class ModulePage(Page):
    """A week (or a block of weeks) of the programme.

    Visitors see the title, step and public summary; enrolled participants, their
    coaches and coordinators see the whole module. Its dates follow from the
    programme's start date, read in the programme's time zone.
    """

    week = models.PositiveSmallIntegerField(_("week"))
    duration_weeks = models.PositiveSmallIntegerField(_("number of weeks"), default=1)
    oasis_step = models.CharField(
        _("Oasis step"), max_length=20, choices=OasisStep.choices, blank=True
    )
    action_learning_focus = models.CharField(_("action-learning focus"), max_length=200, blank=True)
    summary = models.TextField(_("public summary"), help_text=_("Shown to visitors."))
    learning_goals = RichTextField(
        _("learning goals"), blank=True, features=["ul", "ol", "bold", "italic"]
    )
    body = StreamField(ModuleBodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("week"),
                FieldPanel("duration_weeks"),
                FieldPanel("oasis_step"),
                FieldPanel("action_learning_focus"),
            ],
            heading=_("Place in the programme"),
        ),
        FieldPanel("summary"),
        FieldPanel("learning_goals"),
        InlinePanel("contact_moments", label=_("Contact moments")),
        FieldPanel("body"),
    ]
    # Only the public summary is indexed: participant-only text never reaches search.
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["courses.ProgrammePage"]
    subpage_types: list[str] = []
    template = "courses/module_page.html"

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def clean(self):
        super().clean()
        if self.week is not None and self.week < 1:
            raise ValidationError({"week": _("Weeks are counted from 1.")})

    @property
    def start_date(self):
        return self.get_programme_start() + datetime.timedelta(weeks=self.week - 1)

    @property
    def end_date(self):
        return self.start_date + datetime.timedelta(weeks=self.duration_weeks, days=-1)

    def get_programme_start(self):
        # Views that list modules set `programme` to avoid a query per module.
        return self.programme.start_date

    @cached_property
    def programme(self):
        return ProgrammePage.objects.ancestor_of(self).get()

    def covers(self, day):
        return self.start_date <= day <= self.end_date


class ContactMoment(Orderable):
    """A meeting of the whole group in a module's week: when and where."""

    module = ParentalKey(ModulePage, on_delete=models.CASCADE, related_name="contact_moments")
    title = models.CharField(_("what"), max_length=200)
    weekday = models.CharField(_("day"), max_length=1, choices=WEEKDAYS, default="1")
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    place = models.CharField(_("where"), max_length=200, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("weekday"),
        FieldPanel("start_time"),
        FieldPanel("end_time"),
        FieldPanel("place"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("contact moment")
        verbose_name_plural = _("contact moments")

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("A contact moment must end after it starts.")})

    def starts_at(self, programme=None):
        """The aware start of this moment in the programme's time zone."""
        programme = programme or self.module.programme
        day = programme.date_in_week(self.module.week, self.weekday)
        return datetime.datetime.combine(day, self.start_time, tzinfo=programme.zone)

    def ends_at(self, programme=None):
        programme = programme or self.module.programme
        start = self.starts_at(programme)
        return datetime.datetime.combine(start.date(), self.end_time, tzinfo=programme.zone)
