"""A team's prototype: its social business model canvas and impact statement."""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DraftExistsError(Exception):
    """Raised when a new iteration is asked for while the team still has a draft."""


class PrototypeQuerySet(models.QuerySet):
    def for_team(self, team):
        """The team's prototype, made empty on first use (one or two queries)."""
        prototype, _created = self.get_or_create(team=team)
        prototype.team = team
        return prototype


class Prototype(models.Model):
    """The social enterprise in the making, as a social business model canvas plus an
    impact statement on five dimensions. One per team; its iterations test it."""

    team = models.OneToOneField(
        "prototypes.Team",
        on_delete=models.CASCADE,
        related_name="prototype",
        verbose_name=_("team"),
    )
    # The social business model canvas.
    beneficiaries = models.TextField(_("beneficiaries"), blank=True)
    customers = models.TextField(_("customers"), blank=True)
    social_value_proposition = models.TextField(_("social value proposition"), blank=True)
    customer_value_proposition = models.TextField(_("customer value proposition"), blank=True)
    channels = models.TextField(_("channels"), blank=True)
    key_activities = models.TextField(_("key activities"), blank=True)
    key_resources = models.TextField(_("key resources"), blank=True)
    partners = models.TextField(_("partners"), blank=True)
    costs = models.TextField(_("costs"), blank=True)
    revenue = models.TextField(_("revenue"), blank=True)
    surplus_use = models.TextField(_("use of surplus"), blank=True)
    impact_measures = models.TextField(_("impact measures"), blank=True)
    # The impact statement.
    impact_what = models.TextField(_("what"), blank=True, help_text=_("What changes?"))
    impact_who = models.TextField(_("who"), blank=True, help_text=_("For whom?"))
    impact_how_much = models.TextField(
        _("how much"), blank=True, help_text=_("How much, and how long?")
    )
    impact_contribution = models.TextField(
        _("contribution"), blank=True, help_text=_("What would have happened without you?")
    )
    impact_risk = models.TextField(
        _("risk"), blank=True, help_text=_("What could make the impact smaller?")
    )

    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    CANVAS_FIELDS = [
        "beneficiaries",
        "customers",
        "social_value_proposition",
        "customer_value_proposition",
        "channels",
        "key_activities",
        "key_resources",
        "partners",
        "costs",
        "revenue",
        "surplus_use",
        "impact_measures",
    ]
    IMPACT_FIELDS = [
        "impact_what",
        "impact_who",
        "impact_how_much",
        "impact_contribution",
        "impact_risk",
    ]

    objects = PrototypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("prototype")
        verbose_name_plural = _("prototypes")

    def __str__(self):
        return str(self.team)

    @property
    def is_filled(self):
        """The canvas counts as filled when every canvas block has something in it."""
        return all(getattr(self, name).strip() for name in self.CANVAS_FIELDS)

    @property
    def filled_block_count(self):
        return sum(1 for name in self.CANVAS_FIELDS if getattr(self, name).strip())

    def canvas_blocks(self):
        """The canvas's blocks in order, each with its name, label and text, to show."""
        return self._blocks(self.CANVAS_FIELDS)

    def impact_blocks(self):
        return self._blocks(self.IMPACT_FIELDS)

    def _blocks(self, names):
        return [
            {
                "name": name,
                "label": self._meta.get_field(name).verbose_name,
                "help": self._meta.get_field(name).help_text,
                "value": getattr(self, name),
            }
            for name in names
        ]

    def save_canvas(self, data, by):
        """Change the canvas and impact statement (a dict of their fields), recording who
        and when, and the team's activity."""
        for name in [*self.CANVAS_FIELDS, *self.IMPACT_FIELDS]:
            if name in data:
                setattr(self, name, data[name])
        self.updated_at = timezone.now()
        self.updated_by = by
        self.save()
        self.team.touch(self.updated_at)

    def latest_iteration(self):
        return self.iterations.order_by("-number").first()

    def start_iteration(self, by):
        """Start the next iteration as a draft copy of the latest one's content (the first
        starts empty). Evidence is not copied: it belongs to the test that produced it.
        Refused while a draft exists, so a team has at most one draft at a time."""
        from prototypes.models.iterations import Iteration

        with transaction.atomic():
            # Lock the prototype so two members starting at once cannot both get N+1.
            Prototype.objects.select_for_update().filter(pk=self.pk).first()
            latest = self.iterations.order_by("-number").first()
            if latest is not None and not latest.is_frozen:
                raise DraftExistsError(f"Iteration {latest.number} is still a draft.")
            iteration = Iteration(
                prototype=self,
                number=latest.number + 1 if latest else 1,
                created_by=by,
            )
            if latest is not None:
                for name in Iteration.CONTENT_FIELDS:
                    setattr(iteration, name, getattr(latest, name))
            iteration.save()
        self.team.touch(iteration.created_at)
        return iteration
