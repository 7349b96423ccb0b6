"""Invitations to a programme: the link's token, inviting, sending, accepting, CSV uploads.

An invitation link carries only the invitation's id, signed; whether it may still be
used (expired, accepted) is read from the database every time. Accepting creates the
membership, once, whichever way the person arrives: the link's Accept button, or
confirming (or signing in with) the invited address, on any device.
"""

import csv
import dataclasses
import io
import unicodedata

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models.functions import Lower
from django.dispatch import Signal, receiver
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from courses.models import Invitation, Membership, ProgrammePage, Role
from courses.rules import forget_programme_roles

TOKEN_SALT = "courses.invitation"
# The link a visitor opened, kept so that signing in or up afterwards can tell them
# what became of it.
SESSION_KEY = "courses.invitation_token"
MAX_UPLOAD_BYTES = 1024 * 1024

# Sent (invitation, user) in the transaction that accepts an invitation, so that other
# apps can add to what accepting does (prototypes puts the person in the invitation's
# team) without this app knowing of them.
invitation_accepted = Signal()


# --- The link -----------------------------------------------------------------------


class BrokenLink(Exception):
    """Why an invitation link cannot be used (any more)."""

    class Reason(models.TextChoices):
        TAMPERED = "tampered", _("not valid")
        WITHDRAWN = "withdrawn", _("withdrawn")
        EXPIRED = "expired", _("expired")
        USED = "used", _("already used")

    def __init__(self, reason, invitation=None):
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


class WrongEmail(Exception):
    """The signed-in person has not confirmed the address the invitation was sent to."""


def make_token(invitation) -> str:
    return signing.dumps(invitation.pk, salt=TOKEN_SALT)


def invitation_path(invitation) -> str:
    return reverse("invitations:detail", args=[make_token(invitation)])


def invitation_from_token(token) -> Invitation:
    """The invitation a link points at, whatever its state. One query.

    Raises BrokenLink when the token was altered or the invitation no longer exists.
    """
    try:
        pk = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature as error:
        raise BrokenLink(BrokenLink.Reason.TAMPERED) from error
    if not isinstance(pk, int):
        raise BrokenLink(BrokenLink.Reason.TAMPERED)
    invitation = Invitation.objects.select_related("programme", "invited_by").filter(pk=pk).first()
    if invitation is None:
        raise BrokenLink(BrokenLink.Reason.WITHDRAWN)
    return invitation


def state_of(invitation) -> str:
    if invitation.is_used:
        return "accepted"
    if invitation.is_expired:
        return "expired"
    return "open"


# --- Who is already in ----------------------------------------------------------------


def verified_emails(user) -> set[str]:
    """The addresses the person has confirmed, lower case. One query."""
    if not user.is_authenticated:
        return set()
    return {
        email.lower()
        for email in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }


def member_emails(programme, emails) -> set[str]:
    """Which of `emails` (lower case) already belong to a member of the programme.

    A member counts by the address on their account or any other address they added.
    One query, whatever the number of emails.
    """
    emails = set(emails)
    if not emails:
        return set()
    rows = (
        Membership.objects.filter(programme=programme)
        .annotate(
            account_email=Lower("user__email"), other_email=Lower("user__emailaddress__email")
        )
        .filter(models.Q(account_email__in=emails) | models.Q(other_email__in=emails))
        .values_list("account_email", "other_email")
    )
    return {email for pair in rows for email in pair if email in emails}


def open_invitations(programme, emails) -> dict[str, Invitation]:
    """The not-yet-accepted invitations of the programme for `emails`, by email. One query.

    Expired ones are included: they still hold the one open invitation per address,
    and inviting that address again renews them.
    """
    return {
        invitation.email: invitation
        for invitation in Invitation.objects.filter(
            programme=programme, email__in=set(emails), accepted_at__isnull=True
        )
    }


def already_in(programme, email) -> str | None:
    """Why `email` cannot be invited to the programme now, or None. Two queries."""
    if email in member_emails(programme, [email]):
        return str(already_member_message(email))
    invitation = open_invitations(programme, [email]).get(email)
    if invitation is not None and not invitation.is_expired:
        return str(already_invited_message(invitation))
    return None


def already_member_message(email):
    return format_lazy(_("{email} is already a member of this programme."), email=email)


