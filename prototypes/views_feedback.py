"""Stakeholder feedback: members make and revoke links (with a language prefix); a
stakeholder without an account answers through a signed link (without one).

The link logic lives in prototypes.feedback; team access in prototypes.rules.
"""

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from prototypes import feedback
from prototypes import rules as access
from prototypes.models import FeedbackAnswer, FeedbackLink, Iteration, Team

# Members' side


@require_POST
@login_required
def link_create(request, team_id, number):
    """Make a new feedback link for the iteration; its URL shows on the iteration."""
    team = get_object_or_404(Team.objects.visible_to(request.user), pk=team_id)
    if not access.can_change_team_work(request.user, team):
        raise Http404
    iteration = get_object_or_404(Iteration.objects.for_team(team), number=number)
    form = feedback.LinkForm(request.POST)
    if form.is_valid():
        link = form.save(commit=False)
        link.iteration = iteration
        link.created_by = request.user
        link.save()
        team.touch(link.created_at)
        messages.success(
            request, _("The feedback link is made. Copy it and send it to your stakeholder.")
        )
    else:
        messages.error(request, _("The label is too long; the link was not made."))
    return redirect(
        reverse("prototypes:iteration_detail", args=[team.pk, iteration.number]) + "#feedback"
    )


@require_POST
@login_required
def link_revoke(request, link_id):
    """Close a feedback link for good; a 404 for anyone who may not change the team's work."""
    visible = Team.objects.visible_to(request.user)
    link = get_object_or_404(
        FeedbackLink.objects.select_related("iteration__prototype__team").filter(
            iteration__prototype__team__in=visible
        ),
        pk=link_id,
    )
    team = link.iteration.prototype.team
    if not access.can_change_team_work(request.user, team):
        raise Http404
    link.revoke()
    messages.success(request, _("The feedback link is revoked: it no longer takes answers."))
    return redirect(
        reverse("prototypes:iteration_detail", args=[team.pk, link.iteration.number]) + "#feedback"
    )


@require_POST
@login_required
def answer_forget(request, answer_id):
    """Remove a stakeholder's name and organisation from their answer, when they ask the
    team to; the answer itself stays. A 404 for anyone who may not change the team's work."""
    visible = Team.objects.visible_to(request.user)
    answer = get_object_or_404(
        FeedbackAnswer.objects.select_related("link__iteration__prototype__team").filter(
            link__iteration__prototype__team__in=visible
        ),
        pk=answer_id,
    )
    iteration = answer.link.iteration
    team = iteration.prototype.team
    if not access.can_change_team_work(request.user, team):
        raise Http404
    answer.forget_stakeholder()
    messages.success(request, _("The stakeholder's name and organisation are removed."))
    return redirect(
        reverse("prototypes:iteration_detail", args=[team.pk, iteration.number]) + "#feedback"
    )


# The stakeholder's side: no account, no language prefix.


def problems():
    """For each reason a link takes no answer: its status, title and explanation."""
    return {
        feedback.LinkProblem.INVALID: (
            404,
            _("This link does not work"),
            _(
                "This link is not complete or has been changed. Check that you copied the "
                "whole link from the message you received, or ask the team to send it again."
            ),
        ),
        FeedbackLink.State.EXPIRED: (
            410,
            _("This link has expired"),
            _(
                "Feedback links work for a limited time, and this one's time is up. If you "
                "still want to give your feedback, ask the team that sent it for a new link."
            ),
        ),
        FeedbackLink.State.REVOKED: (
            410,
            _("This link is closed"),
            _(
                "The team that sent this link has closed it, so it no longer takes answers. "
                "If you still want to give your feedback, ask them for a new link."
            ),
        ),
        FeedbackLink.State.USED_UP: (
            429,
            _("This link has had all its answers"),
            _(
                "This link has received as many answers as it may take. Ask the team for a "
                "new link if you still want to answer."
            ),
        ),
        RATE_LIMITED: (
            429,
            _("Too many answers at once"),
            _(
                "Many answers were sent through this link or from your connection in a short "
                "time. Please wait an hour and try again."
            ),
        ),
    }


RATE_LIMITED = "rate_limited"


def stakeholder_language(request) -> str:
    """The language chosen on the page (?lang=), else the browser's (Accept-Language)."""
    chosen = request.GET.get("lang", "")
    if chosen in dict(settings.LANGUAGES):
        return chosen
    return translation.get_language_from_request(request, check_path=False)


def in_stakeholder_language(view):
    """Run the view in the stakeholder's language and say so in the response."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        language = stakeholder_language(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, *args, language=language, **kwargs)
        response["Content-Language"] = language
        return response

    return wrapper


def _problem(request, reason, language):
    status, title, explanation = problems()[reason]
    return render(
        request,
        "prototypes/feedback_problem.html",
        {"reason": reason, "title": title, "explanation": explanation, "language": language},
        status=status,
    )


@never_cache
@in_stakeholder_language
def answer(request, token, language):
    """The stakeholder's page: what the team tests and a few questions. An answer is
    stored only with consent; without it the form comes back as it was typed."""
    try:
        link = feedback.link_for_token(token)
        feedback.check_open(link)
    except feedback.LinkProblem as problem:
        return _problem(request, problem.reason, language)
    form = feedback.AnswerForm(request.POST or None)
    if request.method == "POST":
        if not feedback.within_rate_limit(request, link):
            return _problem(request, RATE_LIMITED, language)
        if form.is_valid():
            try:
                feedback.store_answer(link, form.cleaned_data)
            except feedback.LinkProblem as problem:
                return _problem(request, problem.reason, language)
            return redirect(
                reverse("feedback:thanks", args=[token]) + f"?lang={language}",
            )
    iteration = link.iteration
    return render(
        request,
        "prototypes/feedback_answer.html",
        {
            "link": link,
            "team": iteration.prototype.team,
            "prototype": iteration.prototype,
            "test_card": [
                (Iteration._meta.get_field(name).verbose_name, getattr(iteration, name))
                for name in Iteration.TEST_CARD_FIELDS
                if getattr(iteration, name).strip()
            ],
            "form": form,
            "language": language,
        },
        status=400 if form.is_bound else 200,
    )


@never_cache
@in_stakeholder_language
def thanks(request, token, language):
    try:
        link = feedback.link_for_token(token)
    except feedback.LinkProblem as problem:
        return _problem(request, problem.reason, language)
    return render(
        request,
        "prototypes/feedback_thanks.html",
        {"team": link.iteration.prototype.team, "language": language},
    )
