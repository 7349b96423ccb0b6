"""Coaching sessions of a team: the list, one session's page, members' answers, moving
and cancelling, the record afterwards, action items and the session's .ics file.

Sessions are fetched through `CoachingSession.objects.visible_to(user)`, so anyone who
may not see the team gets a 404; what each person may do is asked of prototypes.rules.
The work itself is done by the model's methods (prototypes.models.coaching).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prototypes import calendar
from prototypes import rules as access
from prototypes.forms_sessions import ActionItemForm, AnswerForm, MoveForm, RecordForm
from prototypes.models import (
    ActionItem,
    CoachingSession,
    SessionParticipant,
    Team,
)
from prototypes.models.coaching import SessionChangeError


def _get_session(user, team_id, session_id) -> CoachingSession:
    """The session, if the person may see its team; a 404 for anyone else."""
    return get_object_or_404(
        CoachingSession.objects.visible_to(user).select_related("team__programme", "coach"),
        team_id=team_id,
        pk=session_id,
    )


def session_url(session) -> str:
    return reverse("prototypes:session_detail", args=[session.team_id, session.pk])


def _detail(session):
    return redirect("prototypes:session_detail", team_id=session.team_id, session_id=session.pk)


@login_required
def session_list(request, team_id):
    """The team's sessions: upcoming (soonest first) and past (latest first). Four
    queries however many sessions."""
    team = get_object_or_404(
        Team.objects.visible_to(request.user).select_related("programme"), pk=team_id
    )
    now = timezone.now()
    sessions = team.coaching_sessions.select_related("coach")
    return render(
        request,
        "prototypes/session_list.html",
        {
            "team": team,
            "zone": team.programme.zone,
            "upcoming": list(sessions.upcoming(now)),
            "past": list(sessions.past(now)),
        },
    )


def _render_detail(request, session, *, action_form=None, status=200):
    user = request.user
    team = session.team
    participants = list(session.participants.select_related("user").order_by("user__display_name"))
    members = list(team.members.current().select_related("user"))
    can_run = access.can_run_session(user, session)
    mine = next((p for p in participants if p.user_id == user.pk), None)
    by_answer = {answer: [] for answer in SessionParticipant.Answer.values}
    for participant in participants:
        by_answer[participant.answer].append(participant)
    can_answer = (
        mine is not None
        and access.can_answer_session(user, session)
        and session.is_open
        and not session.has_started()
    )
    if can_run and action_form is None:
        action_form = ActionItemForm(members=members)
    return render(
        request,
        "prototypes/session_detail.html",
        {
            "team": team,
            "session": session,
            "zone": team.programme.zone,
            "participants": participants,
            "coming": by_answer[SessionParticipant.Answer.CONFIRMED],
            "not_coming": by_answer[SessionParticipant.Answer.DECLINED],
            "not_answered": by_answer[SessionParticipant.Answer.PENDING],
            "mine": mine,
            "answer_form": AnswerForm() if can_answer else None,
            "can_run": can_run,
            "can_move": can_run and session.is_open,
            "can_record": can_run
            and session.status != session.Status.CANCELLED
            and session.has_started(),
            "show_private": access.can_read_private_notes(user, session),
            "action_items": list(session.action_items.select_related("owner", "done_by")),
            "can_tick": access.can_tick_action_items(user, session),
            "action_form": action_form,
        },
        status=status,
    )


@login_required
def session_detail(request, team_id, session_id):
    """When and where, the agenda, the status and who comes; the member's answer; after
    the session its notes and action items. Private notes only to the session's coach."""
    session = _get_session(request.user, team_id, session_id)
    return _render_detail(request, session)


@require_POST
@login_required
def session_respond(request, team_id, session_id):
    """A member confirms or declines."""
    session = _get_session(request.user, team_id, session_id)
    if not access.can_answer_session(request.user, session):
        raise Http404
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say whether you are coming."))
        return _detail(session)
    try:
        session.respond(request.user, form.cleaned_data["answer"])
    except SessionParticipant.DoesNotExist:
        raise Http404 from None
    except SessionChangeError as error:
        messages.error(request, str(error))
        return _detail(session)
    if form.cleaned_data["answer"] == SessionParticipant.Answer.CONFIRMED:
        messages.success(request, _("Thank you: your coach knows you are coming."))
    else:
        messages.success(request, _("Thank you: your coach knows you cannot come."))
    return _detail(session)


