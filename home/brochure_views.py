"""A brochure's PDF: its download, and the state of its making for the page."""

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from home.models import BrochurePdf


def _pdf_of_public_brochure(page_id):
    """The PDF row of a live brochure without view restrictions, else a 404."""
    pdf = get_object_or_404(
        BrochurePdf.objects.filter(page__live=True).select_related("page"), page_id=page_id
    )
    if pdf.page.get_view_restrictions().exists():
        raise Http404
    return pdf


@require_GET
def download(request, page_id):
    """The last good PDF of a published, public brochure; a 404 for anything else."""
    pdf = _pdf_of_public_brochure(page_id)
    if not pdf.file:
        raise Http404
    return FileResponse(
        pdf.file.open("rb"),
        as_attachment=True,
        filename=f"{pdf.page.slug}.pdf",
        content_type="application/pdf",
    )


@require_GET
def status(request, page_id):
    """Where the making of the PDF is, for the page's progress script (the shape
    `static/js/job-progress.js` reads)."""
    pdf = _pdf_of_public_brochure(page_id)
    return JsonResponse(
        {
            "finished": not pdf.in_progress,
            "status": pdf.status,
            "status_label": str(pdf.get_status_display()),
            "done": 0,
            "total": 0,
            "percent": 0,
            "text": "",
        }
    )
