from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument

from learninglab.storage import private_storage


class SiteDocument(AbstractDocument):
    """A Wagtail document whose file lives in the private storage.

    Documents are only ever streamed through Wagtail's serve view, which checks the
    privacy of their collection, so a private report has no direct URL at all.
    """

    file = models.FileField(storage=private_storage, upload_to="documents", verbose_name=_("file"))
    admin_form_fields = WagtailDocument.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
