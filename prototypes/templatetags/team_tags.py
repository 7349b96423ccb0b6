from typing import NamedTuple

from django import template
from django.db.models import Count, Q
from django.urls import reverse

from prototypes.models import Team
from prototypes.models.reviews import review_queue
from prototypes.rules import can_view_cohort, can_view_programme_dashboard

register = template.Library()


class Coaching(NamedTuple):
    """How many teams a person coaches and how many iterations wait for their review."""

    teams: int
    waiting: int


@register.simple_tag
def teams_in_programme(user, programme):
    """The teams of a programme the person may see (one query).

    A template tag, so that programme pages can link to team work without the
    programme app importing the team-work app.
    """
    return list(Team.objects.visible_to(user).for_programme(programme).only("pk", "name"))


@register.simple_tag
def coaches_any_team(user):
    """A `Coaching` if the person coaches at least one team, else None.

    Every signed-in page asks from the header, so it costs one query per request (kept
    on the user object for the rest of the request) and none for visitors.
    """
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_coaching"):
        counts = Team.objects.filter(coaches=user).aggregate(
            teams=Count("pk", distinct=True),
            waiting=Count(
                "prototype__iterations",
                distinct=True,
                filter=Q(prototype__iterations__in=review_queue(user).values("pk")),
            ),
        )
        user._coaching = Coaching(**counts) if counts["teams"] else None
    return user._coaching


@register.simple_tag
def programme_dashboard_url(user, programme):
    """The programme run's impact dashboard URL if the person may see it (its
    coordinators and its teams' coaches), else "". At most one query (whether they
    coach a team in it). A template tag, so that My programme links to the dashboard
    without the programme app importing the team-work app."""
    if programme is None or not can_view_programme_dashboard(user, programme):
        return ""
    return reverse("prototypes:programme_dashboard", args=[programme.default_locale_page.pk])


@register.simple_tag
def cohort_overview_url(user, programme):
    """The run's cohort overview URL for its coordinators (and superusers), else "".
    No query beyond the person's roles, kept for the request."""
    if programme is None or not can_view_cohort(user, programme):
        return ""
    return reverse("prototypes:cohort_overview", args=[programme.default_locale_page.pk])
