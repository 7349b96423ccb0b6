"""Inviting people from a CSV file: good rows go out, every bad row says why."""

import datetime
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import invitations
from courses.models import Invitation, Role
from tests.factories import UserFactory, enrol, make_programme

# The assertions read English text, so these tests use the English interface.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_interface")]

NOW = datetime.datetime(2027, 1, 10, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def programme():
    return make_programme(title="Overvecht, voorjaar 2027", modules=0)


@pytest.fixture
def coordinator(programme, client):
    user = UserFactory(email="coordinator@example.org")
    enrol(user, programme, Role.COORDINATOR)
    client.force_login(user)
    return user


def csv_file(text, name="people.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def upload(client, programme, file, capture):
    with capture(execute=True):
        return client.post(
            reverse("courses_invitations:upload", args=[programme.pk]), {"upload-file": file}
        )


def text_of(response):
    """The page's text without tags, with whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def invited_emails():
    return set(Invitation.objects.values_list("email", flat=True))


def test_good_rows_are_invited_and_every_bad_row_says_why(
    client, programme, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    enrol(UserFactory(email="member@example.org"), programme)
    Invitation.objects.create(programme=programme, email="invited@example.org", role=Role.STUDENT)
    rows = [
        "name,email,role",
        "Fatima El Amrani,fatima@example.org,resident",  # 2: good
        "No Mail,,student",  # 3
        "Bad Mail,not-an-address,student",  # 4
        "Teacher,teacher@example.org,teacher",  # 5
        "Fatima again,FATIMA@example.org,student",  # 6
        "Member,member@example.org,student",  # 7
        "Invited,invited@example.org,coach",  # 8
        "Daan,daan@example.org,Student",  # 9: good
        "",  # 10: blank lines are not rows of people
        "Coco,coco@example.org,coördinator",  # 11: good
        "No role,norole@example.org,",  # 12
    ]

    response = upload(
        client, programme, csv_file("\n".join(rows)), django_capture_on_commit_callbacks
    )

    assert response.status_code == 200
    text = text_of(response)
    assert "3 people invited." in text
    assert "7 rows skipped:" in text
    for expected in [
        "Row 3: no email address.",
        "Row 4: “not-an-address” is not a valid email address.",
        "Row 5: unknown role “teacher”. Use one of: student, resident (bewoner), coach, "
        "coordinator (coördinator).",
        "Row 6: fatima@example.org is a duplicate of row 2.",
        "Row 7: member@example.org is already a member of this programme.",
        "Row 8: invited@example.org already has an open invitation",
        "Row 12: no role. Use one of:",
    ]:
        assert expected in text
    assert invited_emails() == {
        "fatima@example.org",
        "daan@example.org",
        "coco@example.org",
        "invited@example.org",
    }
    assert Invitation.objects.get(email="coco@example.org").role == Role.COORDINATOR
    assert Invitation.objects.get(email="fatima@example.org").role == Role.RESIDENT
    assert sorted(message.to[0] for message in mailoutbox) == [
        "coco@example.org",
        "daan@example.org",
        "fatima@example.org",
    ]


def test_dutch_excel_file_with_semicolons_bom_and_dutch_headers(
    client, programme, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    text = "\ufeffNaam;E-mail;ROL\r\nJan de Vries;jan@example.org;Bewoner\r\nEva;eva@example.org;coördinator\r\n"

    response = upload(client, programme, csv_file(text), django_capture_on_commit_callbacks)

    assert "2 people invited." in text_of(response)
    jan = Invitation.objects.get(email="jan@example.org")
    assert (jan.name, jan.role) == ("Jan de Vries", Role.RESIDENT)
    assert Invitation.objects.get(email="eva@example.org").role == Role.COORDINATOR
    assert len(mailoutbox) == 2


@pytest.mark.parametrize(
    "text",
    [
        "name,email,role\nAnn,ann@example.org,student\n",
        "\ufeffname,email,role\nAnn,ann@example.org,student\n",
        "Name;Email;Role\nAnn;ann@example.org;student\n",
        "sep=;\nnaam;e-mail;rol\nAnn;ann@example.org;student\n",
        'role,"email",name\nstudent,ann@example.org,"Ann, from the corner"\n',
        "email;role\nann@example.org;student\n",
    ],
    ids=["comma", "bom", "semicolon", "excel-sep-line", "other-order-quoted", "no-name-column"],
)
def test_reads_the_formats_spreadsheets_write(text):
    candidates, skipped = invitations.read_csv(csv_file(text))

    assert skipped == []
    [ann] = candidates
    assert (ann.email, ann.role, ann.row) == ("ann@example.org", Role.STUDENT, 2)


@pytest.mark.parametrize(
    ("file", "reason"),
    [
        (
            SimpleUploadedFile("people.xlsx", b"PK\x03\x04\x14\x00\x06\x00binary"),
            "“people.xlsx” is not a CSV file.",
        ),
        (
            SimpleUploadedFile("people.csv", b"PK\x03\x04\x14\x00\x06\x00binary"),
            "“people.csv” is not a CSV file.",
        ),
        (
            SimpleUploadedFile(
                "latin.csv", "naam;e-mail;rol\nJosé;jose@example.org;coördinator".encode("cp1252")
            ),
            "“latin.csv” is not a CSV file.",
        ),
        (SimpleUploadedFile("empty.csv", b""), "“empty.csv” is empty."),
        (SimpleUploadedFile("blank.csv", b"\r\n\r\n"), "“blank.csv” is empty."),
        (
            SimpleUploadedFile("header.csv", b"name,email,role\n"),
            "“header.csv” has a header row but nobody under it.",
        ),
        (
            SimpleUploadedFile("noheader.csv", b"Ann,ann@example.org,student\n"),
            "The first row must name the columns: name, email and role",
        ),
        (
            SimpleUploadedFile("norole.csv", b"name,email\nAnn,ann@example.org\n"),
            "The first row has no “role” (“rol”) column.",
        ),
        (
            SimpleUploadedFile(
                "big.csv",
                b"name,email,role\n" + b"Ann,ann@example.org,student\n" * 40_000,
            ),
            "“big.csv” is 1.1\xa0MB; files up to 1.0\xa0MB can be read.",
        ),
    ],
    ids=[
        "xlsx",
        "binary-named-csv",
        "not-utf8",
        "empty",
        "blank",
        "header-only",
        "no-header",
        "no-role-column",
        "too-large",
    ],
)
def test_unreadable_file_is_refused_with_the_reason_and_nothing_is_sent(
    client, programme, coordinator, mailoutbox, django_capture_on_commit_callbacks, file, reason
):
    response = upload(client, programme, file, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    errors = response.context["upload_form"].errors["file"]
    assert any(error.startswith(reason) for error in errors), errors
    assert reason in response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_refused_upload_keeps_the_invite_one_form_and_names_the_chosen_file(
    client, programme, coordinator, django_capture_on_commit_callbacks
):
    response = upload(
        client,
        programme,
        SimpleUploadedFile("Deelnemers voorjaar.xlsx", b"PK\x03\x04\x00"),
        django_capture_on_commit_callbacks,
    )

    content = response.content.decode()
    assert "Deelnemers voorjaar.xlsx" in content
    assert 'name="invite-email"' in content
    assert 'aria-invalid="true"' in content


def test_upload_costs_the_same_number_of_queries_for_3_or_300_people(
    client, programme, coordinator, django_capture_on_commit_callbacks
):
    def people(count, start):
        rows = [f"P{n},p{n}@example.org,student" for n in range(start, start + count)]
        return csv_file("name,email,role\n" + "\n".join(rows))

    url = reverse("courses_invitations:upload", args=[programme.pk])
    # Sending runs after commit, one task per person; here only the request counts.
    with django_capture_on_commit_callbacks(execute=False):
        with CaptureQueriesContext(connection) as few:
            client.post(url, {"upload-file": people(3, 0)})
        with CaptureQueriesContext(connection) as many:
            client.post(url, {"upload-file": people(300, 100)})

    assert Invitation.objects.count() == 303
    assert len(many) == len(few)


def test_coordinator_of_another_programme_cannot_upload(
    client, programme, mailoutbox, django_capture_on_commit_callbacks
):
    other = make_programme(title="Kanaleneiland, najaar 2027", modules=0)
    outsider = UserFactory()
    enrol(outsider, other, Role.COORDINATOR)
    client.force_login(outsider)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("courses_invitations:upload", args=[programme.pk]),
            {"upload-file": csv_file("name,email,role\nAnn,ann@example.org,student\n")},
            follow=True,
        )

    assert response.status_code == 404
    assert not Invitation.objects.exists()
    assert mailoutbox == []
