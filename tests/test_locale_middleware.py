import pytest

pytestmark = pytest.mark.django_db


def test_a_404_of_an_unprefixed_url_stays_a_404(client):
    response = client.get("/invitations/not-a-real-token/")

    assert response.status_code in {400, 404, 410}


def test_a_missing_language_prefix_still_redirects(client):
    response = client.get("/my-programme/")

    assert response.status_code == 302
    assert response["Location"] == "/nl/my-programme/"


def test_admin_pages_of_unknown_objects_are_not_redirected_into_the_site(admin_client):
    response = admin_client.get("/admin/pages/999999/edit/")

    assert response.status_code == 404
