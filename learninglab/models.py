from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

# Consent lives in its own module, beside the personal-data registry.
from learninglab.consent import Consent  # noqa: F401


class BeatRun(models.Model):
    """One tick of Celery beat, recorded by a task so /healthz can tell beat is alive."""

    # Only the latest run matters; a day of them shows the rhythm when debugging.
    KEEP_FOR = timedelta(days=1)

    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("beat run")
        verbose_name_plural = _("beat runs")
        get_latest_by = "ran_at"

    def __str__(self):
        return self.ran_at.isoformat()

    @classmethod
    def record(cls):
        """Record a run now and forget the runs older than KEEP_FOR (two queries)."""
        run = cls.objects.create()
        cls.objects.filter(ran_at__lt=run.ran_at - cls.KEEP_FOR).delete()
        return run

    @classmethod
    def last_ran_at(cls):
        """When beat last ran, or None if it never has (one query)."""
        return cls.objects.order_by("-ran_at").values_list("ran_at", flat=True).first()
