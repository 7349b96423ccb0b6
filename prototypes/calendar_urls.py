"""Each person's private calendar feed, without a language prefix: calendar apps fetch
it with the secret token in the URL (see prototypes.views_calendar)."""

from django.urls import path

from prototypes import views_calendar

app_name = "calendar"

urlpatterns = [
    path("<str:token>.ics", views_calendar.feed, name="feed"),
]
