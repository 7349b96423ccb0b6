from django import template

from prototypes.models import Team

register = template.Library()

# The phases in which a team is shown to the public as an enterprise of the programme.
PUBLIC_PHASES = [Team.Phase.CONTINUATION, Team.Phase.LAUNCHED]


@register.simple_tag
def programme_enterprises(programme):
    """The programme's continuing and launched teams, for its public page: name,
    neighbourhood question and phase, never a person's name. One query.

    A template tag, so that the programme's page lists them without the programme app
    importing the team-work app. The page is cached for visitors; changing a team's
    phase purges the cache (TeamPhaseChange.record).
    """
    if programme is None:
        return []
    return list(
        Team.objects.for_programme(programme)
        .filter(phase__in=PUBLIC_PHASES)
        .order_by("name")
        .only("pk", "name", "neighbourhood_question", "phase")
    )
