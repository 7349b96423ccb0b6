"""When a reminder's email goes out, by its recipient's preferences
(prototypes.models.preferences), and the one-click unsubscribe every email carries.

`decide()` is the policy: for one person, kind and moment it answers send now, later
(at the end of their quiet hours), into a digest (at the digest's time), or off. The
send path (prototypes.reminders.deliver) calls `hold_back()` on each batch, which
decides for every row in three queries and records in the ledger what is not sent now:

- off: the row is dropped with the reason "off";
- later: the row is pending again, due at the end of the quiet hours, so the scan hands
  it out then (and the kind checks once more that it is still worth sending);
- digest: the row waits in the state "digest", due at the digest's time.

Preferences hold back emails only: the in-site notification is made when the reminder
is due, whatever the mode, so the notification centre is always complete and quiet.

Wall-clock times (quiet hours, the digest's hour) are read in the time zone of the
programme the person joined last, else Europe/Amsterdam, and turned into moments with
that zone's rules of the day, so a change to or from summer time moves nothing.
"""

import dataclasses
import datetime
import zoneinfo
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.db.models import F
from django.urls import reverse

from courses.models import Membership
from courses.models.pages import DEFAULT_TIME_ZONE
from prototypes.models import (
    Delivery,
    NotificationKind,
    NotificationPreference,
    QuietHours,
    Reminder,
)
from prototypes.models.preferences import mode_for

# Digests go out at this hour of the person's wall clock; the weekly one on Mondays.
DIGEST_TIME = datetime.time(8, 0)
DIGEST_WEEKDAY = 0


@dataclasses.dataclass(frozen=True)
class Decision:
    """What to do with one email: "send" now, "later" at `at`, into a "digest" that goes
    out at `at`, or "off"."""

    action: str
    at: datetime.datetime | None = None

    SEND = "send"
    LATER = "later"
    DIGEST = "digest"
    OFF = "off"


SEND_NOW = Decision(Decision.SEND)
OFF = Decision(Decision.OFF)


def wall_moment(day: datetime.date, wall: datetime.time, zone) -> datetime.datetime:
    """The moment a wall clock in `zone` shows `wall` on `day`. On the night the clocks
    go back, a time that shows twice is its first showing."""
    return datetime.datetime.combine(day, wall, tzinfo=zone)


def quiet_until(quiet: QuietHours, now: datetime.datetime, zone) -> datetime.datetime | None:
    """When the quiet hours that hold at `now` end, or None if `now` is not in them."""
    local = now.astimezone(zone)
    wall = local.time().replace(tzinfo=None)
    if not quiet.contains(wall):
        return None
    day = local.date()
    # Quiet hours across midnight, entered this evening, end tomorrow morning.
    if quiet.starts_at > quiet.ends_at and wall >= quiet.starts_at:
        day += datetime.timedelta(days=1)
    return wall_moment(day, quiet.ends_at, zone)


def next_digest(mode: str, now: datetime.datetime, zone) -> datetime.datetime:
    """The first digest of `mode` ("daily" or "weekly") at or after `now`."""
    local = now.astimezone(zone)
    day = local.date()
    while True:
        if mode == Delivery.DAILY or day.weekday() == DIGEST_WEEKDAY:
            moment = wall_moment(day, DIGEST_TIME, zone)
            if moment >= now:
                return moment
        day += datetime.timedelta(days=1)


class Preferences:
    """What `decide` needs to know about a set of people: stored modes, quiet hours and
    time zones, loaded once (three queries at most, none for an empty set)."""

    def __init__(self, user_ids):
        user_ids = set(user_ids)
        self.modes = NotificationPreference.objects.modes(user_ids) if user_ids else {}
        self.quiet = (
            {quiet.user_id: quiet for quiet in QuietHours.objects.filter(user_id__in=user_ids)}
            if user_ids
            else {}
        )
        # Zones matter only for wall-clock times: quiet hours and digests.
        needs_zone = set(self.quiet) | {
            user_id
            for (user_id, _kind), mode in self.modes.items()
            if mode in (Delivery.DAILY, Delivery.WEEKLY)
        }
        self.zones = zones_of(needs_zone) if needs_zone else {}

    def zone(self, user_id):
        return self.zones.get(user_id) or zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE)

    def decide(self, user_id, kind, now) -> Decision:
        mode = mode_for(self.modes, user_id, kind)
        if mode == Delivery.OFF:
            return OFF
        # The weekly overview is itself the digest: its kind sends it on its day.
        if mode in (Delivery.DAILY, Delivery.WEEKLY) and kind != NotificationKind.WEEKLY_DIGEST:
            return Decision(Decision.DIGEST, next_digest(mode, now, self.zone(user_id)))
        until = self.quiet_until(user_id, now)
        if until is not None:
            return Decision(Decision.LATER, until)
        return SEND_NOW

    def quiet_until(self, user_id, now) -> datetime.datetime | None:
        """When the person's quiet hours that hold at `now` end, or None."""
        quiet = self.quiet.get(user_id)
        return None if quiet is None else quiet_until(quiet, now, self.zone(user_id))


def zones_of(user_ids) -> dict:
    """{user id: ZoneInfo} of the programme each person joined that starts last (one
    query); people in no programme are missing."""
    rows = (
        Membership.objects.filter(user_id__in=user_ids, programme__live=True)
        .order_by("user_id", "programme__start_date")
        .values_list("user_id", "programme__time_zone")
    )
    return {user_id: zoneinfo.ZoneInfo(name) for user_id, name in rows}


