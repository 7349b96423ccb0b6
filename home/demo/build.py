"""Builds the demo from the content in this package, idempotently.

Every object is found by a stable key (a page's slug under its parent or its
translation key, a person's email address) and brought up to date. A page only gets
a new revision when its content differs from what is live and a row is only written
when it changed, so running the demo again changes nothing but what time has moved
(the programme's start date, and the coaching check-in that starts soon after the
build).

Once built, the demo sends the reminders due at that moment through the same scan and
delivery as Celery beat and a worker (prototypes/reminders.py): their emails land in
the development mailbox and their notifications in people's notification centres. The
ledger keeps a rerun from sending anything twice.
"""

import datetime
import uuid
import zoneinfo
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone, translation
from wagtail.blocks import StreamValue
from wagtail.models import Locale, Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from courses.models import (
    ContactMoment,
    Membership,
    ModulePage,
    ModuleProgress,
    ProgrammeIndexPage,
    ProgrammePage,
)
from home.models import HomePage, StandardPage
from prototypes import reminders
from prototypes.models import (
    ActionItem,
    AvailabilityWindow,
    CoachingSession,
    Prototype,
    Reflection,
    ReflectionScale,
    ReflectionScore,
    Reminder,
    SessionParticipant,
    Team,
    TeamMember,
)
from prototypes.models.reflections import find_period, prompts_for

from . import coaching, network_events, network_site, past_run, people, programme, site, teams

DEFAULT_LANGUAGE = "nl"
TRANSLATIONS = ("en",)
# One fixed salt for every demo account: the password is public anyway, and it keeps a
# rerun's data identical and costs one password hash instead of one per person.
DEMO_SALT = "LearningLabDemoAccounts0"
# Stable ids for demo rows that have no natural key (coaching sessions).
DEMO_NAMESPACE = uuid.UUID("5f0c1d2e-8a4b-4c6d-9e7f-a1b2c3d4e5f6")


class DemoError(Exception):
    """The database is not ready for the demo (e.g. migrations have not run)."""


@dataclass
class Demo:
    """What the build made, per language where it has one; for the summary and tests."""

    home: dict
    programme: dict
    modules: dict
    users: list
    admin: object
    # Reminders sent as the demo was built (its emails are in the mailbox).
    reminders_sent: int = 0


def demo_start_date(now=None):
    """The Monday that makes `now` fall in week CURRENT_WEEK of the demo programme."""
    zone = zoneinfo.ZoneInfo(programme.TIME_ZONE)
    today = (now or timezone.now()).astimezone(zone).date()
    monday = today - datetime.timedelta(days=today.weekday())
    return monday - datetime.timedelta(weeks=programme.CURRENT_WEEK - 1)


def build(now=None):
    """Create or update the whole demo in one transaction, then send the reminders
    that are due.

    The first run costs a few thousand queries (Wagtail revisions, logs, search
    index) and one password hash; a rerun only reads.
    """
    return DemoBuilder(now).build()


