"""The programme as editors write it: a run of the programme and its modules."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from courses.blocks import RICH_TEXT_FEATURES, WEEKDAYS, ModuleBodyBlock
from learninglab.pagecache import AnonymousPageCacheMixin

DEFAULT_TIME_ZONE = "Europe/Amsterdam"


def validate_time_zone(value):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("“%(value)s” is not a known time zone."), params={"value": value}
        ) from error


class ProgrammeIndexPage(AnonymousPageCacheMixin, Page):
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


class ProgrammePageQuerySet(PageQuerySet):
    def manageable_by(self, user):
        """Programme pages, in every locale, that the person may work on in the admin."""
        from courses.models.memberships import Role

        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        keys = self.model.objects.filter(
            memberships__user=user, memberships__role=Role.COORDINATOR
        ).values("translation_key")
        return self.filter(translation_key__in=keys)

    def programme_of(self, page):
        """The programme that is `page` or one of its ancestors, or None. One query."""
        steplen = Page.steplen
        paths = [page.path[: steplen * depth] for depth in range(1, page.depth + 1)]
        return self.filter(path__in=paths).first()


ProgrammePageManager = PageManager.from_queryset(ProgrammePageQuerySet)


class ProgrammePage(AnonymousPageCacheMixin, Page):
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
    # Set per run by its coordinators: what a team may upload is part of the programme.
    evidence_max_size_mb = models.PositiveSmallIntegerField(
        _("largest evidence file (MB)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The largest photo or document a team can upload as evidence, in megabytes."),
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
        FieldPanel("evidence_max_size_mb", heading=_("Team work")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    # The schedule is the same in every language: translations copy it from the source.
    # So is the upload limit, which is read from the default-locale page.
    override_translatable_fields = [
        SynchronizedField("time_zone"),
        SynchronizedField("evidence_max_size_mb"),
    ]
    parent_page_types = ["courses.ProgrammeIndexPage"]
    # A programme may have its own workshops (the public site's event pages), news and
    # brochures, which its coordinators edit like the rest of the programme.
    subpage_types = [
        "courses.ModulePage",
        "home.EventIndexPage",
        "home.NewsIndexPage",
        "home.BrochurePage",
    ]
    template = "courses/programme_page.html"

    objects = ProgrammePageManager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def get_context(self, request, *args, **kwargs):
        from courses import rules as access

        context = super().get_context(request, *args, **kwargs)
        context["modules"] = self.modules()
        context["own_pages"] = self.own_pages()
        context["coordinators"] = self.coordinator_names()
        context["is_member"] = access.is_programme_member(request.user, self)
        return context

    def modules(self):
        """This page's live modules in week order, each knowing its programme.

        One query whatever the number of modules; their dates then cost nothing. Their
        bodies are left out (lists never show them, and they are the bulk of a row).
        """
        modules = list(
            ModulePage.objects.child_of(self).live().defer_streamfields().order_by("week", "path")
        )
        for module in modules:
            module.programme = self
        return modules

    def own_pages(self):
        """The programme's other pages that visitors may open, in the editors' order:
        its workshops, news and brochures, each with `kind`, what its page type calls
        itself to a visitor (`visitor_label`, where it has one and the title does not
        say it already).

        Two queries (the pages and their view restrictions); the page types come from
        Django's content type cache, so the programme app needs no import of the site's.
        """
        pages = list(self.get_children().live().public().not_type(ModulePage))
        for page in pages:
            kind = str(getattr(page.specific_class, "visitor_label", ""))
            # "News: News" says nothing the title does not.
            page.kind = "" if kind.casefold() == page.title.casefold() else kind
        return pages

    def done_module_ids(self, user):
        """Ids of this programme's modules the person marked done (one query)."""
        from courses.models.memberships import ModuleProgress

        return frozenset(
            ModuleProgress.objects.filter(
                user=user, module__path__startswith=self.path
            ).values_list("module_id", flat=True)
        )

    def overview_for(self, user, locale, done=None):
        """The person's view of this (default-locale) programme, in their language.

        Every live module in week order with its dates, whether it runs this week and
        whether the person marked it done; titles and links from the translation in
        `locale` where one exists. The same few queries for 4 modules or 40.
        """
        from courses.models.memberships import ModuleProgress

        modules = self.modules()
        if done is None:
            done = set(
                ModuleProgress.objects.filter(user=user, module__in=modules).values_list(
                    "module_id", flat=True
                )
            )
        page, translations = self, {}
        if locale.pk != self.locale_id:
            page = (
                ProgrammePage.objects.live()
                .filter(locale=locale, translation_key=self.translation_key)
                .first()
            ) or self
            translations = {
                translation.translation_key: translation
                for translation in ModulePage.objects.live().filter(
                    locale=locale, translation_key__in=[m.translation_key for m in modules]
                )
            }
        today = self.today()
        rows = [
            ModuleRow(
                module=module,
                page=translations.get(module.translation_key, module),
                is_done=module.pk in done,
                is_current=module.covers(today),
            )
            for module in modules
        ]
        return ProgrammeOverview(programme=self, page=page, rows=rows, today=today)

    def coordinator_names(self):
        """Display names of the programme's coordinators (one query)."""
        from courses.models.memberships import Membership

        names = (
            Membership.objects.coordinators()
            .filter(programme=self.default_locale_page)
            .exclude(user__display_name="")
            .order_by("user__display_name")
            .values_list("user__display_name", flat=True)
        )
        return list(names)

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

    @property
    def evidence_max_size(self) -> int:
        """The largest evidence file a team of this programme may upload, in bytes."""
        return self.evidence_max_size_mb * 1024 * 1024


