from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class LearningLabConfig(AppConfig):
    name = "learninglab"
    verbose_name = _("Learning Lab")

    def ready(self):
        # Background jobs register their personal data like any app's privacy.py.
        from learninglab import jobs  # noqa: F401

        # Every app declares its personal data in its own privacy.py.
        autodiscover_modules("privacy")
