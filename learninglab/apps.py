from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningLabConfig(AppConfig):
    name = "learninglab"
    verbose_name = _("Learning Lab")
