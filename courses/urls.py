from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("my-programme/", views.my_programme, name="my_programme"),
    path("modules/<int:module_id>/progress/", views.module_progress, name="module_progress"),
]
