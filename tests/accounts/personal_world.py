"""One person with data in every app, for the tests of their download and their erasure.

Zebedee Quixtrom is a student in a team of programme A (iterations, evidence, feedback
links, reflections with a quote, coaching sessions, action items, availability,
reminders and preferences), coaches a team of programme C, coordinates programme B alone,
registered for an event (and, as a visitor under their other address, for another), gave
consent, edited pages in the Wagtail admin, and has two email addresses. Their name, addresses and the text of their uploaded file are unusual
enough that finding them anywhere after erasure means something was left behind.
"""

import datetime
import io
import zipfile

from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Comment
from wagtail.users.models import UserProfile

from courses.models import Invitation, ModuleProgress, Role
from home.models import SiteDocument
from learninglab import consent as consents
from learninglab.consent import Consent
from learninglab.models import Job
from prototypes.models import (
    ActionItem,
    AvailabilityException,
    AvailabilityWindow,
    CalendarFeed,
    CoachingSession,
    Evidence,
    FeedbackLink,
    Iteration,
    Notification,
    NotificationPreference,
    QuietHours,
    Quote,
    Reflection,
    Reminder,
    Review,
    SessionParticipant,
    TeamPhaseChange,
)
from prototypes.uploads import check_upload
from tests.factories import UserFactory, enrol, make_programme, make_team

NAME = "Zebedee Quixtrom"
EMAIL = "zebedee.quixtrom@example.org"
OTHER_EMAIL = "zq.thuis@example.net"
FILE_TEXT = "ZQX-7731 interview notes at the market"
# What must be found nowhere once the person is erased.
NEEDLES = ["Zebedee", "Quixtrom", EMAIL, OTHER_EMAIL, "zq.thuis", FILE_TEXT]
ANSWER = "I cooked with twelve neighbours and learned to ask before planning."


