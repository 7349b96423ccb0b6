from django.urls import path

from . import views

app_name = "mailbox"
urlpatterns = [
    path("", views.message_list, name="list"),
    path("<str:name>/<int:index>/", views.message_detail, name="detail"),
    path("<str:name>/<int:index>/html/", views.message_html, name="html"),
]