def already_invited_message(invitation):
    return format_lazy(
        _(
            "{email} already has an open invitation, sent on {sent}; it can be used until {expires}."
        ),
        email=invitation.email,
        sent=date_format(timezone.localtime(invitation.created_at), "DATE_FORMAT"),
        expires=date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT"),
    )


# --- Inviting -------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Candidate:
    """A person to invite, as typed in the form or read from a row of a CSV file."""

    email: str
    role: str
    name: str = ""
    row: int | None = None


@dataclasses.dataclass(frozen=True)
class Skipped:
    """A person who was not invited, and why (`row` is the CSV row number, if any)."""

    reason: str
    row: int | None = None
    email: str = ""

    def __str__(self):
        if self.row is None:
            return str(self.reason)
        return str(format_lazy(_("Row {number}: {reason}"), number=self.row, reason=self.reason))


@dataclasses.dataclass
class Outcome:
    invited: list[Invitation]
    skipped: list[Skipped]


def invite(programme, candidates, *, invited_by, language=None) -> Outcome:
    """Invite people to a programme and send each their link (after commit, via Celery).

    Skips members and people with an open invitation; an expired invitation for the
    address is renewed and sent again. The programme row is locked meanwhile, so two
    coordinators inviting the same address at once cannot both create an invitation.
    A constant number of queries for the checks, then one per invitation written.
    """
    from courses.tasks import send_invitation

    programme = programme.default_locale_page
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    invited, skipped = [], []
    with transaction.atomic():
        ProgrammePage.objects.select_for_update(of=("self",)).filter(pk=programme.pk).first()
        emails = [candidate.email for candidate in candidates]
        members = member_emails(programme, emails)
        existing = open_invitations(programme, emails)
        new = []
        for candidate in candidates:
            invitation = existing.get(candidate.email)
            if candidate.email in members:
                skipped.append(
                    Skipped(already_member_message(candidate.email), candidate.row, candidate.email)
                )
            elif invitation is not None and not invitation.is_expired:
                skipped.append(
                    Skipped(already_invited_message(invitation), candidate.row, candidate.email)
                )
            elif invitation is not None:
                renew(invitation, candidate, invited_by)
                invited.append(invitation)
            else:
                new.append(
                    Invitation(
                        programme=programme,
                        email=candidate.email,
                        name=candidate.name,
                        role=candidate.role,
                        invited_by=invited_by,
                    )
                )
        invited.extend(Invitation.objects.bulk_create(new))
        for invitation in invited:
            send_invitation.delay_on_commit(invitation.pk, language)
    order = {email: index for index, email in enumerate(emails)}
    invited.sort(key=lambda invitation: order[invitation.email])
    return Outcome(invited, skipped)


def renew(invitation, candidate, invited_by):
    """Give an expired invitation a new term (and the latest name and role)."""
    fresh = Invitation()
    invitation.name = candidate.name or invitation.name
    invitation.role = candidate.role
    invitation.invited_by = invited_by
    invitation.created_at = fresh.created_at
    invitation.expires_at = fresh.expires_at
    invitation.save(update_fields=["name", "role", "invited_by", "created_at", "expires_at"])


def send_invitation_email(invitation, language) -> None:
    """Email the invitation link, in `language`. Renders three templates; sends one mail."""
    with translation.override(language):
        programme = invitation.programme
        locale = Locale.objects.filter(language_code=translation.get_language()).first()
        if locale is not None:
            programme = programme.get_translation_or_none(locale) or programme
        inviter = invitation.invited_by
        context = {
            "invitation": invitation,
            "programme": programme,
            # Mid-sentence: "… as student" / "… als bewoner".
            "role": invitation.get_role_display().lower(),
            "inviter": inviter,
            "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + invitation_path(invitation),
            "expires": timezone.localtime(invitation.expires_at, programme.zone),
        }
        subject = render_to_string("courses/email/invitation_subject.txt", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string("courses/email/invitation.txt", context),
            to=[invitation.email],
            # Questions about the invitation go to the coordinator who sent it.
            reply_to=[inviter.email] if inviter else None,
        )
        message.attach_alternative(
            render_to_string("courses/email/invitation.html", context), "text/html"
        )
        message.send()


# --- Accepting ------------------------------------------------------------------------


