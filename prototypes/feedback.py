"""Signed feedback links: making and reading their tokens, the checks a stakeholder's
answer goes through, and storing it.

The token is signed over the link's id with a salt of its own, so it cannot be guessed
or changed; everything else about the link (expiry, revocation, how often it was used)
is read from the database, so revoking works at once.

Rate limits use allauth's cache-backed limiter (`allauth.core.ratelimit`) with the
rates in `settings.ACCOUNT_RATE_LIMITS["feedback_answer"]`: per IP address across all
links and per link (key = the link's id). On top of that a link takes at most
`FeedbackLink.max_answers` answers in all, counted in the database.
"""

from allauth.core import ratelimit
from django import forms
from django.core import signing
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from prototypes.models import FeedbackAnswer, FeedbackLink
from prototypes.reminders import notify_feedback_received

SALT = "prototypes.feedback.link"
RATE_LIMIT_ACTION = "feedback_answer"


class LinkProblem(Exception):
    """Why a link cannot take an answer: one of `FeedbackLink.State` or "invalid"."""

    INVALID = "invalid"

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def make_token(link: FeedbackLink) -> str:
    return signing.Signer(salt=SALT).sign(str(link.pk))


def link_for_token(token: str) -> FeedbackLink:
    """The link a token stands for, with its iteration, prototype and team (one query).
    Raises LinkProblem("invalid") for a tampered token or a link that is gone."""
    try:
        link_id = int(signing.Signer(salt=SALT).unsign(token))
    except (signing.BadSignature, ValueError) as error:
        raise LinkProblem(LinkProblem.INVALID) from error
    link = (
        FeedbackLink.objects.with_answer_counts()
        .select_related("iteration__prototype__team")
        .filter(pk=link_id)
        .first()
    )
    if link is None:
        raise LinkProblem(LinkProblem.INVALID)
    return link


def check_open(link: FeedbackLink) -> None:
    """Raise LinkProblem unless the link is open for answers."""
    state = link.state()
    if state != FeedbackLink.State.OPEN:
        raise LinkProblem(state)


def within_rate_limit(request, link: FeedbackLink) -> bool:
    """Count this attempt to answer against the per-IP and per-link rates; False when
    one of them is used up. Costs a few cache round trips."""
    return ratelimit.consume(request, action=RATE_LIMIT_ACTION, key=f"feedback-link-{link.pk}")


def store_answer(link: FeedbackLink, data: dict) -> FeedbackAnswer:
    """Store a stakeholder's answer (the consent is checked by the form) and record the
    team's activity. Locks the link so that its total cannot pass `max_answers`."""
    with transaction.atomic():
        locked = FeedbackLink.objects.select_for_update().get(pk=link.pk)
        if locked.answers.count() >= locked.max_answers:
            raise LinkProblem(FeedbackLink.State.USED_UP)
        now = timezone.now()
        answer = FeedbackAnswer.objects.create(
            link=locked,
            real_need=data["real_need"],
            would_use=data["would_use"],
            would_pay=data["would_pay"],
            would_partner=data["would_partner"],
            better=data.get("better", ""),
            name=data.get("name", ""),
            organisation=data.get("organisation", ""),
            language=translation.get_language() or "",
            consented_at=now,
            created_at=now,
        )
        notify_feedback_received(answer)
    link.iteration.prototype.team.touch(now)
    return answer


class LinkForm(forms.ModelForm):
    """A new feedback link: only an optional label; it expires after LINK_LIFETIME."""

    class Meta:
        model = FeedbackLink
        fields = ["label"]


class AnswerForm(forms.ModelForm):
    """A stakeholder's answer. Nothing is stored unless `consent` is ticked."""

    consent = forms.BooleanField(
        label=_(
            "I agree that the team stores what I write here, with my name and organisation "
            "if I give them, and shows it to its members, coaches and coordinators."
        ),
        error_messages={
            "required": _("Tick this box to send your answer. Without it, nothing is stored.")
        },
    )

    class Meta:
        model = FeedbackAnswer
        fields = [
            "real_need",
            "would_use",
            "would_pay",
            "would_partner",
            "better",
            "name",
            "organisation",
        ]
        widgets = {
            "real_need": forms.RadioSelect,
            "would_use": forms.RadioSelect,
            "would_pay": forms.RadioSelect,
            "would_partner": forms.RadioSelect,
            "better": forms.Textarea(attrs={"rows": 4, "maxlength": 5000}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name in ["real_need", "would_use", "would_pay", "would_partner"]:
            # A radio list without the empty "---------" choice.
            self.fields[name].choices = [
                choice for choice in self.fields[name].choices if choice[0] != ""
            ]
            self.fields[name].error_messages["required"] = _("Choose one of the answers.")
        self.fields["better"].max_length = 5000
        self.fields["better"].validators.append(MaxLengthValidator(5000))

    def question_fields(self):
        return [self[name] for name in ["real_need", "would_use", "would_pay", "would_partner"]]
