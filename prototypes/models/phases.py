"""A team's phase after the programme's twelve weeks, who changed it and when, and the
invitations that bring someone into a continuing team."""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninglab import pagecache


class TeamPhaseChange(models.Model):
    """One change of a team's phase (into continuation, stopped or launched, or back),
    kept as the team's history: who made it, when, and why."""

    team = models.ForeignKey(
        "prototypes.Team",
        on_delete=models.CASCADE,
        related_name="phase_changes",
        verbose_name=_("team"),
    )
    from_phase = models.CharField(_("from phase"), max_length=20)
    to_phase = models.CharField(_("to phase"), max_length=20)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.team_id}: {self.from_phase} → {self.to_phase}"

    @property
    def from_label(self):
        return _phase_label(self.from_phase)

    @property
    def to_label(self):
        return _phase_label(self.to_phase)

    @classmethod
    def record(cls, team, phase, *, by, note=""):
        """Move `team` into `phase` and keep who did it. The public programme pages list
        continuing and launched teams, so every cached page is purged on commit."""
        with transaction.atomic():
            change = cls.objects.create(
                team=team, from_phase=team.phase, to_phase=phase, changed_by=by, note=note
            )
            team.phase = phase
            team.save(update_fields=["phase"])
            pagecache.purge_on_commit()
        return change


def _phase_label(value):
    from prototypes.models.teams import Team

    try:
        return Team.Phase(value).label
    except ValueError:
        return value


class TeamInvitation(models.Model):
    """An invitation to the programme (courses.Invitation) that also names a team:
    accepting it makes the person a current member of that team. Kept here because the
    programme app knows nothing of teams."""

    invitation = models.OneToOneField(
        "courses.Invitation",
        on_delete=models.CASCADE,
        related_name="team_invitation",
        verbose_name=_("invitation"),
    )
    team = models.ForeignKey(
        "prototypes.Team",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("team"),
    )

    class Meta:
        verbose_name = _("team invitation")
        verbose_name_plural = _("team invitations")

    def __str__(self):
        return f"{self.invitation} → {self.team_id}"
