from learninglab import privacy

from .models import (
    Evidence,
    FeedbackAnswer,
    FeedbackLink,
    Iteration,
    Prototype,
    Review,
    Rubric,
    RubricCriterion,
    Team,
    TeamMember,
)


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
        "evidence_uploaded": list(
            Evidence.objects.filter(uploaded_by=user).values("original_name", "uploaded_at")
        ),
    }


def erase_team_work(user):
    """Team history stays with the team: frozen iterations and memberships now point at
    the anonymised account ("former member"); coaching ends."""
    user.coached_teams.clear()


privacy.register(
    "prototypes.team_work",
    models=[Team, TeamMember, Prototype, Iteration, Evidence],
    export=export_team_work,
    erase=erase_team_work,
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