def _get_session_to_run(user, team_id, session_id) -> CoachingSession:
    session = _get_session(user, team_id, session_id)
    if not access.can_run_session(user, session):
        raise Http404
    return session


@login_required
def session_move(request, team_id, session_id):
    """The coach gives the session a new time; everyone is asked again and told."""
    session = _get_session_to_run(request.user, team_id, session_id)
    zone = session.team.programme.zone
    if not session.is_open:
        messages.error(request, _("A cancelled or held session cannot be moved."))
        return _detail(session)
    form = MoveForm(request.POST or None, session=session, zone=zone)
    if request.method == "POST" and form.is_valid():
        try:
            session.move(
                form.cleaned_data["starts_at"],
                by=request.user,
                duration_minutes=form.cleaned_data["duration_minutes"],
            )
        except SessionChangeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The session has moved. Everyone gets an email and is asked to answer again."),
            )
            return _detail(session)
    return render(
        request,
        "prototypes/session_move.html",
        {"team": session.team, "session": session, "zone": zone, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def session_cancel(request, team_id, session_id):
    """The coach calls the session off, after a page that asks to be sure; everyone is
    told."""
    session = _get_session_to_run(request.user, team_id, session_id)
    if request.method != "POST":
        if not session.is_open:
            messages.error(request, _("This session was already cancelled or held."))
            return _detail(session)
        return render(
            request,
            "prototypes/session_cancel.html",
            {"team": session.team, "session": session, "zone": session.team.programme.zone},
        )
    try:
        session.cancel(by=request.user)
    except SessionChangeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The session is cancelled. Everyone gets an email."))
    return _detail(session)


@login_required
def session_record(request, team_id, session_id):
    """After the session, the coach records who came and the notes; it becomes "held"."""
    session = _get_session_to_run(request.user, team_id, session_id)
    participants = list(session.participants.select_related("user").order_by("user__display_name"))
    show_private = access.can_read_private_notes(request.user, session)
    form = RecordForm(
        request.POST or None,
        session=session,
        participants=participants,
        show_private=show_private,
    )
    if request.method == "POST" and form.is_valid():
        try:
            session.record(
                request.user,
                attended_user_ids=form.cleaned_data["attended"],
                shared_notes=form.cleaned_data["shared_notes"],
                private_notes=form.cleaned_data.get("private_notes", session.private_notes),
            )
        except SessionChangeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The session is recorded as held."))
            return _detail(session)
    return render(
        request,
        "prototypes/session_record.html",
        {
            "team": session.team,
            "session": session,
            "zone": session.team.programme.zone,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def action_item_add(request, team_id, session_id):
    """The coach adds what was agreed; on bad input the session page comes back with the
    form, what was typed and the reason."""
    session = _get_session_to_run(request.user, team_id, session_id)
    members = list(session.team.members.current())
    form = ActionItemForm(request.POST, members=members)
    if not form.is_valid():
        return _render_detail(request, session, action_form=form, status=400)
    item = form.save(commit=False)
    item.session = session
    item.save()
    messages.success(request, _("The action item is added."))
    return redirect(f"{session_url(session)}#action-items")


@require_POST
@login_required
def action_item_tick(request, team_id, session_id, item_id):
    """A member or coach marks an action item done (or not done again)."""
    session = _get_session(request.user, team_id, session_id)
    if not access.can_tick_action_items(request.user, session):
        raise Http404
    item = get_object_or_404(ActionItem, session=session, pk=item_id)
    done = request.POST.get("done") == "1"
    item.tick(request.user, done=done)
    if done:
        messages.success(request, _("Marked as done: “%(item)s”.") % {"item": item.description})
    else:
        messages.success(request, _("Marked as not done: “%(item)s”.") % {"item": item.description})
    return redirect(f"{session_url(session)}#action-items")


@login_required
def session_ics(request, team_id, session_id):
    """The session as an .ics file to open in a calendar app."""
    session = _get_session(request.user, team_id, session_id)
    response = HttpResponse(
        calendar.session_calendar(session), content_type="text/calendar; charset=utf-8"
    )
    day = timezone.localtime(session.starts_at, session.team.programme.zone).date()
    response["Content-Disposition"] = f'attachment; filename="coaching-session-{day}.ics"'
    return response
