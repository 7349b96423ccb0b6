"""Teams of students and residents, their coaches, and how active they are."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel

from courses.models import Role
from prototypes.models.coaching import invite_current_members


class TeamQuerySet(models.QuerySet):
    def for_programme(self, programme):
        return self.filter(programme=programme.default_locale_page)

    def visible_to(self, user):
        """The teams the person may see (see prototypes.rules); anything else is a 404."""
        from prototypes.rules import visible_teams_filter

        return self.filter(visible_teams_filter(user)).distinct()

    def manageable_by(self, user):
        """The teams the person may form and change in the admin: all for superusers,
        their programmes' teams for coordinators, none for anyone else."""
        from prototypes.rules import manageable_teams_filter

        return self.filter(manageable_teams_filter(user))


class Team(ClusterableModel):
    """A team of one programme run: students and residents with one or more coaches,
    working on a question of their neighbourhood."""

    class Phase(models.TextChoices):
        PROGRAMME = "programme", _("Programme")
        CONTINUATION = "continuation", _("Continuation")
        STOPPED = "stopped", _("Stopped")
        LAUNCHED = "launched", _("Launched")

    programme = models.ForeignKey(
        "courses.ProgrammePage",
        on_delete=models.PROTECT,
        related_name="teams",
        verbose_name=_("programme"),
    )
    name = models.CharField(_("name"), max_length=150)
    neighbourhood_question = models.TextField(
        _("neighbourhood question"),
        blank=True,
        help_text=_("The question of the neighbourhood this team works on."),
    )
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.PROGRAMME
    )
    coaches = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="coached_teams",
        blank=True,
        verbose_name=_("coaches"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Updated by the model methods that change the team's work; reminders and the
    # cohort overview read it.
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now, db_index=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"], name="team_name_unique_in_programme"
            ),
        ]

    def __str__(self):
        return self.name

    def history_snapshot(self) -> dict:
        """The team as its history compares it: fields, coaches and every membership,
        as plain values that fit in a log entry. Two queries (members, coaches)."""
        return {
            "programme": str(self.programme) if self.programme_id else "",
            "name": self.name,
            "neighbourhood_question": self.neighbourhood_question,
            "phase": self.phase,
            "coaches": {
                str(user.pk): str(user) for user in self.coaches.all() if user.pk is not None
            },
            "members": {
                str(member.pk): {
                    "person": str(member.user),
                    "role": member.role,
                    "joined_on": member.joined_on.isoformat() if member.joined_on else None,
                    "left_on": member.left_on.isoformat() if member.left_on else None,
                }
                for member in TeamMember.objects.filter(team=self).select_related("user")
            }
            if self.pk
            else {},
        }

    @staticmethod
    def history_changes(before: dict, after: dict) -> list[dict]:
        """What changed between two `history_snapshot()`s, as JSON-ready entries that
        `describe_change` turns into a sentence when the history is shown."""
        changes = []
        for field in ["programme", "name", "neighbourhood_question", "phase"]:
            if before.get(field) != after.get(field):
                changes.append(
                    {"field": field, "before": before.get(field), "after": after.get(field)}
                )
        old_coaches, new_coaches = before.get("coaches", {}), after.get("coaches", {})
        for pk in new_coaches.keys() - old_coaches.keys():
            changes.append({"field": "coaches", "change": "added", "person": new_coaches[pk]})
        for pk in old_coaches.keys() - new_coaches.keys():
            changes.append({"field": "coaches", "change": "removed", "person": old_coaches[pk]})
        old_members, new_members = before.get("members", {}), after.get("members", {})
        for pk, member in new_members.items():
            old = old_members.get(pk)
            if old is None:
                changes.append({"field": "members", "change": "added", **member})
                continue
            for key in ["role", "joined_on", "left_on"]:
                if old[key] != member[key]:
                    changes.append(
                        {
                            "field": "members",
                            "change": key,
                            "person": member["person"],
                            "before": old[key],
                            "after": member[key],
                        }
                    )
        for pk in old_members.keys() - new_members.keys():
            changes.append({"field": "members", "change": "removed", **old_members[pk]})
        return changes

    def next_steps(self, prototype, latest_iteration) -> list[str]:
        """What the team does next, derived from its work: the prototype and its latest
        iteration (or None), passed in so that showing the steps costs no query."""
        from prototypes.models.iterations import Iteration

        Status = Iteration.Status
        steps = []
        if prototype is None or not prototype.is_filled:
            steps.append(_("Fill in every block of the canvas."))
        if latest_iteration is None:
            steps.append(_("Start your first iteration with a test card."))
        elif latest_iteration.status == Status.DRAFT:
            steps.append(
                _("Finish iteration %(number)s and submit it for review.")
                % {"number": latest_iteration.number}
            )
        elif latest_iteration.status == Status.SUBMITTED:
            steps.append(
                _("Wait for your coach’s review of iteration %(number)s.")
                % {"number": latest_iteration.number}
            )
        elif latest_iteration.status == Status.REVISE:
            steps.append(
                _("Start a new iteration that answers your coach’s review of iteration %(number)s.")
                % {"number": latest_iteration.number}
            )
        else:
            steps.append(_("Start the next iteration to test what you learned."))
        return steps

    def touch(self, when=None):
        """Record activity now, without saving (or racing) the team's other fields."""
        self.last_activity_at = when or timezone.now()
        Team.objects.filter(pk=self.pk).update(last_activity_at=self.last_activity_at)


class TeamMemberQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(joined_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gte=on))


class TeamMember(models.Model):
    """A student or resident in a team, from the day they joined until they left."""

    team = ParentalKey(
        Team, on_delete=models.CASCADE, related_name="members", verbose_name=_("team")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="team_memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=[
            (Role.STUDENT.value, Role.STUDENT.label),
            (Role.RESIDENT.value, Role.RESIDENT.label),
        ],
    )
    joined_on = models.DateField(_("joined on"), default=datetime.date.today)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["joined_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user"],
                condition=Q(left_on__isnull=True),
                name="one_current_membership_per_team",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="team_member_leaves_after_joining",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Joining or leaving changes who the team's coming sessions wait for.
        invite_current_members(self.team)

    def delete(self, *args, **kwargs):
        team = self.team
        result = super().delete(*args, **kwargs)
        invite_current_members(team)
        return result