def decide(user, kind, now) -> Decision:
    """Whether an email of `kind` to `user` goes out at `now`, later, into a digest or
    not at all. Three queries; use `Preferences` for many people."""
    return Preferences([user.pk]).decide(user.pk, kind, now)


def hold_back(messages, claimed, now):
    """Apply the recipients' preferences to a batch of composed reminders
    [(row, email, notification)]: returns those to send now, and records the others in
    the ledger through `claimed` (the rows this worker holds). A fixed number of
    queries per batch, plus one per distinct later or digest moment."""
    if not messages:
        return []
    preferences = Preferences({row.recipient_id for row, *_ in messages})
    now_list, off, later, digest = [], [], {}, {}
    for message in messages:
        row = message[0]
        decision = preferences.decide(row.recipient_id, row.kind, now)
        if decision.action == Decision.SEND:
            now_list.append(message)
        elif decision.action == Decision.OFF:
            off.append(row.pk)
        elif decision.action == Decision.LATER:
            later.setdefault(decision.at, []).append(row.pk)
        else:
            digest.setdefault(decision.at, []).append(row.pk)
    if off:
        claimed.filter(pk__in=off).update(state=Reminder.State.DROPPED, dropped_reason="off")
    for at, pks in later.items():
        # Back to the scan: a deferral is not a failed attempt.
        claimed.filter(pk__in=pks).update(
            state=Reminder.State.PENDING,
            due_at=at,
            enqueued_at=None,
            claimed_at=None,
            attempts=F("attempts") - 1,
        )
    for at, pks in digest.items():
        # Nor is a digest: the digest counts its own attempts (prototypes.digests).
        claimed.filter(pk__in=pks).update(
            state=Reminder.State.DIGEST, due_at=at, attempts=F("attempts") - 1
        )
    return now_list


# --- Unsubscribing -------------------------------------------------------------------

# Signed, not stored, and without an expiry: a token only ever turns one kind of email
# off for one person, and the emails that carry it stay in inboxes for years.
UNSUBSCRIBE_SALT = "prototypes.delivery.unsubscribe"


class BadToken(Exception):
    """An unsubscribe token that was changed, cut short or made up."""


def unsubscribe_token(user, kinds) -> str:
    """A token that turns off `kinds` (one kind, or several for a digest) for `user`."""
    return signing.dumps(_unsubscribing(user, kinds), salt=UNSUBSCRIBE_SALT)


def _unsubscribing(user, kinds) -> list:
    """What an unsubscribe token holds: who, and which kinds."""
    kinds = [kinds] if isinstance(kinds, str) else kinds
    return [user.pk, ",".join(kinds)]


def read_unsubscribe_token(token) -> tuple[int, list[str]]:
    """(user id, kinds) of a token; raises BadToken when it is not one we signed."""
    try:
        user_id, kinds = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        kinds = kinds.split(",")
    except (signing.BadSignature, ValueError, TypeError, AttributeError) as error:
        raise BadToken from error
    if not all(kind in NotificationKind.values for kind in kinds):
        raise BadToken
    return user_id, kinds


def email_links(person, kinds) -> dict:
    """The footer links of an email of `kinds` to `person`: unsubscribe (no language
    prefix: the page speaks the person's language) and preferences (in the active
    language, so call it where the email's language is active)."""
    return {"unsubscribe_url": unsubscribe_url(person, kinds), "preferences_url": preferences_url()}


def preferences_url() -> str:
    """The notification preferences page, in the active language."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("prototypes:notification_preferences")


def unsubscribe_url(person, kinds) -> str:
    """The one-click unsubscribe link of an email of `kinds` to `person`."""
    return UnsubscribeLinks().url(person, kinds)


class UnsubscribeLinks:
    """The one-click unsubscribe links of many emails: the page's address is looked up
    and the signer made once, rather than for each email, where they were a tenth of
    composing a reminder. `url()` gives what `unsubscribe_url()` gives."""

    # Stands for the token while the address is looked up. Like every token (URL-safe
    # base64 and colons, from signing), it is put in the address as it is.
    PLACEHOLDER = "unsubscribe-token"

    def __init__(self):
        # What signing.dumps() makes for each token.
        self.signer = signing.TimestampSigner(salt=UNSUBSCRIBE_SALT)
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        address = base + reverse("unsubscribe:confirm", args=[self.PLACEHOLDER])
        self.before, _placeholder, self.after = address.rpartition(self.PLACEHOLDER)

    def url(self, person, kinds) -> str:
        token = self.signer.sign_object(_unsubscribing(person, kinds))
        return f"{self.before}{token}{self.after}"


def unsubscribe_headers(links) -> dict:
    """RFC 2369 and RFC 8058 headers: mail clients show an unsubscribe button that
    posts `List-Unsubscribe=One-Click` to the link, without a login."""
    targets = [f"<{links['unsubscribe_url']}>"]
    if settings.UNSUBSCRIBE_MAILTO:
        targets.append(f"<mailto:{settings.UNSUBSCRIBE_MAILTO}?subject={quote('unsubscribe')}>")
    return {
        "List-Unsubscribe": ", ".join(targets),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