class DemoBuilder:
    """One run of the demo build; it remembers the pages it published along the way."""

    def __init__(self, now=None):
        self.now = now or timezone.now()
        self.start_date = demo_start_date(self.now)
        self.published = []

    def build(self):
        # Pages are saved a few times each while they are built, so their references
        # are indexed once at the end instead of after every save.
        with transaction.atomic(), disable_reference_index_auto_update():
            locales = self.locales()
            home = self.site_pages(locales)
            programme_pages, modules = self.programme_and_modules(home[DEFAULT_LANGUAGE], locales)
            network_site.build(self, home, locales, programme_pages)
            network_events.build(self, home, locales, programme_pages)
            password = make_password(people.PASSWORD, salt=DEMO_SALT)
            users = self.people(password, programme_pages[DEFAULT_LANGUAGE], modules)
            users_by_email = {person.email: user for person, user in users}
            self.teams(programme_pages[DEFAULT_LANGUAGE], users_by_email)
            self.coaching(programme_pages[DEFAULT_LANGUAGE], users_by_email)
            self.reflections(programme_pages[DEFAULT_LANGUAGE], users_by_email)
            past_run.build(self, locales, programme_pages, password)
            admin = self.person(
                people.ADMIN_EMAIL, "Beheerder", "nl", password, is_staff=True, is_superuser=True
            )
            for page in self.published:
                ReferenceIndex.create_or_update_for_object(page)
        # Once the demo is there for everyone to see, as a worker would after commit.
        sent = send_due_reminders(self.now)
        return Demo(home, programme_pages, modules, users, admin, sent)

    # Pages

    def locales(self):
        codes = (DEFAULT_LANGUAGE, *TRANSLATIONS)
        locales = {
            locale.language_code: locale
            for locale in Locale.objects.filter(language_code__in=codes)
        }
        if missing := set(codes) - set(locales):
            raise DemoError(f"Locales {sorted(missing)} are missing; run `manage.py migrate`.")
        return locales

    def site_pages(self, locales):
        """The home page, the programme index and the standard pages, in every language."""
        home = HomePage.objects.filter(locale=locales[DEFAULT_LANGUAGE], depth=2).first()
        index = ProgrammeIndexPage.objects.child_of(home).first() if home else None
        if home is None or index is None:
            raise DemoError("The home page or programme index is missing; run `manage.py migrate`.")

        homes = {DEFAULT_LANGUAGE: home}
        # The home pages keep their slugs: Wagtail routes /nl/ and /en/ to them.
        self.publish(home, _without_slug(site.HOME[DEFAULT_LANGUAGE]))
        for language in TRANSLATIONS:
            homes[language] = self.translation(
                home, locales[language], _without_slug(site.HOME[language])
            )

        for source, content in [(index, site.PROGRAMME_INDEX)] + [
            (None, page) for page in site.STANDARD_PAGES
        ]:
            fields = {**content[DEFAULT_LANGUAGE], "show_in_menus": True}
            if source is None:
                source = self.child(home, StandardPage, fields)
            else:
                self.publish(source, fields)
            for language in TRANSLATIONS:
                self.translation(
                    source, locales[language], {**content[language], "show_in_menus": True}
                )
        return homes

    def programme_and_modules(self, home, locales):
        """The programme page and its twelve modules, in every language."""
        index = ProgrammeIndexPage.objects.child_of(home).get()
        season = programme.seasons(self.start_date)

        def fields(language):
            content = programme.PROGRAMME[language]
            return {
                **content,
                "title": content["title"].format(season=season[language]),
                "start_date": self.start_date,
                "weeks": programme.WEEKS,
                "time_zone": programme.TIME_ZONE,
                "enrolment_open": True,
            }

        source = self.child(index, ProgrammePage, fields(DEFAULT_LANGUAGE))
        pages = {DEFAULT_LANGUAGE: source}
        for language in TRANSLATIONS:
            pages[language] = self.translation(source, locales[language], fields(language))

        modules = {language: {} for language in pages}
        for module in programme.MODULES:
            page = self.child(
                source,
                ModulePage,
                _module_fields(module, DEFAULT_LANGUAGE),
                _moments(module, DEFAULT_LANGUAGE),
            )
            modules[DEFAULT_LANGUAGE][module.week] = page
            for language in TRANSLATIONS:
                modules[language][module.week] = self.translation(
                    page,
                    locales[language],
                    _module_fields(module, language),
                    _moments(module, language),
                )
        return pages, modules

    def child(self, parent, model, fields, moments=None):
        """The child of `parent` with the slug in `fields`, created or brought up to date."""
        page = model.objects.child_of(parent).filter(slug=fields["slug"]).first()
        if page is None:
            page = model(**fields)
            if moments is not None:
                page.contact_moments = _contact_moments(moments)
            parent.add_child(instance=page)
            page.save_revision().publish()
            self.published.append(page)
            return page
        self.publish(page, fields, moments)
        return page

    def translation(self, source, locale, fields, moments=None):
        """The translation of `source`: copied the first time, then kept up to date."""
        page = source.get_translation_or_none(locale)
        if page is None:
            page = source.copy_for_translation(locale).specific
            if fields.get("slug", page.slug) != page.slug:
                # Nobody has seen this draft at the copied slug, so it gets its own slug
                # directly: a save would leave a redirect from a URL that never existed.
                page.slug = fields["slug"]
                page.set_url_path(page.get_parent())
                Page.objects.filter(pk=page.pk).update(slug=page.slug, url_path=page.url_path)
        self.publish(page, fields, moments)
        return page

    def publish(self, page, fields, moments=None):
        """Set `fields` (and contact moments) on a page and publish them, unless already live.

        A publish costs a revision, a log entry and a search-index update, so a page
        that already shows this content is left alone.
        """
        names = list(fields) + (["contact_moments"] if moments is not None else [])
        before = _snapshot(page, names)
        for name, value in fields.items():
            setattr(page, name, value)
        if moments is not None:
            page.contact_moments = _contact_moments(moments)
        if page.live and not page.has_unpublished_changes and before == _snapshot(page, names):
            return
        page.save_revision().publish()
        self.published.append(page)

    # People

    def people(self, password, programme_page, modules):
        """Every demo person with a verified address, a membership and their progress."""
        users = []
        for person in people.PEOPLE:
            user = self.person(person.email, person.display_name, person.language, password)
            _upsert(Membership, {"programme": programme_page, "user": user}, {"role": person.role})
            for week in person.weeks_done:
                _upsert(
                    ModuleProgress,
                    {"user": user, "module": modules[DEFAULT_LANGUAGE][week]},
                    {"done_at": _done_at(programme_page, week)},
                )
            users.append((person, user))
        return users

    def teams(self, programme_page, users_by_email):
        """The demo teams with their members, coaches and canvas."""
        for demo_team in teams.TEAMS:
            team = _upsert(
                Team,
                {"programme": programme_page, "name": demo_team.name},
                {"neighbourhood_question": demo_team.question, "phase": demo_team.phase},
            )
            for email in demo_team.members:
                person = next(person for person in people.PEOPLE if person.email == email)
                _upsert(
                    TeamMember,
                    {"team": team, "user": users_by_email[email], "left_on": None},
                    {"role": person.role, "joined_on": self.start_date},
                )
            coaches = {users_by_email[email].pk for email in demo_team.coaches}
            if set(team.coaches.values_list("pk", flat=True)) != coaches:
                team.coaches.set(coaches)
                team.save()
            _upsert(Prototype, {"team": team}, demo_team.canvas)

    # Coaching

    def coaching(self, programme_page, users_by_email):
        """Everyone's weekly availability, and the demo's coaching sessions with their
        answers, attendance and action items."""
        for email, user in users_by_email.items():
            wanted = coaching.windows_for(email)
            if _windows(user.availability_windows.all()) != _windows(wanted):
                user.availability_windows.all().delete()
                for window in wanted:
                    window.user = user
                AvailabilityWindow.objects.bulk_create(wanted)
        for demo in coaching.SESSIONS:
            uid = uuid.uuid5(DEMO_NAMESPACE, demo.key)
            starts_at = self.session_start(programme_page, demo)
            # A session that moves is a new version of its calendar event, and so a new
            # occurrence for its reminders.
            before = CoachingSession.objects.filter(uid=uid).values("starts_at", "sequence").first()
            sequence = (
                0 if before is None else before["sequence"] + (before["starts_at"] != starts_at)
            )
            session = _upsert(
                CoachingSession,
                {"uid": uid},
                {
                    "team": Team.objects.get(programme=programme_page, name=demo.team),
                    "coach": users_by_email[demo.coach],
                    "starts_at": starts_at,
                    "sequence": sequence,
                    "place": demo.place,
                    "video_url": demo.video_url,
                    "agenda": demo.agenda,
                    "status": CoachingSession.Status.HELD
                    if demo.held
                    else CoachingSession.Status.PROPOSED,
                    "shared_notes": demo.shared_notes,
                    "private_notes": demo.private_notes,
                },
            )
            for member in session.team.members.current():
                email = member.user.email
                answer = demo.answers.get(email, SessionParticipant.Answer.PENDING)
                _upsert(
                    SessionParticipant,
                    {"session": session, "user": member.user},
                    {
                        "answer": answer,
                        "answered_at": None
                        if answer == SessionParticipant.Answer.PENDING
                        else session.starts_at - datetime.timedelta(days=2),
                        "attended": (email not in demo.absent) if demo.held else None,
                    },
                )
            for action in demo.actions:
                due_on = programme_page.date_in_week(demo.week + 1, str(action.due_weekday))
                _upsert(
                    ActionItem,
                    {"session": session, "description": action.description},
                    {
                        "owner": users_by_email[action.owner],
                        "due_on": due_on,
                        "done_at": datetime.datetime.combine(
                            due_on, datetime.time(20), tzinfo=programme_page.zone
                        )
                        if action.done
                        else None,
                        "done_by": users_by_email[action.owner] if action.done else None,
                    },
                )

    def session_start(self, programme_page, demo):
        """When a demo session starts: at its wall-clock time in its programme week, or
        about the given time after the build, on a whole five minutes."""
        if demo.after_build is None:
            day = programme_page.date_in_week(demo.week, str(demo.weekday))
            return datetime.datetime.combine(day, demo.time, tzinfo=programme_page.zone)
        moment = (self.now + demo.after_build).replace(second=0, microsecond=0)
        return moment + datetime.timedelta(minutes=-moment.minute % 5)

    def reflections(self, programme_page, users_by_email):
        """Reflections of the weeks that have passed, scored on the programme's scales
        (made in Dutch, the programme's language, on first use)."""
        with translation.override(DEFAULT_LANGUAGE):
            scales = list(ReflectionScale.objects.for_programme(programme_page))
        for demo in coaching.REFLECTIONS:
            week = programme_page.date_in_week(demo.week, "4")
            team = Team.objects.get(programme=programme_page, name=demo.team)
            with translation.override(DEFAULT_LANGUAGE):
                prompt = prompts_for(team, find_period(team, Reflection.Kind.WEEKLY, demo.week))[0]
            reflection = _upsert(
                Reflection,
                {
                    "author": users_by_email[demo.author],
                    "team": team,
                    "kind": Reflection.Kind.WEEKLY,
                    "period": demo.week,
                },
                {
                    "answers": [{"prompt": prompt, "answer": demo.answer}],
                    "visibility": demo.visibility,
                    "created_at": datetime.datetime.combine(
                        week, datetime.time(20), tzinfo=programme_page.zone
                    ),
                },
            )
            for scale, value in zip(scales, demo.scores, strict=True):
                _upsert(
                    ReflectionScore, {"reflection": reflection, "scale": scale}, {"value": value}
                )

    def person(self, email, display_name, language, password, **flags):
        user = _upsert(
            get_user_model(),
            {"email": email},
            {
                "display_name": display_name,
                "preferred_language": language,
                "password": password,
                "is_active": True,
                **flags,
            },
        )
        # A verified primary address, so mandatory verification lets the demo logins in.
        _upsert(EmailAddress, {"user": user, "email": email}, {"verified": True, "primary": True})
        return user


