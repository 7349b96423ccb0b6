from django.urls import path

from . import views, views_personal_data

app_name = "accounts"
urlpatterns = [
    path("account/profile/", views.profile, name="profile"),
    path("account/data/", views_personal_data.personal_data_page, name="personal_data"),
    path("account/erase/", views_personal_data.erase_account, name="erase"),
]
