from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Consent lives in its own module, beside the personal-data registry.
from learninglab.consent import Consent  # noqa: F401
from learninglab.storage import private_storage


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


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A person sees their own jobs only; nobody else's, whatever their role."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user)


class Job(models.Model):
    """A piece of slow work (an export, a download of someone's data) done by a Celery
    worker for one person, who follows its progress and then downloads its file.

    What a kind of job does is registered in `learninglab.jobs`; the file lives in the
    private storage and only its owner can download it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("In progress")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    # How long a job and its file are kept (learninglab.jobs.forget_old, hourly).
    KEEP_FOR = timedelta(days=7)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jobs",
        verbose_name=_("owner"),
    )
    kind = models.CharField(_("kind"), max_length=100)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    done_steps = models.PositiveIntegerField(_("steps done"), default=0)
    total_steps = models.PositiveIntegerField(_("steps in all"), default=0)
    file = models.FileField(_("file"), storage=private_storage, upload_to="jobs/%Y/%m", blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.status})"

    @classmethod
    def start(cls, owner, kind, params=None):
        """Create a queued job and hand it to a worker once the transaction commits."""
        from learninglab import jobs, tasks

        jobs.runner_for(kind)  # an unknown kind fails here, in the request, not later
        job = cls.objects.create(owner=owner, kind=kind, params=params or {})
        tasks.run_job.delay_on_commit(job.pk)
        return job

    @property
    def is_finished(self):
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def percent(self):
        if not self.total_steps:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.done_steps / self.total_steps))

    def progress(self, done, total=None):
        """Record how far the work is (one UPDATE). Runners call it every so many rows."""
        self.done_steps = done
        if total is not None:
            self.total_steps = total
        self.save(update_fields=["done_steps", "total_steps"])
