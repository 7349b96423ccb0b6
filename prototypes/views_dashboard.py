"""The impact dashboards: one per team, one per programme run.

Access is decided in prototypes.rules (a team's dashboard for whoever sees the team, a
run's for its coordinators and its teams' coaches); everyone else gets a 404. What each
figure may include, private reflections above all, is decided in prototypes.dashboard.
The programme's view lives here because the programme app never imports team work.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses.models import ProgrammePage
from prototypes import dashboard
from prototypes import rules as access
from prototypes.models import Team


@login_required
def team_dashboard(request, team_id):
    """A team's reflections, scale changes, iterations, feedback and sessions, at a fixed
    number of queries however many weeks, people, iterations and sessions."""
    team = get_object_or_404(
        Team.objects.visible_to(request.user).select_related("programme"), pk=team_id
    )
    figures = dashboard.for_team(team, request.user)
    return render(
        request,
        "prototypes/dashboard_team.html",
        {
            "team": team,
            "programme": team.programme.localized,
            "figures": figures,
            "charts": _chart_rows(figures, team.programme.zone),
        },
    )


@login_required
def programme_dashboard(request, programme_id):
    """A programme run's figures over all its teams, and a row per team the person may
    see. `programme_id` is the programme page's id in any language; any other page, and
    anyone but the run's coordinators and coaches, is a 404."""
    page = get_object_or_404(ProgrammePage, pk=programme_id)
    programme = page.default_locale_page
    if not access.can_view_programme_dashboard(request.user, programme):
        raise Http404
    result = dashboard.for_programme(programme, request.user)
    return render(
        request,
        "prototypes/dashboard_programme.html",
        {
            "programme": programme,
            "programme_page": page.localized,
            "figures": result.figures,
            "charts": _chart_rows(result.figures, programme.zone),
            "team_count": result.teams,
            "rows": result.rows,
        },
    )


def _chart_rows(figures, zone) -> dict:
    """The bar charts' rows, (label, value, number as shown), for the bar_chart tag;
    session dates as the programme's clock reads them."""
    return {
        "periods": [(period.label, period.total, period.total) for period in figures.periods],
        "statuses": [(status.label, status.count, status.count) for status in figures.statuses],
        "feedback": [
            (
                _("Iteration %(number)s") % {"number": iteration.number},
                iteration.answers,
                iteration.answers,
            )
            for iteration in figures.iterations
        ],
        "sessions": [
            (
                date_format(timezone.localtime(session.starts_at, zone), "j M Y"),
                session.attended,
                _("%(attended)s of %(invited)s")
                % {"attended": session.attended, "invited": session.invited},
            )
            for session in figures.sessions
        ],
        "most_invited": max((session.invited for session in figures.sessions), default=0),
    }