def accept(invitation, user) -> bool:
    """Join the programme through this invitation. Idempotent, safe under a double click.

    Locks the invitation row, so of two simultaneous clicks the second waits, then
    finds the invitation accepted by the same person and changes nothing. Returns
    whether this call accepted it. Raises BrokenLink (expired, or used by someone
    else) or WrongEmail.
    """
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.is_used:
            if invitation.accepted_by_id == user.pk:
                return False
            raise BrokenLink(BrokenLink.Reason.USED, invitation)
        if invitation.is_expired:
            raise BrokenLink(BrokenLink.Reason.EXPIRED, invitation)
        if invitation.email.lower() not in verified_emails(user):
            raise WrongEmail(invitation)
        _accept_locked(invitation, user)
        return True


def accept_open_invitations(user, emails) -> list[Invitation]:
    """Accept every open, unexpired invitation for these confirmed addresses.

    Called on email confirmation and on sign-in, so it costs one query when there is
    nothing to accept.
    """
    emails = {email.lower() for email in emails}
    if not emails:
        return []
    with transaction.atomic():
        invitations = list(
            Invitation.objects.select_for_update(of=("self",))
            .select_related("programme")
            .filter(email__in=emails, accepted_at__isnull=True, expires_at__gt=timezone.now())
        )
        for invitation in invitations:
            _accept_locked(invitation, user)
    return invitations