def evidence_document() -> bytes:
    """An OpenDocument text whose parts are stored uncompressed: its words can be found
    in the file's bytes."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_STORED) as package:
        package.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        package.writestr(
            "content.xml", f"<office:document-content>{FILE_TEXT}</office:document-content>"
        )
    return output.getvalue()


def build_person_world():
    now = timezone.now()
    a = make_programme(title="Overvecht, voorjaar 2027", modules=1)
    b = make_programme(title="Kanaleneiland, voorjaar 2027", modules=0)
    c = make_programme(title="Zuilen, najaar 2027", modules=0)
    person = UserFactory(email=EMAIL, display_name=NAME, preferred_language="en")
    EmailAddress.objects.create(user=person, email=EMAIL, verified=True, primary=True)
    EmailAddress.objects.create(user=person, email=OTHER_EMAIL, verified=False, primary=False)
    team_mate = UserFactory(display_name="Noor Bakker", preferred_language="en")
    coach = UserFactory(display_name="Coach Carla", preferred_language="en")
    outsider = UserFactory(display_name="Otto Buiten", preferred_language="en")
    for user, programme, role in [
        (person, a, Role.STUDENT),
        (person, c, Role.COACH),
        (person, b, Role.COORDINATOR),
        (team_mate, a, Role.RESIDENT),
        (coach, a, Role.COACH),
    ]:
        enrol(user, programme, role)
    ModuleProgress.objects.create(user=person, module=a.get_children().first().specific)
    Invitation.objects.create(
        programme=a,
        email=EMAIL,
        name=NAME,
        role=Role.STUDENT,
        accepted_at=now,
        accepted_by=person,
    )
    Invitation.objects.create(
        programme=b, email="new.resident@example.org", role=Role.RESIDENT, invited_by=person
    )

    # Their own team's work.
    team = make_team(
        a,
        name="De Wijkkeuken",
        members=[(person, Role.STUDENT), (team_mate, Role.RESIDENT)],
        coaches=[coach],
    )
    team.members.update(joined_on=now.date() - datetime.timedelta(days=30))
    team.prototype.beneficiaries = "Neighbours who eat alone"
    team.prototype.updated_by = person
    team.prototype.save()
    iteration = Iteration.objects.create(
        prototype=team.prototype, number=1, created_by=person, we_believe="People cook together"
    )
    upload = SimpleUploadedFile("interview.odt", evidence_document())
    evidence = Evidence.attach(
        iteration, check_upload(upload, 10 * 1024 * 1024), "Interview at the market", person
    )
    FeedbackLink.objects.create(iteration=iteration, label="Market stall", created_by=person)
    iteration.submit(by=person)
    Review.record(iteration, coach, rubric=[], scores=[], decision="accepted", comment="Good")
    reflection = Reflection.objects.create(
        author=person,
        team=team,
        period=1,
        answers=[{"prompt": "What did you do?", "answer": ANSWER}],
    )
    consents.give(person, Consent.Purpose.BROCHURE, a, language="en")
    Quote.offer(reflection, "I cooked with twelve neighbours")

    # Coaching in their team: a session held, one to come.
    held = CoachingSession.objects.create(
        team=team, coach=coach, starts_at=now - datetime.timedelta(days=7), status="held"
    )
    SessionParticipant.objects.create(session=held, user=person, answer="confirmed", attended=True)
    SessionParticipant.objects.create(
        session=held, user=team_mate, answer="confirmed", attended=True
    )
    ActionItem.objects.create(session=held, description="Ask the library for a room", owner=person)
    coming = CoachingSession.objects.create(
        team=team, coach=coach, starts_at=now + datetime.timedelta(days=7), status="proposed"
    )
    SessionParticipant.objects.update_or_create(
        session=coming, user=person, defaults={"answer": "confirmed", "answered_at": now}
    )

    # The team they coach, and the programme they coordinate.
    enrol(outsider, c, Role.STUDENT)
    coached = make_team(c, name="Repair Café", members=[(outsider, Role.STUDENT)], coaches=[person])
    coached_iteration = Iteration.objects.create(prototype=coached.prototype, number=1)
    coached_iteration.submit(by=outsider)
    Review.record(
        coached_iteration, person, rubric=[], scores=[], decision="revise", comment="Test it"
    )
    CoachingSession.objects.create(
        team=coached,
        coach=person,
        starts_at=now - datetime.timedelta(days=3),
        status="held",
        private_notes="Only for me",
    )
    CoachingSession.plan(
        team=coached, coach=person, starts_at=now + datetime.timedelta(days=5), place="Library"
    )
    b_team = make_team(b, name="Fietsmakers")
    TeamPhaseChange.record(b_team, "continuation", by=person, note="They go on")

    # Their own settings and messages.
    AvailabilityWindow.objects.create(
        user=person,
        weekday=1,
        starts_at=datetime.time(9),
        ends_at=datetime.time(12),
        note="School run after",
    )
    AvailabilityException.objects.create(
        user=person, date=now.date() + datetime.timedelta(days=3), note="Dentist"
    )
    CalendarFeed.for_user(person)
    NotificationPreference.objects.create(user=person, kind="session_coming", mode="off")
    QuietHours.objects.create(user=person, starts_at=datetime.time(21), ends_at=datetime.time(7))
    reminder = Reminder.objects.create(
        key=f"test-{person.pk}",
        kind="reflection_due",
        recipient=person,
        due_at=now,
        message_id="<test@example.org>",
        content_type=ContentType.objects.get_for_model(team),
        object_id=team.pk,
        link="/en/",
    )
    Notification.objects.create(
        recipient=person, kind="reflection_due", title="Write your reflection", reminder=reminder
    )
    # A message to someone else that names them.
    Notification.objects.create(
        recipient=team_mate,
        kind="team_news",
        title=f"{NAME} added evidence",
        body=f"{NAME} ({EMAIL}) added an interview to iteration 1.",
    )
    Job.objects.create(owner=person, kind="accounts.personal_data", status=Job.Status.DONE)

    # What the Wagtail admin holds: a profile, log entries that copied the name, a
    # revision and a comment on a page they edit.
    UserProfile.get_for_user(person)
    log(instance=person, action="wagtail.edit", user=coach)
    log(
        instance=team,
        action="wagtail.edit",
        user=person,
        data={"changes": [{"field": "members", "change": "added", "person": NAME}]},
    )
    b.title = "Kanaleneiland, voorjaar 2027 (nieuw)"
    b.save_revision(user=person).publish(user=person)
    Comment.objects.create(page=b, user=person, text="Add the dates", contentpath="title")

    # A report they uploaded to the site's library: the site's, but it says who.
    SiteDocument.objects.create(
        title="Jaarverslag 2026",
        file=ContentFile(b"%PDF-1.4 annual report", name="jaarverslag.pdf"),
        uploaded_by_user=person,
    )
    registration, other_registration = _register_for_events(person)
    return {
        "person": person,
        "team_mate": team_mate,
        "coach": coach,
        "outsider": outsider,
        "a": a,
        "b": b,
        "team": team,
        "iteration": iteration,
        "evidence": evidence,
        "reflection": reflection,
        "registration": registration,
        "other_registration": other_registration,
    }


def _register_for_events(person):
    """A registration for a public workshop, made as a visitor does, while signed in;
    and one for another, made without signing in under their other address (typed in
    capitals), which only that address links to them."""
    from home import events
    from tests.home.events_site import agenda, event

    index = agenda()
    starts_at = timezone.now() + datetime.timedelta(days=20)
    workshop = event(index, starts_at=starts_at)
    registration = events.register(
        workshop, name=NAME, email=EMAIL, remarks="I bring my neighbour", user=person
    )
    market = event(index, title="Buurtmarkt", starts_at=starts_at + datetime.timedelta(days=7))
    other_registration = events.register(market, name=NAME, email=OTHER_EMAIL.upper())
    return registration, other_registration
