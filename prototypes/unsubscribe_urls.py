"""One-click unsubscribe from an email, without a language prefix or a login: the token
says who and which kind (see prototypes.delivery and prototypes.views_preferences)."""

from django.urls import path

from prototypes import views_preferences

app_name = "unsubscribe"

urlpatterns = [
    path("<str:token>/", views_preferences.unsubscribe, name="confirm"),
]
