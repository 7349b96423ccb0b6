"""Teams, review rubrics and self-assessment scales in the Wagtail admin (see
prototypes.admin_views, prototypes.admin_reviews and prototypes.admin_reflections)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from prototypes.admin_reflections import ReflectionScalePermissionPolicy, ReflectionScaleViewSet
from prototypes.admin_reviews import RubricPermissionPolicy, RubricViewSet
from prototypes.admin_views import (
    CREATED,
    EDITED,
    TeamCreatedFormatter,
    TeamEditedFormatter,
    TeamPermissionPolicy,
    TeamViewSet,
)
from prototypes.models import ReflectionScale, Rubric, Team

# Registered before the viewset, which would otherwise create Wagtail's default policy.
register_permission_policy(Team, TeamPermissionPolicy(Team))
register_permission_policy(Rubric, RubricPermissionPolicy(Rubric))
register_permission_policy(ReflectionScale, ReflectionScalePermissionPolicy(ReflectionScale))


@hooks.register("register_admin_viewset")
def register_team_viewset():
    return TeamViewSet("teams")


@hooks.register("register_admin_viewset")
def register_rubric_viewset():
    return RubricViewSet("rubrics")


@hooks.register("register_admin_viewset")
def register_reflection_scale_viewset():
    return ReflectionScaleViewSet("reflection_scales")


@hooks.register("register_log_actions")
def register_team_log_actions(actions):
    actions.register_action(CREATED)(TeamCreatedFormatter)
    actions.register_action(EDITED)(TeamEditedFormatter)
