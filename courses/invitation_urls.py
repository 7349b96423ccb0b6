"""The invitation link, without a language prefix: signed links never carry one."""

from django.urls import path

from courses.invitation_views import invitation_detail

app_name = "invitations"
urlpatterns = [
    path("<str:token>/", invitation_detail, name="detail"),
]
