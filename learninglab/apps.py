from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class LearningLabConfig(AppConfig):
    name = "learninglab"
    verbose_name = _("Learning Lab")

    def ready(self):
        # Every app declares its personal data in its own privacy.py.
        autodiscover_modules("privacy")
