"""The cohort overview of a programme run and its credit export, for the run's
coordinators (prototypes.rules.can_view_cohort); anyone else gets a 404.

The overview is sorted and filtered through its query string, on the server, so that
every view of it can be linked and works without script. The export is prepared in the
background (prototypes.cohort_export) and followed on the job's page.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from courses.models import ProgrammePage
from learninglab import jobs
from learninglab.models import Job
from prototypes import cohort, cohort_export
from prototypes import rules as access
from prototypes.models import Team


def _get_programme_for_coordinator(user, programme_id):
    """The run's page (any locale) and its default-locale page, or a 404 for anyone but
    its coordinators and superusers."""
    page = get_object_or_404(ProgrammePage, pk=programme_id)
    programme = page.default_locale_page
    if not access.can_view_cohort(user, programme):
        raise Http404
    return page, programme


def _headers(filters):
    """The table's column headers with their sort links and aria-sort values."""
    headers = []
    for column in cohort.COLUMNS:
        current = filters.sort == column.key
        descending = not filters.descending if current else False
        headers.append(
            {
                "key": column.key,
                "label": column.label,
                "url": "?" + urlencode(filters.query(sort=column.key, descending=descending)),
                "aria_sort": ("descending" if filters.descending else "ascending")
                if current
                else "",
            }
        )
    return headers


@login_required
@require_GET
def cohort_overview(request, programme_id):
    """Every team of the run on one screen, sortable and filterable: a fixed number of
    queries however many teams."""
    page, programme = _get_programme_for_coordinator(request.user, programme_id)
    filters = cohort.Filters.from_query(request.GET)
    rows = cohort.overview(programme, filters)
    return render(
        request,
        "prototypes/cohort.html",
        {
            "programme": programme,
            "programme_page": page.localized,
            "rows": rows,
            "filters": filters,
            "headers": _headers(filters),
            "phases": Team.Phase.choices,
            "formats": cohort_export.FORMATS,
            "filtered": bool(filters.phase or filters.overdue or filters.search),
        },
    )


@login_required
@require_POST
def cohort_export_start(request, programme_id):
    """Start preparing the credit export in the background and follow it on its page."""
    _page, programme = _get_programme_for_coordinator(request.user, programme_id)
    file_format = request.POST.get("format")
    if file_format not in cohort_export.FORMATS:
        file_format = "csv"
    job = Job.start(
        request.user, cohort_export.KIND, {"programme": programme.pk, "format": file_format}
    )
    return redirect(jobs.job_url(job))
