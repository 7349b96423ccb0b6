"""What the public site does when pages are published or consent is withdrawn."""

from django.dispatch import receiver
from wagtail.signals import page_published

from courses.models import ProgrammePage
from home.models import BrochurePage, BrochurePdf
from learninglab import pagecache
from learninglab.consent import Consent, consent_withdrawn
from prototypes.models.quotes import quote_withdrawn


def queue_pdf(page_id, discard=False) -> None:
    """Mark the brochure's PDF as waiting and have a worker make it after the commit;
    with `discard`, its current file is not served any more (see BrochurePdf.queue)."""
    from home.tasks import render_brochure_pdf

    BrochurePdf.queue(page_id, discard=discard)
    render_brochure_pdf.delay_on_commit(page_id)


def queue_programme_pdfs(programme_id) -> None:
    """Make the PDFs of the programme's live brochures again, in every language, and stop
    serving the current ones: someone in them withdrew."""
    programmes = ProgrammePage.objects.filter(
        translation_key__in=ProgrammePage.objects.filter(pk=programme_id).values("translation_key")
    )
    for path in programmes.values_list("path", flat=True):
        for page_id in (
            BrochurePage.objects.live().filter(path__startswith=path).values_list("pk", flat=True)
        ):
            queue_pdf(page_id, discard=True)


@receiver(page_published, sender=BrochurePage)
def make_pdf_on_publish(sender, instance, **kwargs):
    queue_pdf(instance.pk)


@receiver(consent_withdrawn)
def forget_on_consent_withdrawn(sender, consent, **kwargs):
    """Pages are drawn from live consent, so purging the cached copies takes the person
    off every page at once; the PDFs are no longer served, and made again without them."""
    if consent.purpose != Consent.Purpose.BROCHURE:
        return
    pagecache.purge_on_commit()
    queue_programme_pdfs(consent.programme_id)


@receiver(quote_withdrawn)
def forget_quote(sender, quote, **kwargs):
    queue_programme_pdfs(quote.team.programme_id)
