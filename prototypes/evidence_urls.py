"""Evidence downloads, without a language prefix: a file reads the same in any language."""

from django.urls import path

from prototypes.views_evidence import evidence_download

app_name = "evidence"
urlpatterns = [
    path("<int:evidence_id>/", evidence_download, name="download"),
]
