import datetime

from django.db.models import Q
from django.utils import timezone

from learninglab import privacy

from .models import (
    ActionItem,
    AvailabilityException,
    AvailabilityWindow,
    CalendarFeed,
    CoachingSession,
    Evidence,
    FeedbackAnswer,
    FeedbackLink,
    Iteration,
    Notification,
    NotificationPreference,
    Prototype,
    QuietHours,
    Quote,
    Reflection,
    ReflectionScale,
    ReflectionScore,
    Reminder,
    Review,
    Rubric,
    RubricCriterion,
    SessionParticipant,
    Team,
    TeamMember,
    TeamPhaseChange,
)
from .models.coaching import invite_current_members
from .models.iterations import deleting_team_work


def export_team_work(user):
    return {
        "teams": [
            {
                "team": member.team.name,
                "role": member.role,
                "joined_on": member.joined_on.isoformat(),
                "left_on": member.left_on.isoformat() if member.left_on else None,
            }
            for member in TeamMember.objects.filter(user=user).select_related("team")
        ],
        "coached_teams": list(user.coached_teams.values_list("name", flat=True)),
        "iterations_started": [
            {
                "team": iteration.prototype.team.name,
                "iteration": iteration.number,
                "status": iteration.status,
                "submitted_by_you": iteration.submitted_by_id == user.pk,
                "created_at": iteration.created_at.isoformat(),
            }
            for iteration in Iteration.objects.filter(
                Q(created_by=user) | Q(submitted_by=user)
            ).select_related("prototype__team")
        ],
        "canvas_last_changed": list(
            Prototype.objects.filter(updated_by=user).values_list("team__name", flat=True)
        ),
        "evidence_uploaded": [
            {
                "team": evidence.iteration.prototype.team.name,
                "iteration": evidence.iteration.number,
                "file": evidence_file_name(evidence),
                "original_name": evidence.original_name,
                "caption": evidence.caption,
                "uploaded_at": evidence.uploaded_at.isoformat(),
            }
            for evidence in uploaded_evidence(user)
        ],
    }


def uploaded_evidence(user):
    return Evidence.objects.filter(uploaded_by=user).select_related("iteration__prototype__team")


def evidence_file_name(evidence):
    """Where a piece of evidence is in the person's download: unique, and recognisable."""
    return f"evidence/{evidence.pk}-{evidence.original_name}"


def evidence_files(user):
    return [
        (evidence_file_name(evidence), evidence.file.storage, evidence.file.name)
        for evidence in uploaded_evidence(user)
    ]


def erase_team_work(user):
    """Team history stays with the team: iterations, the canvas and past memberships now
    point at the anonymised account ("former member"); current memberships end today and
    coaching ends. The photos and documents the person uploaded are theirs (they may
    show them) and go, from submitted iterations too; their files leave the private
    storage once the erasure commits (prototypes.models.iterations)."""
    user.coached_teams.clear()
    # A member is in the team on the day they leave: they left yesterday, so that
    # today's sessions no longer wait for them.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for member in TeamMember.objects.filter(user=user).current().select_related("team"):
        if member.joined_on > yesterday:
            member.delete()
        else:
            member.left_on = yesterday
            member.save()
    # A submitted iteration's evidence is frozen for the team, but not against its
    # uploader's erasure: the second case, beside deleting a whole team, where it goes.
    with deleting_team_work():
        Evidence.objects.filter(uploaded_by=user).delete()


privacy.register(
    "prototypes.team_work",
    models=[Team, TeamMember, Prototype, Iteration, Evidence],
    export=export_team_work,
    erase=erase_team_work,
    files=evidence_files,
)


def export_reviews(user):
    return {
        "reviews_written": [
            {
                "team": review.iteration.prototype.team.name,
                "iteration": review.iteration.number,
                "decision": review.decision,
                "scores": review.scores,
                "test_card_comment": review.test_card_comment,
                "learning_card_comment": review.learning_card_comment,
                "comment": review.comment,
                "created_at": review.created_at.isoformat(),
            }
            for review in Review.objects.filter(coach=user).select_related(
                "iteration__prototype__team"
            )
        ],
    }


def erase_reviews(user):
    """A coach's reviews are part of the team's record of its iterations: they stay,
    pointing at the anonymised account."""


