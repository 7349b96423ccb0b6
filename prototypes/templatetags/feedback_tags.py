"""The stakeholder feedback shown on an iteration's page."""

from django import template

from prototypes.models import FeedbackAnswer, FeedbackLink

register = template.Library()


@register.inclusion_tag("prototypes/includes/feedback_iteration.html", takes_context=True)
def iteration_feedback(context, iteration, can_change=False):
    """The answers stakeholders gave on the iteration, newest first, and, for members
    (`can_change`), its feedback links with their URLs and answer counts. Two queries
    however many links and answers; the page's view has already checked access."""
    request = context.get("request")
    links = []
    if can_change:
        for link in FeedbackLink.objects.for_iteration(iteration).with_answer_counts():
            link.url = (
                request.build_absolute_uri(link.get_absolute_url())
                if request
                else link.get_absolute_url()
            )
            link.current_state = link.state(link.answer_total)
            link.state_label = FeedbackLink.State(link.current_state).label
            links.append(link)
    answers = list(FeedbackAnswer.objects.filter(link__iteration=iteration).select_related("link"))
    return {
        "iteration": iteration,
        "team_id": iteration.prototype.team_id,
        "can_change": can_change,
        "links": links,
        "answers": answers,
        "open_state": FeedbackLink.State.OPEN,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
