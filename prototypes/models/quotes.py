"""Quotes a participant offers from their own reflections, for publication.

Reflections are private to their author and whoever they share them with; coordinators
never read them. A participant may offer an excerpt of one of their reflections for the
programme's brochures: the excerpt is their own words from that reflection (they may
leave parts out, marked with an ellipsis), and it is published only while they have
consent for the brochures of the team's programme (`learninglab.consent`). So the only
reflection text a coordinator ever sees is a quote that was offered and consented to.
"""

import re

import django.dispatch
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninglab import pagecache
from learninglab.consent import Consent, has_consent

QUOTE_MAX_LENGTH = 500
QUOTE_EMPTY = _("Write the quote: it cannot be empty.")
QUOTE_TOO_LONG = _(
    "A quote can be at most %(limit_value)d characters long; this one has %(show_value)d. "
    "Leave out what matters least."
)
QUOTE_NOT_THEIRS = _(
    "A quote has to be your own words from this reflection. You may leave words out: mark "
    "the place with …"
)
# Where the author left words out; what is on either side must be in their reflection.
ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*")

# Sent on commit with `quote` when its author takes it back, so a brochure's PDF that
# is not yet printed can be made again without it (pages are purged here).
quote_withdrawn = django.dispatch.Signal()


def _normalised(text: str) -> str:
    """Compare words, not layout or capitals: a quote may start a sentence anew."""
    return " ".join(text.split()).casefold()


def is_excerpt(text: str, answers: list[str]) -> bool:
    """Whether `text` is taken from one of `answers`: each part between ellipses occurs
    in that answer, in order."""
    parts = [_normalised(part) for part in ELLIPSIS.split(text)]
    parts = [part.strip(" \"“”'‘’") for part in parts if part.strip(" \"“”'‘’")]
    if not parts:
        return False
    for answer in answers:
        answer, position = _normalised(answer), 0
        for part in parts:
            found = answer.find(part, position)
            if found < 0:
                break
            position = found + len(part)
        else:
            return True
    return False


class QuoteQuerySet(models.QuerySet):
    def offered(self):
        """Quotes that have not been withdrawn by their author."""
        return self.filter(withdrawn_at__isnull=True)

    def publishable(self, programme):
        """The quotes of the programme's teams that may be published: offered and not
        withdrawn, by an author with an active brochure consent for the programme.
        One query when read."""
        return (
            self.offered()
            .filter(team__programme=getattr(programme, "default_locale_page", programme))
            .filter(has_consent(Consent.Purpose.BROCHURE, programme, person="author_id"))
        )

    def for_team(self, team):
        """The team's quotes that may be published (see `publishable`). One query."""
        return self.filter(team=team).publishable(team.programme_id)


class Quote(models.Model):
    """An excerpt of a participant's own reflection that they offer for publication.

    Published only while its author's brochure consent for the team's programme is
    active and the quote itself is not withdrawn. Withdrawn quotes stay for the author's
    history and go when the reflection or the account goes.
    """

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quotes",
        verbose_name=_("author"),
    )
    team = models.ForeignKey(
        "prototypes.Team",
        on_delete=models.CASCADE,
        related_name="quotes",
        verbose_name=_("team"),
    )
    reflection = models.ForeignKey(
        "prototypes.Reflection",
        on_delete=models.CASCADE,
        related_name="quotes",
        verbose_name=_("reflection"),
    )
    text = models.TextField(_("quote"), max_length=QUOTE_MAX_LENGTH)
    created_at = models.DateTimeField(_("offered at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = QuoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(text="") & LessThanOrEqual(Length("text"), QUOTE_MAX_LENGTH),
                name="quote_text_not_empty_nor_too_long",
            ),
        ]

    def __str__(self):
        return self.text[:60]

    def clean(self):
        super().clean()
        self.text = self.text.strip()
        if not self.text:
            raise ValidationError({"text": QUOTE_EMPTY})
        if len(self.text) > QUOTE_MAX_LENGTH:
            raise ValidationError(
                {
                    "text": QUOTE_TOO_LONG
                    % {"limit_value": QUOTE_MAX_LENGTH, "show_value": len(self.text)}
                }
            )
        if self.reflection_id is not None and not is_excerpt(
            self.text, [item.get("answer", "") for item in self.reflection.answers]
        ):
            raise ValidationError({"text": QUOTE_NOT_THEIRS})

    @classmethod
    def offer(cls, reflection, text):
        """Offer an excerpt of `reflection` by its author; validated as `clean` does."""
        quote = cls(author_id=reflection.author_id, team_id=reflection.team_id)
        quote.reflection = reflection
        quote.text = text
        quote.full_clean()
        quote.save()
        return quote

    def withdraw(self, at=None) -> bool:
        """Take the quote back from publication: pages are purged at once and
        `quote_withdrawn` tells the brochures on commit. False if it was withdrawn
        already (nothing changes). One query, plus the cache."""
        at = at or timezone.now()
        changed = (
            type(self).objects.filter(pk=self.pk, withdrawn_at__isnull=True).update(withdrawn_at=at)
        )
        if not changed:
            self.refresh_from_db(fields=["withdrawn_at"])
            return False
        self.withdrawn_at = at
        pagecache.purge_on_commit()
        transaction.on_commit(lambda: quote_withdrawn.send(sender=type(self), quote=self))
        return True
