"""Background jobs: the progress page and its status under a language prefix, the file
download without one (a file reads the same in any language)."""

from django.urls import path

from learninglab.job_views import job_detail, job_download, job_status

pages = (
    [
        path("<int:job_id>/", job_detail, name="detail"),
        path("<int:job_id>/status/", job_status, name="status"),
    ],
    "jobs",
)

downloads = (
    [path("<int:job_id>/download/", job_download, name="download")],
    "job_downloads",
)
