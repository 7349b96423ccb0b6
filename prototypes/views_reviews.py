"""Coach reviews: the coach's queue of iterations waiting for them, and the review form.

Only a coach of the team may open the form (prototypes.rules.can_review_team_work);
everyone else gets a 404. The work is done by `Review.record`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from prototypes import rules as access
from prototypes.forms_reviews import ReviewForm
from prototypes.models import Iteration, Review, ReviewNotEditableError, Rubric, Team
from prototypes.models.reviews import review_queue


@login_required
def review_queue_view(request):
    """The submitted iterations of the person's teams that wait for their review, oldest
    first, with how long each has waited. The same number of queries however many."""
    now = timezone.now()
    waiting = [
        {
            "iteration": iteration,
            "team": iteration.prototype.team,
            "waited": timesince(iteration.submitted_at or iteration.created_at, now, depth=1),
        }
        for iteration in review_queue(request.user)
    ]
    return render(request, "prototypes/review_queue.html", {"waiting": waiting})


def _get_team_to_review(user, team_id) -> Team:
    """The team, if the person coaches it; a 404 for anyone else."""
    team = get_object_or_404(Team.objects.visible_to(user).select_related("programme"), pk=team_id)
    if not access.can_review_team_work(user, team):
        raise Http404
    return team


@login_required
def review_form(request, team_id, number):
    """Write or change the coach's review of a submitted iteration."""
    team = _get_team_to_review(request.user, team_id)
    iteration = get_object_or_404(
        Iteration.objects.for_team(team)
        .exclude(status=Iteration.Status.DRAFT)
        .select_related("prototype", "submitted_by"),
        number=number,
    )
    iteration.prototype.team = team
    review = Review.objects.filter(iteration=iteration, coach=request.user).first()
    detail = redirect("prototypes:iteration_detail", team_id=team.pk, number=iteration.number)
    if review is not None and not review.is_editable():
        messages.error(
            request,
            _("The team has started a newer iteration, so your review can no longer change."),
        )
        return detail
    if review is None and iteration.prototype.iterations.filter(number__gt=number).exists():
        messages.error(
            request,
            _("The team has started a newer iteration: review that one instead."),
        )
        return detail
    rubric = (
        review.rubric
        if review is not None
        else Rubric.objects.for_programme(team.programme).snapshot()
    )
    form = ReviewForm(request.POST or None, rubric=rubric, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            Review.record(
                iteration,
                request.user,
                rubric=rubric,
                scores=form.scores(),
                decision=form.cleaned_data["decision"],
                test_card_comment=form.cleaned_data["test_card_comment"],
                learning_card_comment=form.cleaned_data["learning_card_comment"],
                comment=form.cleaned_data["comment"],
            )
        except ReviewNotEditableError:
            messages.error(
                request,
                _("The team has started a newer iteration, so your review can no longer change."),
            )
            return detail
        messages.success(
            request,
            _("Your review of iteration %(number)s is saved. The team can read it now.")
            % {"number": iteration.number},
        )
        return detail
    return render(
        request,
        "prototypes/review_form.html",
        {"team": team, "iteration": iteration, "form": form, "review": review},
    )
