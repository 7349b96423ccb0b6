"""Team work, with a language prefix (see learninglab.urls)."""

from django.urls import path

from prototypes import views

app_name = "prototypes"

urlpatterns = [
    path("teams/<int:team_id>/", views.team_workspace, name="team_workspace"),
]