class OasisStep(models.TextChoices):
    LOOK = "look", _("Look")
    AFFECTION = "affection", _("Affection")
    DREAM = "dream", _("Dream")
    CARE = "care", _("Care")
    MIRACLE = "miracle", _("Miracle")
    CELEBRATION = "celebration", _("Celebration")
    RE_EVOLUTION = "re-evolution", _("Re-evolution")


class ModulePage(AnonymousPageCacheMixin, Page):
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
        """The programme in this module's locale (one query, unless a list primed it)."""
        return ProgrammePage.objects.ancestor_of(self).get()

    @cached_property
    def default_locale_page(self):
        """The module that progress points at: this page, or its default-locale source."""
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self
        return ModulePage.objects.get(translation_key=self.translation_key, locale=default)

    @property
    def end_week(self):
        return self.week + self.duration_weeks - 1

    def covers(self, day):
        return self.start_date <= day <= self.end_date

    def is_current(self):
        """Does the module run this week, in the programme's time zone?"""
        return self.covers(self.programme.today())

    def due_date(self, weekday):
        """The date of a weekday (0 = Monday) in the module's first week."""
        return self.programme.date_in_week(self.week, weekday)

    def body_with_due_dates(self):
        """The body's blocks, each with its due date (None for blocks that are not due)."""
        return [
            (
                block,
                self.due_date(block.value["due_day"])
                if block.block_type == "deliverable"
                else None,
            )
            for block in self.body
        ]

    def deliverables(self):
        """What the module asks participants to hand in, as (title, due date, block value)."""
        return [
            (block.value["title"], due, block.value)
            for block, due in self.body_with_due_dates()
            if due is not None
        ]

    def is_done_by(self, user):
        from courses.models.memberships import ModuleProgress

        if not user.is_authenticated:
            return False
        return ModuleProgress.objects.filter(user=user, module=self.default_locale_page).exists()

    def mark_done(self, user):
        """Record that the person finished the module; doing it twice changes nothing."""
        from courses.models.memberships import ModuleProgress

        ModuleProgress.objects.get_or_create(user=user, module=self.default_locale_page)

    def mark_not_done(self, user):
        from courses.models.memberships import ModuleProgress

        ModuleProgress.objects.filter(user=user, module=self.default_locale_page).delete()

    def get_context(self, request, *args, **kwargs):
        """Visitors get the public part; members of the programme the whole module."""
        from courses import rules as access

        context = super().get_context(request, *args, **kwargs)
        programme = self.programme
        user = request.user
        context["programme"] = programme
        context["show_body"] = access.can_view_module_body(user, programme)
        context["can_mark_done"] = access.can_mark_module_done(user, programme)
        if context["show_body"]:
            context["body_blocks"] = self.body_with_due_dates()
            context["contact_moments"] = [
                (moment, moment.starts_at(programme), moment.ends_at(programme))
                for moment in self.contact_moments.all()
            ]
        if context["can_mark_done"]:
            context["is_done"] = self.is_done_by(user)
        return context


@dataclass
class ModuleRow:
    """One module as a person sees it in their programme overview."""

    module: ModulePage  # the default-locale module: its dates and progress
    page: ModulePage  # the page to show and link: the translation, if there is one
    is_done: bool
    is_current: bool


@dataclass
class ProgrammeOverview:
    """A programme's modules with one person's progress (see `ProgrammePage.overview_for`)."""

    programme: ProgrammePage
    page: ProgrammePage
    rows: list[ModuleRow]
    today: datetime.date

    @property
    def total(self):
        return len(self.rows)

    @property
    def done_count(self):
        return sum(row.is_done for row in self.rows)

    @property
    def current_week(self):
        return self.programme.current_week()


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
