"""The development mailbox shows what Django's file-based email backend wrote."""

import datetime
import importlib
import sys

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMultiAlternatives, get_connection

pytestmark = pytest.mark.django_db

AMSTERDAM = datetime.timezone(datetime.timedelta(hours=1))


@pytest.fixture
def mailbox_dir(settings, tmp_path):
    folder = tmp_path / "mailbox"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = folder
    settings.MAILBOX_ENABLED = True
    return folder


def send(subject, to, when, html=None, text="Hallo!"):
    with time_machine.travel(when, tick=False):
        message = EmailMultiAlternatives(subject, text, "noreply@example.org", [to])
        if html:
            message.attach_alternative(html, "text/html")
        message.send()


def directive(response, name):
    for part in response["Content-Security-Policy"].split(";"):
        words = part.split()
        if words and words[0] == name:
            return words[1:]
    return []


def only_file(folder):
    (path,) = folder.iterdir()
    return path.name


def test_list_shows_messages_newest_first(client, mailbox_dir):
    send("Oudste bericht", "ayla@example.org", datetime.datetime(2027, 2, 1, 9, tzinfo=AMSTERDAM))
    send("Nieuwste bericht", "bram@example.org", datetime.datetime(2027, 2, 3, 9, tzinfo=AMSTERDAM))
    send("Middelste bericht", "cas@example.org", datetime.datetime(2027, 2, 2, 9, tzinfo=AMSTERDAM))

    response = client.get("/dev/mailbox/")

    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Nieuwste") < page.index("Middelste") < page.index("Oudste")
    assert "bram@example.org" in page
    assert "2027-02-03T09:00:00+01:00" in page


def test_several_messages_in_one_file_are_listed_apart(client, mailbox_dir):
    connection = get_connection()
    with time_machine.travel(datetime.datetime(2027, 2, 1, 9, tzinfo=AMSTERDAM), tick=False):
        connection.send_messages(
            [
                mail.EmailMessage("Eerste", "een", "noreply@example.org", ["a@example.org"]),
                mail.EmailMessage("Tweede", "twee", "noreply@example.org", ["b@example.org"]),
            ]
        )
    name = only_file(mailbox_dir)

    page = client.get("/dev/mailbox/").content.decode()

    assert f"/dev/mailbox/{name}/0/" in page
    assert f"/dev/mailbox/{name}/1/" in page
    assert "Tweede" in client.get(f"/dev/mailbox/{name}/1/").content.decode()


def test_message_shows_headers_text_and_a_sandboxed_html_part(client, mailbox_dir):
    send(
        "Bevestig je e-mailadres",
        "ayla@example.org",
        datetime.datetime(2027, 2, 1, 9, tzinfo=AMSTERDAM),
        text="Klik op de link: https://example.org/bevestig/",
        html='<p>Klik <a href="https://example.org/bevestig/">hier</a></p><script>alert(1)</script>',
    )
    name = only_file(mailbox_dir)

    response = client.get(f"/dev/mailbox/{name}/0/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "ayla@example.org" in page
    assert "noreply@example.org" in page
    assert "Klik op de link: https://example.org/bevestig/" in page
    # The HTML is never inlined into our page; it is framed from its own sandboxed URL.
    assert "<script>alert(1)</script>" not in page
    assert f'src="/dev/mailbox/{name}/0/html/" sandbox' in page
    assert "'self'" in directive(response, "frame-src")

    html = client.get(f"/dev/mailbox/{name}/0/html/")

    assert html.status_code == 200
    assert "<script>alert(1)</script>" in html.content.decode()
    assert html["Content-Security-Policy"].startswith("sandbox;")
    assert directive(html, "default-src") == ["'none'"]
    assert html["X-Frame-Options"] == "SAMEORIGIN"


def test_message_without_html_part_has_no_html_url(client, mailbox_dir):
    send("Alleen tekst", "ayla@example.org", datetime.datetime(2027, 2, 1, 9, tzinfo=AMSTERDAM))
    name = only_file(mailbox_dir)

    assert "/html/" not in client.get(f"/dev/mailbox/{name}/0/").content.decode()
    assert client.get(f"/dev/mailbox/{name}/0/html/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/dev/mailbox/..%2Fsecret.log/0/",
        "/dev/mailbox/%2E%2E/0/",
        "/dev/mailbox/secret.log/0/",
        "/dev/mailbox/notes.txt/0/",
        "/dev/mailbox/20270201-090000-1.log/0/",
        "/dev/mailbox/{name}/1/",
        "/dev/mailbox/{name}/1/html/",
    ],
)
def test_unknown_or_outside_names_are_not_found(client, mailbox_dir, path):
    send("Echt", "ayla@example.org", datetime.datetime(2027, 2, 1, 9, tzinfo=AMSTERDAM))
    name = only_file(mailbox_dir)
    (mailbox_dir.parent / "secret.log").write_text("Subject: geheim\n\nniet voor jou")
    (mailbox_dir / "notes.txt").write_text("Subject: notitie\n\nniet uit de backend")

    response = client.get(path.format(name=name))

    assert response.status_code == 404
    assert "geheim" not in response.content.decode()


def test_empty_or_missing_folder_says_so(client, settings, tmp_path):
    settings.EMAIL_FILE_PATH = tmp_path / "not-created-yet"
    settings.MAILBOX_ENABLED = True

    response = client.get("/dev/mailbox/")

    assert response.status_code == 200
    assert "Nog geen berichten." in response.content.decode()


def test_mailbox_is_closed_when_not_enabled(client, settings, mailbox_dir):
    settings.MAILBOX_ENABLED = False

    assert client.get("/dev/mailbox/", follow=True).status_code == 404


def test_production_settings_do_not_enable_the_mailbox(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "learninglab.example.org")
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/unused")
    sys.modules.pop("learninglab.settings.production", None)

    production = importlib.import_module("learninglab.settings.production")

    assert getattr(production, "MAILBOX_ENABLED", False) is False
    assert production.EMAIL_BACKEND != "django.core.mail.backends.filebased.EmailBackend"
