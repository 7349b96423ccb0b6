"""Team work, with a language prefix (see learninglab.urls)."""

from django.urls import path

from prototypes import views, views_evidence

app_name = "prototypes"

urlpatterns = [
    path("teams/<int:team_id>/", views.team_workspace, name="team_workspace"),
    # Evidence uploads and deletion (prototypes.views_evidence); downloads are in
    # prototypes.evidence_urls, without a language prefix.
    path(
        "teams/<int:team_id>/iterations/<int:number>/evidence/",
        views_evidence.iteration_evidence,
        name="iteration_evidence",
    ),
    path(
        "evidence/<int:evidence_id>/delete/",
        views_evidence.evidence_delete,
        name="evidence_delete",
    ),
]
