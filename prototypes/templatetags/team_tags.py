from django import template

from prototypes.models import Team

register = template.Library()


@register.simple_tag
def teams_in_programme(user, programme):
    """The teams of a programme the person may see (one query).

    A template tag, so that programme pages can link to team work without the
    programme app importing the team-work app.
    """
    return list(Team.objects.visible_to(user).for_programme(programme).only("pk", "name"))
