"""Every account page is ours: the site's layout, labelled fields, errors tied to fields."""

from html.parser import HTMLParser

import pytest

from .helpers import sign_in

pytestmark = pytest.mark.django_db


class FormAudit(HTMLParser):
    """Collects the inputs of a page and the labels that point at them."""

    def __init__(self):
        super().__init__()
        self.inputs = []
        self.labels = set()
        self.headings = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"input", "select", "textarea"} and attrs.get("type") not in {
            "hidden",
            "submit",
        }:
            self.inputs.append(attrs)
        elif tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        elif tag in {"h1", "h2", "h3"}:
            self.headings.append(tag)


def audit(response):
    parser = FormAudit()
    parser.feed(response.content.decode())
    return parser


def assert_our_accessible_page(response):
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="skip-link"' in page
    assert 'class="site-header"' in page
    assert 'class="container account' in page
    found = audit(response)
    assert found.headings and found.headings[0] == "h1"
    unlabelled = [i for i in found.inputs if i.get("id") not in found.labels]
    assert unlabelled == []


VISITOR_PAGES = [
    "/nl/accounts/login/",
    "/en/accounts/signup/",
    "/nl/accounts/password/reset/",
    "/nl/accounts/password/reset/done/",
    "/nl/accounts/confirm-email/",
    "/nl/accounts/confirm-email/not-a-key/",
    "/en/accounts/password/reset/key/1-set-password/",
]
SIGNED_IN_PAGES = [
    "/nl/account/profile/",
    "/nl/accounts/email/",
    "/en/accounts/password/change/",
    "/nl/accounts/logout/",
]


@pytest.mark.parametrize("url", VISITOR_PAGES)
def test_visitor_account_pages_use_the_site_layout(client, url):
    assert_our_accessible_page(client.get(url, follow=True))


@pytest.mark.parametrize("url", SIGNED_IN_PAGES)
def test_signed_in_account_pages_use_the_site_layout(client, dutch_user, url):
    client.force_login(dutch_user)

    response = client.get(url)

    assert_our_accessible_page(response)
    assert 'class="account-nav"' in response.content.decode()


def test_login_fields_help_password_managers(client):
    fields = {i["name"]: i for i in audit(client.get("/en/accounts/login/")).inputs}

    assert fields["login"]["autocomplete"] == "email"
    assert fields["login"]["type"] == "email"
    assert fields["password"]["autocomplete"] == "current-password"


def test_signup_fields_help_password_managers(client):
    inputs = audit(client.get("/en/accounts/signup/")).inputs
    # The header's site search is a form of its own.
    fields = {i["name"]: i for i in inputs if i["name"] != "q"}

    assert list(fields) == ["display_name", "email", "password1", "password2"]
    assert fields["display_name"]["autocomplete"] == "name"
    assert fields["email"]["autocomplete"] == "email"
    assert fields["password1"]["autocomplete"] == "new-password"
    assert fields["password2"]["autocomplete"] == "new-password"


def test_wrong_password_keeps_the_address_and_says_why(client, english_user):
    response = sign_in(client, english_user.email, "not-the-password", language="en")

    page = response.content.decode()
    assert response.status_code == 200
    assert f'value="{english_user.email}"' in page
    assert 'role="alert"' in page
    assert "not correct" in page
    assert "_auth_user_id" not in client.session


def test_email_page_ties_its_error_to_the_field(client, english_user):
    client.force_login(english_user)

    response = client.post("/en/accounts/email/", {"action_add": "", "email": "not-an-address"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_email_error"' in page
    assert 'aria-describedby="id_email_error"' in page
    assert 'value="not-an-address"' in page


def test_pages_are_in_the_language_of_their_prefix(client):
    dutch = client.get("/nl/accounts/login/").content.decode()
    english = client.get("/en/accounts/login/").content.decode()

    assert '<html lang="nl">' in dutch and "Ingelogd blijven" in dutch
    assert '<html lang="en">' in english and "Sign In" in english
