"""The Wagtail admin manages our users: email login, display name, language."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def admin_client(client):
    admin = UserFactory(email="admin@example.org", display_name="Beheer", is_superuser=True)
    client.force_login(admin)
    return client


def test_superuser_sees_the_user_list(admin_client):
    UserFactory(email="ayla@example.org", display_name="Ayla Yilmaz")

    response = admin_client.get("/admin/users/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ayla Yilmaz" in page
    assert "ayla@example.org" in page


def test_user_list_searches_names_and_addresses(admin_client):
    UserFactory(email="ayla@example.org", display_name="Ayla Yilmaz")
    UserFactory(email="bram@example.org", display_name="Bram de Vries")

    page = admin_client.get("/admin/users/", {"q": "yilmaz"}).content.decode()

    assert "ayla@example.org" in page
    assert "bram@example.org" not in page


def test_create_form_asks_for_our_fields(admin_client):
    page = admin_client.get("/admin/users/new/").content.decode()

    assert 'name="display_name"' in page
    assert 'name="preferred_language"' in page
    assert 'name="first_name"' not in page
    assert 'name="last_name"' not in page


def test_superuser_creates_a_user(admin_client):
    response = admin_client.post(
        "/admin/users/new/",
        {
            "email": "Cas@Example.org",
            "display_name": "Cas",
            "preferred_language": "en",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="cas@example.org")
    assert (user.display_name, user.preferred_language) == ("Cas", "en")
    assert user.check_password(PASSWORD)
    assert not user.is_superuser


def test_create_refuses_an_address_in_use_whatever_its_case(admin_client):
    UserFactory(email="cas@example.org")

    response = admin_client.post(
        "/admin/users/new/",
        {
            "email": "CAS@example.org",
            "display_name": "Cas",
            "preferred_language": "nl",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert User.objects.filter(email__iexact="cas@example.org").count() == 1


def test_superuser_edits_a_user(admin_client):
    user = UserFactory(email="dewi@example.org", display_name="Dewi", preferred_language="nl")

    response = admin_client.post(
        f"/admin/users/edit/{user.pk}/",
        {
            "email": "dewi@example.org",
            "display_name": "Dewi Santoso",
            "preferred_language": "en",
            "is_active": "on",
            "password1": "",
            "password2": "",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.preferred_language) == ("Dewi Santoso", "en")
    assert user.check_password(PASSWORD)
    edit_page = admin_client.get(f"/admin/users/edit/{user.pk}/").content.decode()
    assert 'value="Dewi Santoso"' in edit_page


def test_non_staff_person_cannot_open_the_user_list(client):
    client.force_login(UserFactory())

    response = client.get("/admin/users/")

    assert response.status_code in {302, 403}
