"""Stakeholder feedback through a signed link, without a language prefix: the page picks
the stakeholder's language itself (see prototypes.views_feedback)."""

from django.urls import path

from prototypes import views_feedback

app_name = "feedback"

urlpatterns = [
    path("<str:token>/", views_feedback.answer, name="answer"),
    path("<str:token>/thanks/", views_feedback.thanks, name="thanks"),
]
