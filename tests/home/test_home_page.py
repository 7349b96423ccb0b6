import pytest

from tests.factories import make_programme

pytestmark = pytest.mark.django_db


def test_home_page_lists_open_programmes(client):
    make_programme(title="Overvecht, voorjaar 2027", enrolment_open=True)
    make_programme(title="Gesloten run", enrolment_open=False)

    response = client.get("/nl/")

    assert response.status_code == 200
    assert "Overvecht, voorjaar 2027" in response.content.decode()
    assert "Gesloten run" not in response.content.decode()
