from django.db import models
from django.utils.translation import gettext_lazy as _


class BeatRun(models.Model):
    """One tick of Celery beat, recorded by a task so /healthz can tell beat is alive."""

    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("beat run")
        verbose_name_plural = _("beat runs")
        get_latest_by = "ran_at"

    def __str__(self):
        return self.ran_at.isoformat()