privacy.register(
    "prototypes.reviews",
    models=[Review, Rubric, RubricCriterion],
    export=export_reviews,
    erase=erase_reviews,
)


def export_feedback_links(user):
    return {
        "feedback_links_made": [
            {
                "team": link.iteration.prototype.team.name,
                "iteration": link.iteration.number,
                "label": link.label,
                "created_at": link.created_at.isoformat(),
                "expires_at": link.expires_at.isoformat(),
                "revoked_at": link.revoked_at.isoformat() if link.revoked_at else None,
            }
            for link in FeedbackLink.objects.filter(created_by=user).select_related(
                "iteration__prototype__team"
            )
        ],
    }


def erase_feedback_links(user):
    """The links a member made stay with the team's iteration, no longer saying who made
    them. Stakeholders have no account: the name and organisation they chose to leave
    are erased on their request by a team member (`FeedbackAnswer.forget_stakeholder`,
    a button on the iteration), and go with the team's work when the team is deleted."""
    FeedbackLink.objects.filter(created_by=user).update(created_by=None)


privacy.register(
    "prototypes.feedback",
    models=[FeedbackLink, FeedbackAnswer],
    export=export_feedback_links,
    erase=erase_feedback_links,
)


def export_availability(user):
    return {
        "weekly_availability": [
            {
                "weekday": window.weekday,
                "from": window.starts_at.isoformat(),
                "until": window.ends_at.isoformat(),
                "note": window.note,
            }
            for window in AvailabilityWindow.objects.filter(user=user)
        ],
        "availability_exceptions": [
            {
                "date": exception.date.isoformat(),
                "kind": exception.kind,
                "from": exception.starts_at.isoformat() if exception.starts_at else None,
                "until": exception.ends_at.isoformat() if exception.ends_at else None,
                "note": exception.note,
            }
            for exception in AvailabilityException.objects.filter(user=user)
        ],
    }


def erase_availability(user):
    AvailabilityWindow.objects.filter(user=user).delete()
    AvailabilityException.objects.filter(user=user).delete()


privacy.register(
    "prototypes.availability",
    models=[AvailabilityWindow, AvailabilityException],
    export=export_availability,
    erase=erase_availability,
)


def export_coaching(user):
    return {
        "coaching_sessions": [
            {
                "team": participant.session.team.name,
                "starts_at": participant.session.starts_at.isoformat(),
                "status": participant.session.status,
                "answer": participant.answer,
                "attended": participant.attended,
            }
            for participant in SessionParticipant.objects.filter(user=user).select_related(
                "session__team"
            )
        ],
        "coaching_sessions_given": [
            {
                "team": session.team.name,
                "starts_at": session.starts_at.isoformat(),
                "status": session.status,
                "agenda": session.agenda,
                "shared_notes": session.shared_notes,
                "private_notes": session.private_notes,
            }
            for session in CoachingSession.objects.filter(coach=user).select_related("team")
        ],
        "action_items": [
            {
                "description": item.description,
                "due_on": item.due_on.isoformat() if item.due_on else None,
                "done": item.is_done,
            }
            for item in ActionItem.objects.filter(owner=user)
        ],
    }


def erase_coaching(user):
    """Sessions are the team's record: held ones keep who came, as "former member";
    the person's answers to sessions still to come go. Action items keep their owner
    (the anonymised account). A coach's private notes are theirs alone, so they go, and
    the sessions they were to run are called off, the team told as at any cancelling;
    the calendar feed goes."""
    now = timezone.now()
    CoachingSession.objects.filter(coach=user).update(private_notes="")
    for session in CoachingSession.objects.filter(
        coach=user,
        starts_at__gt=now,
        status__in=[CoachingSession.Status.PROPOSED, CoachingSession.Status.CONFIRMED],
    ).select_related("team"):
        session.cancel(by=user)
    upcoming = SessionParticipant.objects.filter(user=user, session__starts_at__gt=now)
    teams = Team.objects.filter(coaching_sessions__participants__in=upcoming).distinct()
    for team in list(teams):
        upcoming.filter(session__team=team).delete()
        # The sessions' states follow the answers that remain.
        invite_current_members(team)
    ActionItem.objects.filter(done_by=user).update(done_by=None)
    CalendarFeed.objects.filter(user=user).delete()


