from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Programmes")

    def ready(self):
        from courses import (
            invitations,  # noqa: F401  (accepts invitations on sign-in)
            signals,  # noqa: F401  (connects the receivers)
        )
