"""A background job's progress page, its status as JSON for the page's script, and the
download of its file. Only the job's owner sees any of them; anyone else gets a 404."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from learninglab import jobs
from learninglab.models import Job


def _get_job_for_user(user, job_id):
    return get_object_or_404(Job.objects.visible_to(user), pk=job_id)


def _progress_text(job):
    if job.total_steps:
        return _("%(done)s of %(total)s") % {"done": job.done_steps, "total": job.total_steps}
    if job.status == Job.Status.QUEUED:
        return _("Waiting to start")
    return _("Starting")


def _download_url(job):
    if job.status == Job.Status.DONE and job.file:
        return reverse("job_downloads:download", args=[job.pk])
    return ""


@login_required
@require_GET
def job_detail(request, job_id):
    """Where the owner follows a job: progress while it runs, then the download link or
    what went wrong. A script refreshes it; without one, a link does."""
    job = _get_job_for_user(request.user, job_id)
    response = render(
        request,
        "jobs/job.html",
        {
            "job": job,
            "label": jobs.label_for(job.kind),
            "back": jobs.back_link(job),
            "progress_text": _progress_text(job),
            "download_url": _download_url(job),
        },
    )
    add_never_cache_headers(response)
    return response


@login_required
@require_GET
def job_status(request, job_id):
    """The job's state for the progress page's script (one query)."""
    job = _get_job_for_user(request.user, job_id)
    response = JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": job.done_steps,
            "total": job.total_steps,
            "percent": job.percent,
            "text": _progress_text(job),
            "finished": job.is_finished,
            "download_url": _download_url(job),
            "error": job.error,
        }
    )
    add_never_cache_headers(response)
    return response


@login_required
@require_GET
def job_download(request, job_id):
    """Stream a finished job's file to its owner."""
    job = _get_job_for_user(request.user, job_id)
    if job.status != Job.Status.DONE or not job.file:
        raise Http404
    response = FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=get_valid_filename(job.filename) or "download",
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie"])
    return response
