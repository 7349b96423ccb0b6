"""How reminders are turned into emails and notifications (prototypes.reminders):
rendered once for everyone who gets the same reminder and filled in for each person,
which must give exactly what rendering each on its own gives; and headers written as
the email package would write them."""

import datetime
import io
from email.generator import BytesGenerator
from email.policy import compat32

import pytest
import time_machine
from django.core.mail.message import forbid_multi_line_headers
from django.test.signals import template_rendered

from courses.models import Role
from prototypes import reminders
from prototypes.models import CoachingSession, Reminder, TeamMember
from prototypes.reminders import KINDS, QUICK_FOLDING, ReminderEmail, compose_all
from tests.factories import UserFactory, make_team_world

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 2, 8, 9, 0, tzinfo=datetime.UTC)

# Names that HTML must escape, that plain text must not, and that look like markup.
NAMES = [
    ("Anna & Bob <b>", "nl"),
    ('Jaap "Kees" de Vries', "nl"),
    ("O'Brien", "en"),
    ("Émilie Ørsted", "en"),
    ("{{ person }} %(name)s", "nl"),
]


@pytest.fixture
def pairs():
    """The day-before reminders of a session with an agenda full of markup, to a team of
    people with awkward names in both languages, as the worker has them: (row, context)."""
    with time_machine.travel(NOW - datetime.timedelta(days=7), tick=False):
        world = make_team_world()
        team = world["team"]
        for name, language in NAMES:
            person = UserFactory(display_name=name, preferred_language=language)
            TeamMember.objects.create(team=team, user=person, role=Role.RESIDENT)
        CoachingSession.plan(
            team=team,
            coach=world["people"]["coach"],
            starts_at=NOW + datetime.timedelta(hours=20),
            place="Buurtkamer <De Dreef> & tuin",
            agenda="1. What we learned\n2. <script>alert('x')</script>",
        )
    reminders.record(KINDS[Reminder.Kind.SESSION_COMING], NOW, reminders.ScanResult())
    rows = list(Reminder.objects.select_related("recipient"))
    kind = KINDS[Reminder.Kind.SESSION_COMING]
    loaded = kind.load(rows)
    return [(row, kind.context(row, loaded, NOW)) for row in rows]


def described(triple):
    """Everything a recipient gets of one reminder, to compare."""
    row, email, notification = triple
    return {
        "row": row.pk,
        "to": email.to,
        "subject": email.subject,
        "text": email.body,
        "html": email.alternatives[0].content,
        "headers": email.extra_headers,
        "reply_to": email.reply_to,
        "notification": (notification.title, notification.body, notification.link),
    }


def test_rendering_once_for_many_gives_what_rendering_each_gives(pairs):
    assert len(pairs) == 8  # the coach, two members and five newcomers
    with time_machine.travel(NOW, tick=False):
        merged = [described(triple) for triple in compose_all(pairs)]
        alone = [described(triple) for triple in compose_all(pairs, merge=False)]
    assert merged == alone
    # Each person's own name and unsubscribe link, escaped in HTML only.
    by_row = {row.pk: row for row, _context in pairs}
    for message in merged:
        person = by_row[message["row"]].recipient
        assert f"{person}" in message["text"]
        if person.display_name == "Anna & Bob <b>":
            assert "Anna &amp; Bob &lt;b&gt;" in message["html"]
            assert "<b>" not in message["html"]
    links = [m["headers"]["List-Unsubscribe"] for m in merged]
    assert len(set(links)) == len(links)


def test_the_templates_are_rendered_once_per_language_and_audience(pairs):
    rendered = []

    def count(sender, **kwargs):
        rendered.append(sender.name)

    template_rendered.connect(count)
    try:
        compose_all(pairs)
        merged = len(rendered)
        rendered.clear()
        compose_all(pairs, merge=False)
        alone = len(rendered)
    finally:
        template_rendered.disconnect(count)
    # Dutch members, English members, and the coach (who is not asked to answer).
    languages = {row.recipient.preferred_language for row, _context in pairs}
    assert alone == len(pairs) * merged / (len(languages) + 1)


LINK = "<https://learninglab.example.org/unsubscribe/" + "x" * 120 + "/>"


@pytest.mark.parametrize(
    "subject",
    [
        "Coaching session tomorrow: De Wijkkeuken",
        "Coachingsessie morgen: Café ‘De Ontmoeting’ — moeders en kinderen",
        "A subject long enough to be folded by the email package over more than one line, "
        "with words enough",
        "A tab\tand a vertical\x0btab, which the email package takes for a line break",
    ],
)
@pytest.mark.parametrize(
    "unsubscribe",
    [f"{LINK}, <mailto:unsubscribe@example.org?subject=unsubscribe>", LINK],
    ids=["with mailto", "link alone"],
)
def test_headers_are_written_as_the_email_package_writes_them(subject, unsubscribe):
    email = ReminderEmail(
        subject=subject,
        body="Hallo,\n\nTot morgen.",
        to=["Émilie Ørsted <emilie@example.org>"],
        reply_to=["coach@example.org"],
        headers={
            "Message-ID": "<reminder.1234@learninglab.example.org>",
            "List-Unsubscribe": unsubscribe,
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    email.attach_alternative("<p>Hallo,</p>", "text/html")
    message = email.message()
    assert message.policy is QUICK_FOLDING
    quick = message.as_bytes(linesep="\r\n")
    message.policy = compat32
    assert quick == message.as_bytes(linesep="\r\n")


@pytest.mark.parametrize(
    "body",
    [
        "Hallo,\n\nTot morgen.\n",
        "Hallo,\r\n\r\nTot morgen.",
        "Regels\rmet\roude\reinden\n\n",
        "Één lange regel, langer dan een mailserver aanneemt. " * 30,
        "From the start of a line, which mbox would mangle.\n",
    ],
)
@pytest.mark.parametrize("linesep", ["\r\n", "\n"])
def test_bodies_are_written_as_the_email_package_writes_them(body, linesep):
    email = ReminderEmail(subject="Tot morgen", body=body, to=["emilie@example.org"])
    email.attach_alternative(f"<p>{body}</p>", "text/html")
    message = email.message()
    written = io.BytesIO()
    BytesGenerator(written, mangle_from_=False).flatten(message, linesep=linesep)
    assert message.as_bytes(linesep=linesep) == written.getvalue()


@pytest.mark.parametrize(
    "subject",
    [
        "Morgen om 15:00: coachingsessie van De Wijkkeuken",
        "Coachingsessie morgen: Café ‘De Ontmoeting’",
        "Two  spaces, and one at the end ",
        " One at the start",
        "Fits on one line? No: this subject goes on and on, for longer than a line of 78 characters",
        "=?utf-8?q?Looks_encoded?= but is not",
    ],
)
def test_the_subject_is_stored_as_django_stores_it(subject):
    email = ReminderEmail(subject=subject, body="Hallo,", to=["emilie@example.org"])
    email.attach_alternative("<p>Hallo,</p>", "text/html")
    _name, stored = forbid_multi_line_headers("Subject", subject, "utf-8")
    assert email.message()["Subject"] == stored


def test_an_email_built_ahead_is_the_one_its_backend_gets():
    email = ReminderEmail(subject="Tot morgen", body="Hallo,", to=["emilie@example.org"])
    email.attach_alternative("<p>Hallo,</p>", "text/html")
    email.build_ahead()
    built = email.built
    assert built is not None
    assert email.message() is built
    # Only once: asked again, the email builds a new one.
    assert email.built is None
    assert email.message() is not built