def send_due_reminders(now):
    """Record the reminders due at `now` and send them here and now: Celery beat's scan,
    then a worker's delivery, without waiting for either. Returns how many were sent.

    The scan also hands the rows to the broker; a worker that gets them later finds
    them sent and sends nothing (each row is claimed before it is sent).
    """
    reminders.scan(now)
    handed_out = Reminder.objects.filter(state=Reminder.State.PENDING, enqueued_at=now)
    return reminders.deliver(list(handed_out.values_list("pk", flat=True)), now)


def _windows(windows):
    return sorted((w.weekday, w.starts_at, w.ends_at, w.note) for w in windows)


def _without_slug(content):
    return {name: value for name, value in content.items() if name != "slug"}


def _module_fields(module, language):
    return {
        **getattr(module, language),
        "week": module.week,
        "duration_weeks": 1,
        "oasis_step": module.oasis_step,
    }


def _moments(module, language):
    return [moment.fields(language) for moment in module.moments]


def _contact_moments(moments):
    return [ContactMoment(sort_order=i, **fields) for i, fields in enumerate(moments)]


def _snapshot(page, names):
    """A page's content as plain values, to tell whether new content differs from it."""
    values = {}
    for name in names:
        value = getattr(page, name)
        if name == "contact_moments":
            value = [(m.title, m.weekday, m.start_time, m.end_time, m.place) for m in value.all()]
        elif isinstance(value, StreamValue):
            # Block ids are new on every assignment; only the blocks' content counts.
            value = [(child.block_type, child.block.get_prep_value(child.value)) for child in value]
        values[name] = value
    return values


def _upsert(model, lookup, values):
    """The row matching `lookup` with `values`, written only if it is new or differs.

    Unlike update_or_create, an unchanged row is not saved again, so a rerun fires
    no save signals (such as the membership-to-group sync).
    """
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not created and changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    return obj


def _done_at(programme_page, week):
    """Thursday evening of the module's week: after the week's last contact moment."""
    day = programme_page.date_in_week(week, "3")
    return datetime.datetime.combine(day, datetime.time(21), tzinfo=programme_page.zone)
