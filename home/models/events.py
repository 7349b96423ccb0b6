"""Events and workshops of the network, and the registrations of the people who come.

An event page may be translated; every translation shares the schedule, the capacity
and the registrations (counted over the pages with the same translation key), and a
registration points at the page in the language the person registered in, which is
the language of their emails.
"""

import zoneinfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from courses.blocks import BodyBlock
from learninglab.pagecache import AnonymousPageCacheMixin

from .listing import PER_PAGE, page_of, published_children


class EventIndexPage(AnonymousPageCacheMixin, Page):
    """The network's agenda, or a programme's own workshops: upcoming and past events."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.HomePage", "courses.ProgrammePage"]
    subpage_types = ["home.EventPage"]
    max_count_per_parent = 1
    # What a programme's page calls it in its list of the programme's own pages.
    visitor_label = _("Workshops and events")

    class Meta:
        verbose_name = _("event index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        events = published_children(self, EventPage).defer_streamfields().with_places_taken()
        context["upcoming"] = page_of(
            request, events.filter(ends_at__gte=now).order_by("starts_at", "pk")
        )
        # Past events page on their own parameter, so both lists keep their place.
        context["past"] = Paginator(
            events.filter(ends_at__lt=now).order_by("-starts_at", "-pk"), PER_PAGE
        ).get_page(request.GET.get("past"))
        context["zone"] = self.zone
        return context

    @cached_property
    def zone(self):
        return zone_of(self)


def zone_of(page):
    """The time zone events under `page` are shown in: their programme's, or the site's.
    One query."""
    from courses.models import ProgrammePage

    programme = ProgrammePage.objects.programme_of(page)
    return programme.zone if programme else zoneinfo.ZoneInfo(settings.TIME_ZONE)


class EventPageQuerySet(PageQuerySet):
    def with_places_taken(self):
        """Annotate `taken`, the confirmed registrations over every translation, in the
        same query."""
        taken = (
            EventRegistration.objects.filter(
                event__translation_key=models.OuterRef("translation_key"),
                status=EventRegistration.Status.CONFIRMED,
            )
            .order_by()
            .values("event__translation_key")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(taken=Coalesce(models.Subquery(taken), 0))


class EventPage(AnonymousPageCacheMixin, RoutablePageMixin, Page):
    """An event, workshop, conference or networking meeting that visitors register for.

    Capacity blank means no limit. Once the places are taken, new registrations go on
    the waiting list when the event keeps one, and are refused otherwise.
    """

    class Kind(models.TextChoices):
        EVENT = "event", _("Event")
        WORKSHOP = "workshop", _("Workshop")
        CONFERENCE = "conference", _("Conference")
        NETWORKING = "networking", _("Networking meeting")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.EVENT)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("E.g. the name of the building.")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("For an event that can be followed online.")
    )
    summary = models.TextField(_("summary"), help_text=_("Shown in the list of events."))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens at"), null=True, blank=True, help_text=_("Empty: open now.")
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes at"),
        null=True,
        blank=True,
        help_text=_("Empty: open until the event starts."),
    )
    waiting_list = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_("When the event is full, take registrations on a waiting list."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("starts_at"),
                FieldPanel("ends_at"),
                FieldPanel("place"),
                FieldPanel("address"),
                FieldPanel("online_url"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldPanel("registration_opens_at"),
                FieldPanel("registration_closes_at"),
                FieldPanel("waiting_list"),
            ],
            heading=_("Registration"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("starts_at"),
    ]
    # Every translation is the same event: one schedule, one capacity, one list.
    override_translatable_fields = [
        SynchronizedField("kind"),
        SynchronizedField("starts_at"),
        SynchronizedField("ends_at"),
        SynchronizedField("online_url"),
        SynchronizedField("capacity"),
        SynchronizedField("registration_opens_at"),
        SynchronizedField("registration_closes_at"),
        SynchronizedField("waiting_list"),
    ]
    parent_page_types = ["home.EventIndexPage"]
    subpage_types = []

    objects = PageManager.from_queryset(EventPageQuerySet)()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The event must end after it starts.")})
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            raise ValidationError(
                {"registration_closes_at": _("Registration must close after it opens.")}
            )

    @cached_property
    def zone(self):
        return zone_of(self)

    @property
    def closes_at(self):
        return self.registration_closes_at or self.starts_at

    def registration_state(self, now=None):
        """ "not_yet", "open" or "closed" at `now`."""
        now = now or timezone.now()
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet"
        if now >= self.closes_at:
            return "closed"
        return "open"

    def registrations_of_event(self):
        """Registrations made on any translation of this event."""
        return EventRegistration.objects.filter(event__translation_key=self.translation_key)

    def places_taken(self):
        """Confirmed registrations over every translation (one query, the first time,
        unless `with_places_taken` annotated it)."""
        if getattr(self, "taken", None) is None:
            self.taken = self.registrations_of_event().confirmed().count()
        return self.taken

    def places_left(self):
        """Places still free, or None without a limit."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.places_taken(), 0)

    def is_full(self):
        return self.capacity is not None and self.places_left() == 0

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["zone"] = self.zone
        context["registration_state"] = self.registration_state()
        context["register_url"] = self.url + self.reverse_subpage("register")
        return context

    @path("register/", name="register")
    def register_view(self, request):
        from home import views_events

        return views_events.register(request, self)

    @path("registered/<int:pk>/<str:signature>/", name="registered")
    def registered_view(self, request, pk, signature):
        from home import views_events

        return views_events.registered(request, self, pk, signature)

    @path("cancel/<int:pk>/<str:signature>/", name="cancel")
    def cancel_view(self, request, pk, signature):
        from home import views_events

        return views_events.cancel(request, self, pk, signature)


class EventRegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=EventRegistration.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=EventRegistration.Status.CONFIRMED)

    def waiting(self):
        return self.filter(status=EventRegistration.Status.WAITING).order_by("created_at", "pk")

    def of_person(self, user):
        """Registrations made by the person's account or under any of their email
        addresses, in any case: the one they sign in with and every other one the login
        system holds for them (someone may have registered as a visitor, before making
        an account, under another address), as invitations are matched. One query: the
        addresses are a subquery."""
        addresses = EmailAddress.objects.filter(user=user, email__iexact=models.OuterRef("email"))
        return self.filter(
            models.Q(user=user) | models.Q(email__iexact=user.email) | models.Exists(addresses)
        )


class EventRegistration(models.Model):
    """One person's place at an event, or their place on its waiting list.

    No account is needed: a registration is known by its email address, of which an
    event has at most one active registration. It is cancelled through a signed link
    in the confirmation email, which frees the place for the first on the waiting list.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        EventPage,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("event"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email address"))
    remarks = models.TextField(_("remarks or accessibility needs"), blank=True, max_length=1000)
    status = models.CharField(_("status"), max_length=20, choices=Status)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    promoted_at = models.DateTimeField(_("moved from the waiting list at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = EventRegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "event",
                condition=~models.Q(status="cancelled"),
                name="home_one_active_registration_per_email",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @property
    def language(self):
        return self.event.locale.language_code

    def waiting_position(self):
        """Place on the waiting list (1 is next), or None. One query."""
        if self.status != self.Status.WAITING:
            return None
        ahead = (
            EventRegistration.objects.filter(
                event__translation_key=self.event.translation_key,
                status=self.Status.WAITING,
            )
            .filter(
                models.Q(created_at__lt=self.created_at)
                | models.Q(created_at=self.created_at, pk__lt=self.pk)
            )
            .count()
        )
        return ahead + 1