def _accept_locked(invitation, user) -> Membership:
    # Someone who is already in the programme keeps their role: an invitation never
    # silently changes it.
    membership, _created = Membership.objects.get_or_create(
        programme_id=invitation.programme_id, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    forget_programme_roles(user)
    invitation_accepted.send(sender=Invitation, invitation=invitation, user=user)
    return membership


def joined_message(invitation):
    return format_lazy(
        _("Welcome! You have joined {programme} as {role}."),
        programme=invitation.programme.title,
        role=invitation.get_role_display().lower(),
    )


@receiver(email_confirmed, dispatch_uid="courses.invitations.accept_on_email_confirmed")
def accept_on_email_confirmed(sender, request, email_address, **kwargs):
    """Confirming the invited address accepts its invitations, on whatever device."""
    accepted = accept_open_invitations(email_address.user, [email_address.email])
    _tell(request, accepted)


@receiver(user_logged_in, dispatch_uid="courses.invitations.accept_on_sign_in")
def accept_on_sign_in(sender, request, user, **kwargs):
    """Signing in with an invited, confirmed address accepts its invitations.

    If the person had opened an invitation link for another address in this browser,
    they hear why it was not accepted.
    """
    emails = verified_emails(user)
    accepted = accept_open_invitations(user, emails)
    _tell(request, accepted)
    token = request.session.pop(SESSION_KEY, None) if request is not None else None
    if token is None:
        return
    try:
        invitation = invitation_from_token(token)
    except BrokenLink:
        return
    if not invitation.is_used and invitation.email not in emails:
        messages.warning(
            request,
            format_lazy(
                _(
                    "The invitation you opened was sent to {email}. Sign in with that "
                    "address to accept it."
                ),
                email=invitation.email,
            ),
            fail_silently=True,
        )


def _tell(request, accepted):
    if request is None:
        return
    for invitation in accepted:
        messages.success(request, joined_message(invitation), fail_silently=True)


# --- CSV uploads ----------------------------------------------------------------------


class CsvError(Exception):
    """The whole file is refused; the message says why."""


HEADERS = {
    "name": {"name", "naam", "full name", "volledige naam"},
    "email": {
        "email",
        "e-mail",
        "email address",
        "e-mail address",
        "emailadres",
        "e-mailadres",
    },
    "role": {"role", "rol"},
}
ROLES = {
    "student": Role.STUDENT,
    "resident": Role.RESIDENT,
    "bewoner": Role.RESIDENT,
    "coach": Role.COACH,
    # Accents are dropped before the lookup, so this is also "coördinator".
    "coordinator": Role.COORDINATOR,
}
ALLOWED_ROLES = "student, resident (bewoner), coach, coordinator (coördinator)"


def _plain(value: str) -> str:
    """Lower case, without accents or stray spaces: "Coördinator " -> "coordinator"."""
    decomposed = unicodedata.normalize("NFKD", value.strip().lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def read_csv(uploaded) -> tuple[list[Candidate], list[Skipped]]:
    """The people in an uploaded CSV file, and the rows that cannot be used, and why.

    Reads columns name, email and role (or naam, e-mail, rol) from a header row, with
    `,` or `;` between values, as UTF-8 with or without a byte-order mark. Row numbers
    count the header as row 1, as a spreadsheet does. Raises CsvError for a file that
    cannot be read at all. Does not touch the database: see `invite` for that.
    """
    name = getattr(uploaded, "name", "") or ""
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise CsvError(
            format_lazy(
                _(
                    "“{name}” is {size}; files up to {limit} can be read. Split it into smaller files."
                ),
                name=name,
                size=filesizeformat(uploaded.size),
                limit=filesizeformat(MAX_UPLOAD_BYTES),
            )
        )
    uploaded.seek(0)
    data = uploaded.read()
    if not data.strip():
        raise CsvError(format_lazy(_("“{name}” is empty."), name=name))
    not_csv = format_lazy(
        _(
            "“{name}” is not a CSV file. In your spreadsheet, choose “Save as” and "
            "“CSV UTF-8 (comma delimited) (.csv)”."
        ),
        name=name,
    )
    if not name.lower().endswith((".csv", ".txt")) or b"\0" in data:
        raise CsvError(not_csv)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CsvError(not_csv) from error

    lines = text.splitlines()
    delimiter = None
    # Excel writes (and reads) a first line "sep=;" to name the delimiter.
    if lines and _plain(lines[0]).startswith("sep=") and len(lines[0].strip()) == 5:
        delimiter = lines[0].strip()[4]
        lines = lines[1:]
    header_line = next((line for line in lines if line.strip()), "")
    if delimiter is None:
        delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    records = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)

    columns = None
    candidates, skipped = [], []
    first_row = {}
    for number, record in enumerate(records, start=1):
        if not any(cell.strip() for cell in record):
            continue
        if columns is None:
            columns = _columns(record)
            continue
        cell = _cells(record, columns)
        problem, candidate = _read_row(number, cell, first_row)
        if problem is not None:
            skipped.append(Skipped(problem, number, cell["email"].lower()))
        else:
            first_row[candidate.email] = number
            candidates.append(candidate)
    if columns is None:
        raise CsvError(format_lazy(_("“{name}” is empty."), name=name))
    if not candidates and not skipped:
        raise CsvError(format_lazy(_("“{name}” has a header row but nobody under it."), name=name))
    return candidates, skipped


def _columns(header) -> dict[str, int]:
    """The position of each known column in the header row."""
    found = {}
    for index, cell in enumerate(header):
        for key, names in HEADERS.items():
            if _plain(cell) in names:
                found.setdefault(key, index)
    if "email" not in found and "role" not in found:
        raise CsvError(
            _(
                "The first row must name the columns: name, email and role (in Dutch: "
                "naam, e-mail and rol)."
            )
        )
    if "email" not in found:
        raise CsvError(_("The first row has no “email” (“e-mail”) column."))
    if "role" not in found:
        raise CsvError(_("The first row has no “role” (“rol”) column."))
    return found


def _cells(record, columns) -> dict[str, str]:
    return {
        key: record[columns[key]].strip() if key in columns and columns[key] < len(record) else ""
        for key in HEADERS
    }


def _read_row(number, cell, first_row):
    """(problem, None) for a row that cannot be used, else (None, candidate)."""
    email = cell["email"].lower()
    if not email:
        return _("no email address."), None
    try:
        validate_email(email)
    except ValidationError:
        return format_lazy(_("“{email}” is not a valid email address."), email=cell["email"]), None
    role = ROLES.get(_plain(cell["role"]))
    if role is None:
        if not cell["role"]:
            return format_lazy(_("no role. Use one of: {roles}."), roles=ALLOWED_ROLES), None
        return (
            format_lazy(
                _("unknown role “{role}”. Use one of: {roles}."),
                role=cell["role"],
                roles=ALLOWED_ROLES,
            ),
            None,
        )
    if email in first_row:
        return (
            format_lazy(
                _("{email} is a duplicate of row {number}."), email=email, number=first_row[email]
            ),
            None,
        )
    if len(cell["name"]) > Invitation._meta.get_field("name").max_length:
        return _("the name is longer than 150 characters."), None
    return None, Candidate(email=email, role=role, name=cell["name"], row=number)
