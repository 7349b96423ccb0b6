"""Consent: what a person agreed may be published about them, for which purpose, where.

Nothing about a person is published (their name, quotes from their reflections) unless
they gave consent for that purpose in that programme and have not withdrawn it. A
consent records the exact wording the person agreed to, in the language it was shown
in, and when; withdrawing keeps the record (history of what was agreed and when it
ended) and tells whoever publishes, through `consent_withdrawn`, to take the person out
of every page and every PDF not yet printed. Records go only when the account is erased.

Programmes are pages of the `courses` app, which this package does not import: a
consent points at the programme's page in the default locale, where team work points.
"""

import django.dispatch
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

# Sent on commit with `consent`, so listeners never see a consent that was rolled back.
consent_given = django.dispatch.Signal()
consent_withdrawn = django.dispatch.Signal()


class ConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)

    def for_purpose(self, purpose, programme):
        """Consents (active or not) for `purpose` in `programme`, any of its translations."""
        return self.filter(purpose=purpose, programme_id=programme_page_id(programme))


class Consent(models.Model):
    """A person's consent to publish something about them for one purpose in one
    programme, with the wording they agreed to. Withdrawn consents stay as history."""

    class Purpose(models.TextChoices):
        BROCHURE = (
            "brochure",
            _(
                "My name, and the quotes I offer from my reflections, in the brochures "
                "of this programme"
            ),
        )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("person"),
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    programme = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("programme"),
    )
    wording = models.TextField(_("wording agreed to"))
    language = models.CharField(_("language"), max_length=10)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-pk"]
        constraints = [
            # Also the index behind every "has this person consented" question.
            models.UniqueConstraint(
                fields=["user", "purpose", "programme"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_consent_per_purpose",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True)
                | models.Q(withdrawn_at__gte=models.F("given_at")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.purpose} {self.programme_id}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


def programme_page_id(programme):
    """The id of the programme's page in the default locale (a query only when given a
    translation). Accepts a page, an id, or an expression such as `OuterRef(...)`."""
    if isinstance(programme, int | models.expressions.Combinable):
        return programme
    return getattr(programme, "default_locale_page", programme).pk


def wording(purpose, language: str) -> str:
    """The text of a purpose as shown to a person in `language`."""
    with translation.override(language):
        return str(Consent.Purpose(purpose).label)


def give(user, purpose, programme, *, language, at=None) -> Consent:
    """Record `user`'s consent for `purpose` in `programme`, with the wording shown in
    `language`. Giving it again while it is active returns the active consent unchanged.
    Sends `consent_given` on commit when a consent is recorded. Two queries or three."""
    purpose = Consent.Purpose(purpose)
    consent, created = Consent.objects.get_or_create(
        user=user,
        purpose=purpose,
        programme_id=programme_page_id(programme),
        withdrawn_at=None,
        defaults={
            "wording": wording(purpose, language),
            "language": language,
            "given_at": at or timezone.now(),
        },
    )
    if created:
        transaction.on_commit(lambda: consent_given.send(sender=Consent, consent=consent))
    return consent


def withdraw(consent, *, at=None) -> None:
    """Withdraw `consent` (kept as history), purge the page cache and send
    `consent_withdrawn` on commit. Withdrawing a consent that is already withdrawn
    changes nothing and sends nothing, also when two requests race. One query, plus
    the cache."""
    at = at or timezone.now()
    withdrawn = Consent.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=at
    )
    if not withdrawn:
        if consent.withdrawn_at is None:
            consent.refresh_from_db(fields=["withdrawn_at"])
        return
    consent.withdrawn_at = at
    # Pages drop the person at once whoever listens; brochures listen for the PDFs.
    from learninglab import pagecache  # pagecache reads Wagtail's models

    pagecache.purge_on_commit()
    transaction.on_commit(lambda: consent_withdrawn.send(sender=Consent, consent=consent))


def consenting_user_ids(purpose, programme, user_ids) -> set[int]:
    """Which of `user_ids` have an active consent for `purpose` in `programme`. One query."""
    return set(
        Consent.objects.active()
        .for_purpose(purpose, programme)
        .filter(user_id__in=list(user_ids))
        .values_list("user_id", flat=True)
    )


def has_consent(purpose, programme, *, person="pk") -> models.Exists:
    """An `Exists` for querysets: whether the person that the outer row's field `person`
    points at has an active consent for `purpose` in `programme` (a page, an id or an
    `OuterRef`), e.g. to publish only the quotes of people who consented."""
    return models.Exists(
        Consent.objects.active().filter(
            purpose=purpose,
            programme_id=programme_page_id(programme),
            user_id=models.OuterRef(person),
        )
    )


def export_consents(user) -> list[dict]:
    """The person's consents, withdrawn ones too, for their data export. One query."""
    return [
        {
            "programme": consent.programme.title,
            "purpose": consent.purpose,
            "wording": consent.wording,
            "language": consent.language,
            "given_at": consent.given_at.isoformat(),
            "withdrawn_at": consent.withdrawn_at.isoformat() if consent.withdrawn_at else None,
        }
        for consent in Consent.objects.filter(user=user).select_related("programme")
    ]


def erase_consents(user) -> None:
    """Erasing an account is the one time consents, history included, are deleted:
    nothing about the person is published any more, so listeners are told for each
    consent still active."""
    for consent in Consent.objects.active().filter(user=user):
        withdraw(consent)
    Consent.objects.filter(user=user).delete()
