"""Who may see and do what with a team's work: the one place where team access is decided.

A team's current members (students and residents), its coaches and its programme's
coordinators see its workspace; members change the team's work; coaches review it.
Everyone else gets a 404, which views get for free by fetching through
`Team.objects.visible_to(user)` (prototypes.models.teams) or calling these predicates.
"""

import rules
from django.db.models import Q
from django.utils import timezone

from courses import rules as programme_rules
from courses.models import Role


@rules.predicate
def is_team_member(user, team) -> bool:
    """A current student or resident member of the team."""
    if not user.is_authenticated or team is None:
        return False
    return team.members.current().filter(user=user).exists()


@rules.predicate
def is_team_coach(user, team) -> bool:
    if not user.is_authenticated or team is None:
        return False
    return team.coaches.filter(pk=user.pk).exists()


@rules.predicate
def is_team_coordinator(user, team) -> bool:
    """A coordinator of the team's programme."""
    return team is not None and programme_rules.is_programme_coordinator(user, team.programme)


can_view_team = rules.is_superuser | is_team_member | is_team_coach | is_team_coordinator
can_change_team_work = is_team_member
can_review_team_work = is_team_coach
can_manage_team = rules.is_superuser | is_team_coordinator
can_plan_session = is_team_coach


@rules.predicate
def can_keep_availability(user) -> bool:
    """Participants and coaches keep their weekly availability, so sessions can be
    planned around it: a student, resident or coach role in a programme (kept for the
    request), or else a current place in a team or a team to coach (one query)."""
    if not user.is_authenticated:
        return False
    keeping = [*Role.participants(), Role.COACH]
    if any(role in keeping for role in programme_rules.programme_roles(user).values()):
        return True
    from prototypes.models import Team

    return Team.objects.filter(
        Q(members__user=user, members__left_on__isnull=True) | Q(coaches=user)
    ).exists()


# Coaching sessions: whoever sees the team sees its sessions; the team's coaches run
# them; members answer and tick off action items; private notes are the session's
# coach's alone (not other coaches, coordinators or superusers).


@rules.predicate
def is_session_coach(user, session) -> bool:
    return user.is_authenticated and session is not None and session.coach_id == user.pk


@rules.predicate
def is_session_team_member(user, session) -> bool:
    return session is not None and is_team_member(user, session.team)


@rules.predicate
def is_session_team_coach(user, session) -> bool:
    return session is not None and is_team_coach(user, session.team)


can_run_session = is_session_team_coach
can_answer_session = is_session_team_member
can_tick_action_items = is_session_team_member | is_session_team_coach
can_read_private_notes = is_session_coach


def visible_teams_filter(user) -> Q:
    """A filter for team querysets: the teams the person may see. One query at most
    (the person's coordinator roles, kept for the request by courses.rules)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    coordinated = [
        programme_id
        for programme_id, role in programme_rules.programme_roles(user).items()
        if role == Role.COORDINATOR
    ]
    # A member from the day they join to the day they leave, both included, as
    # TeamMember.objects.current() and is_team_member count it (one filter() call keeps
    # the three conditions on the same membership row).
    today = timezone.localdate()
    member = Q(members__user=user, members__joined_on__lte=today) & (
        Q(members__left_on__isnull=True) | Q(members__left_on__gte=today)
    )
    return member | Q(coaches=user) | Q(programme_id__in=coordinated)


def manageable_teams_filter(user) -> Q:
    """A filter for team querysets: the teams the person may form and change (as
    `can_manage_team`). One query at most, as `visible_teams_filter`."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    return Q(programme_id__in=coordinated_programme_ids(user))


def coordinated_programme_ids(user) -> list[int]:
    """The default-locale programmes the person coordinates (kept for the request)."""
    return [
        programme_id
        for programme_id, role in programme_rules.programme_roles(user).items()
        if role == Role.COORDINATOR
    ]


rules.add_perm("prototypes.view_team", can_view_team)
rules.add_perm("prototypes.change_team_work", can_change_team_work)
rules.add_perm("prototypes.review_team_work", can_review_team_work)
rules.add_perm("prototypes.manage_team", can_manage_team)


# Reflections: the author always reads their own; "coach" also the team's coaches;
# "team" also the team's current members. Coordinators never read a reflection's
# content (the dashboards show them figures only). Querysets: Reflection.objects.readable_by.


@rules.predicate
def can_read_reflection(user, reflection) -> bool:
    if not user.is_authenticated or reflection is None:
        return False
    if reflection.author_id == user.pk:
        return True
    Visibility = reflection.Visibility
    if reflection.visibility in (Visibility.COACH, Visibility.TEAM) and is_team_coach(
        user, reflection.team
    ):
        return True
    return reflection.visibility == Visibility.TEAM and is_team_member(user, reflection.team)


can_write_reflection = is_team_member

rules.add_perm("prototypes.read_reflection", can_read_reflection)
rules.add_perm("prototypes.write_reflection", can_write_reflection)


# Impact dashboards (prototypes.dashboard decides what each figure may include): a team's
# for whoever sees the team; a programme run's for its coordinators and for the coaches
# of any of its teams.


@rules.predicate
def coaches_in_programme(user, programme) -> bool:
    """Coaches at least one team of the programme (a page in any locale). One query."""
    if not user.is_authenticated or programme is None:
        return False
    return user.coached_teams.filter(programme=programme.default_locale_page).exists()


can_view_team_dashboard = can_view_team
can_view_programme_dashboard = (
    rules.is_superuser | programme_rules.is_programme_coordinator | coaches_in_programme
)

# The cohort overview of a run, its credit export and moving its teams between phases:
# the run's coordinators (and superusers).
can_view_cohort = rules.is_superuser | programme_rules.is_programme_coordinator

rules.add_perm("prototypes.view_team_dashboard", can_view_team_dashboard)
rules.add_perm("prototypes.view_programme_dashboard", can_view_programme_dashboard)
rules.add_perm("prototypes.view_cohort", can_view_cohort)