privacy.register(
    "prototypes.coaching",
    models=[CoachingSession, SessionParticipant, ActionItem, CalendarFeed],
    export=export_coaching,
    erase=erase_coaching,
)


def export_reflections(user):
    return {
        "reflections": [
            {
                "team": reflection.team.name,
                "kind": reflection.kind,
                "period": reflection.period,
                "answers": reflection.answers,
                "visibility": reflection.visibility,
                "scores": {score.scale.name: score.value for score in reflection.scores.all()},
                "written_at": reflection.created_at.isoformat(),
            }
            for reflection in Reflection.objects.filter(author=user)
            .select_related("team")
            .prefetch_related("scores__scale")
        ],
    }


def erase_reflections(user):
    """A reflection is its author's own writing: it goes with them."""
    Reflection.objects.filter(author=user).delete()


privacy.register(
    "prototypes.reflections",
    models=[Reflection, ReflectionScore, ReflectionScale],
    export=export_reflections,
    erase=erase_reflections,
)


def export_quotes(user):
    return {
        "quotes_offered": [
            {
                "team": quote.team.name,
                "reflection": quote.reflection.title,
                "text": quote.text,
                "offered_at": quote.created_at.isoformat(),
                "withdrawn_at": quote.withdrawn_at.isoformat() if quote.withdrawn_at else None,
            }
            for quote in Quote.objects.filter(author=user).select_related("team", "reflection")
        ],
    }


def erase_quotes(user):
    """A quote is its author's own words: it goes with them (and with their consent)."""
    Quote.objects.filter(author=user).delete()


privacy.register("prototypes.quotes", models=[Quote], export=export_quotes, erase=erase_quotes)


def export_reminders(user):
    return {
        "reminders": [
            {
                "kind": reminder.kind,
                "due_at": reminder.due_at.isoformat(),
                "state": reminder.state,
                "sent_at": reminder.sent_at.isoformat() if reminder.sent_at else None,
            }
            for reminder in Reminder.objects.filter(recipient=user)
        ],
        "notifications": [
            {
                "title": notification.title,
                "text": notification.body,
                "created_at": notification.created_at.isoformat(),
                "read_at": notification.read_at.isoformat() if notification.read_at else None,
            }
            for notification in Notification.objects.filter(recipient=user)
        ],
    }


def erase_reminders(user):
    """What was sent to a person, and their notifications, are theirs alone. Others'
    notifications that named them keep their meaning, with "former member" instead."""
    Notification.objects.filter(recipient=user).delete()
    Reminder.objects.filter(recipient=user).delete()
    privacy.redact_rows(Notification.objects.all(), ["title", "body"], privacy.identifiers(user))


privacy.register(
    "prototypes.reminders",
    models=[Reminder, Notification],
    export=export_reminders,
    erase=erase_reminders,
)


def export_preferences(user):
    quiet = QuietHours.objects.filter(user=user).first()
    return {
        "notification_preferences": dict(
            NotificationPreference.objects.filter(user=user).values_list("kind", "mode")
        ),
        "quiet_hours": (
            {"from": f"{quiet.starts_at:%H:%M}", "until": f"{quiet.ends_at:%H:%M}"}
            if quiet
            else None
        ),
    }


def erase_preferences(user):
    NotificationPreference.objects.filter(user=user).delete()
    QuietHours.objects.filter(user=user).delete()


privacy.register(
    "prototypes.preferences",
    models=[NotificationPreference, QuietHours],
    export=export_preferences,
    erase=erase_preferences,
)


def export_phase_changes(user):
    return [
        {
            "team": change.team.name,
            "from": change.from_phase,
            "to": change.to_phase,
            "changed_at": change.changed_at.isoformat(),
            "note": change.note,
        }
        for change in TeamPhaseChange.objects.filter(changed_by=user).select_related("team")
    ]


def erase_phase_changes(user):
    """A team's phase history stays with the team: it points at the anonymised account."""


privacy.register(
    "prototypes.phase_changes",
    models=[TeamPhaseChange],
    export=export_phase_changes,
    erase=erase_phase_changes,
)
