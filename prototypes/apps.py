from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrototypesConfig(AppConfig):
    name = "prototypes"
    verbose_name = _("Team work")

    def ready(self):
        # Registers the credit export as a background job (the worker never loads the
        # URLs or views), and puts whoever accepts an invitation naming a team in it.
        from prototypes import cohort_export, continuation  # noqa: F401
