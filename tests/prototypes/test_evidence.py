"""Evidence uploads: what is refused and why, photos re-encoded without location or
camera data, files only in the private storage and only handed out to who may see the
team."""

import datetime
import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import ExifTags, Image

from courses.models import ProgrammePage, Role
from prototypes.models import Evidence, Iteration, Team
from prototypes.uploads import check_upload
from tests.factories import UserFactory, enrol, make_programme, make_team

pytestmark = pytest.mark.django_db

GPS = ExifTags.IFD.GPSInfo
MAKE, MODEL, ORIENTATION = 0x010F, 0x0110, 0x0112
TEN_MB = 10 * 1024 * 1024


# Files -------------------------------------------------------------------------------


def jpeg_with_gps(size=(64, 48), orientation=None) -> bytes:
    """A JPEG as a phone makes it: camera make and model, GPS position."""
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[MODEL] = "Pocket 12"
    if orientation:
        exif[ORIENTATION] = orientation
    exif.get_ifd(GPS).update({1: "N", 2: (52.0, 5.0, 30.0), 3: "E", 4: (5.0, 7.0, 12.0)})
    output = io.BytesIO()
    Image.new("RGB", size, "teal").save(output, format="JPEG", exif=exif)
    return output.getvalue()


def heic_photo() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (80, 60), "orange").save(output, format="HEIF")
    return output.getvalue()


def png_bomb(width=30000, height=30000) -> bytes:
    """A tiny PNG whose header claims far more pixels than any photo has."""
    output = io.BytesIO()
    Image.new("L", (1, 1)).save(output, format="PNG")
    data = bytearray(output.getvalue())
    # The IHDR chunk starts at byte 8: length (4), type (4), width, height, ..., CRC.
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def odt() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as package:
        package.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        package.writestr("content.xml", "<office:document-content/>")
    return output.getvalue()


def docx() -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return output.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


def private_files() -> set[Path]:
    root = Path(settings.PRIVATE_ROOT)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


# People ------------------------------------------------------------------------------


@pytest.fixture
def world():
    """A team of a programme with a draft iteration, and everyone around it."""
    programme = make_programme(modules=0)
    other_programme = make_programme(title="Kanaleneiland, najaar 2027", modules=0)
    people = {
        name: UserFactory(email=f"{name}@example.org")
        for name in (
            "member",
            "team_mate",
            "other_member",
            "coach",
            "other_coach",
            "coordinator",
            "other_coordinator",
        )
    }
    for name, role in [
        ("member", Role.STUDENT),
        ("team_mate", Role.RESIDENT),
        ("other_member", Role.STUDENT),
        ("coach", Role.COACH),
        ("other_coach", Role.COACH),
        ("coordinator", Role.COORDINATOR),
    ]:
        enrol(people[name], programme, role)
    enrol(people["other_coordinator"], other_programme, Role.COORDINATOR)
    team = make_team(
        programme,
        members=[(people["member"], Role.STUDENT), (people["team_mate"], Role.RESIDENT)],
        coaches=[people["coach"]],
    )
    make_team(
        programme,
        name="Buurtfietsen",
        members=[(people["other_member"], Role.STUDENT)],
        coaches=[people["other_coach"]],
    )
    iteration = Iteration.objects.create(prototype=team.prototype, number=1)
    return {"programme": programme, "team": team, "iteration": iteration, **people}


def page_url(iteration):
    return reverse(
        "prototypes:iteration_evidence", args=[iteration.prototype.team_id, iteration.number]
    )


def post_file(client, iteration, name, content, caption="Gesprek bij de markt"):
    return client.post(
        page_url(iteration),
        {"evidence-file": upload(name, content), "evidence-caption": caption},
    )


def attach(iteration, name, content, by, caption=""):
    return Evidence.attach(iteration, check_upload(upload(name, content), TEN_MB), caption, by)


# Refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("notes.txt", b"plain words", "“notes.txt” is not a file type we accept"),
        # Legacy Office files cannot be told apart reliably by their content.
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "“old.doc” is not"),
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 200, "“setup.exe” is not a file type we accept"),
        ("market.jpg", PDF, "The content of “market.jpg” does not match its name"),
        ("report.pdf", b"MZ\x90\x00" + b"\x00" * 200, "The content of “report.pdf” does not"),
        ("sheet.xlsx", docx(), "The content of “sheet.xlsx” does not match its name"),
        ("empty.pdf", b"", "“empty.pdf” is empty."),
        ("bomb.png", png_bomb(), "“bomb.png” has too many pixels"),
    ],
    ids=[
        "wrong-type",
        "legacy-office",
        "executable",
        "pdf-named-jpg",
        "exe-named-pdf",
        "docx-named-xlsx",
        "empty",
        "decompression-bomb",
    ],
)
def test_bad_upload_is_refused_with_its_reason_and_nothing_is_stored(
    client, english_interface, world, name, content, reason
):
    client.force_login(world["member"])
    before = private_files()

    response = post_file(client, world["iteration"], name, content, caption="Kept caption")

    assert response.status_code == 200
    html = response.content.decode()
    assert reason in html
    assert 'role="alert"' in html
    assert 'value="Kept caption"' in html  # The caption typed is kept.
    assert not Evidence.objects.exists()
    assert private_files() == before


def test_file_over_the_programmes_maximum_is_refused(client, english_interface, world):
    ProgrammePage.objects.filter(pk=world["programme"].pk).update(evidence_max_size_mb=1)
    client.force_login(world["member"])
    before = private_files()
    big = PDF + b"%" * (1024 * 1024)

    response = post_file(client, world["iteration"], "interviews.pdf", big)

    assert "“interviews.pdf” is 1.0\xa0MB; files can be at most 1.0\xa0MB." in (
        response.content.decode()
    )
    assert not Evidence.objects.exists()
    assert private_files() == before


def test_same_file_under_the_default_maximum_is_accepted(client, world):
    client.force_login(world["member"])

    response = post_file(client, world["iteration"], "interviews.pdf", PDF + b"%" * 1024 * 1024)

    assert response.status_code == 302
    assert Evidence.objects.get().kind == Evidence.Kind.DOCUMENT


def test_upload_to_a_submitted_iteration_is_refused(client, english_interface, world):
    frozen = Iteration.objects.create(
        prototype=world["team"].prototype, number=2, status=Iteration.Status.SUBMITTED
    )
    client.force_login(world["member"])
    before = private_files()

    response = post_file(client, frozen, "market.jpg", jpeg_with_gps(), caption="Te laat")

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Iteration 2 has been submitted; its evidence can no longer change." in page
    assert not Evidence.objects.exists()
    assert private_files() == before


def test_coach_cannot_upload(client, world):
    client.force_login(world["coach"])

    response = post_file(client, world["iteration"], "market.jpg", jpeg_with_gps())

    assert response.status_code == 404
    assert not Evidence.objects.exists()


# Photos ------------------------------------------------------------------------------


def test_photo_loses_its_location_and_camera_data(client, world):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS)  # The test photo has GPS.
    client.force_login(world["member"])

    post_file(client, world["iteration"], "market.jpg", original)

    evidence = Evidence.objects.get()
    with evidence.file.open("rb") as stored:
        data = stored.read()
    photo = Image.open(io.BytesIO(data))
    assert photo.format == "JPEG"
    assert not photo.getexif()
    assert "exif" not in photo.info and "xmp" not in photo.info
    assert b"PhoneMaker" not in data and b"Pocket 12" not in data
    assert evidence.content_type == "image/jpeg"
    assert evidence.caption == "Gesprek bij de markt"


def test_photo_is_turned_upright_before_its_orientation_is_dropped(world):
    # Orientation 6: the camera was held sideways, the photo is shown turned 90°.
    evidence = attach(
        world["iteration"], "side.jpg", jpeg_with_gps((64, 48), orientation=6), world["member"]
    )

    with evidence.file.open("rb") as stored:
        assert Image.open(stored).size == (48, 64)


def test_large_photo_is_scaled_down(world):
    output = io.BytesIO()
    Image.new("RGB", (4000, 3000), "navy").save(output, format="PNG")

    evidence = attach(world["iteration"], "wide.png", output.getvalue(), world["member"])

    with evidence.file.open("rb") as stored:
        assert Image.open(stored).size == (2560, 1920)
    assert evidence.original_name == "wide.jpg"


def test_heic_photo_is_stored_and_served_as_jpeg(client, world):
    client.force_login(world["member"])

    post_file(client, world["iteration"], "IMG_0042.HEIC", heic_photo())

    evidence = Evidence.objects.get()
    assert evidence.original_name == "IMG_0042.jpg"
    response = client.get(evidence.get_download_url())
    body = b"".join(response.streaming_content)
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline")
    assert Image.open(io.BytesIO(body)).format == "JPEG"


# Serving -----------------------------------------------------------------------------


def test_document_downloads_as_an_attachment_under_a_safe_name(client, world):
    evidence = attach(world["iteration"], "verslag markt (v2).pdf", PDF, world["member"])
    client.force_login(world["team_mate"])

    response = client.get(evidence.get_download_url())

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="verslag_markt_v2.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("name", "make", "content_type"),
    [
        (
            "plan.docx",
            docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("plan.odt", odt, "application/vnd.oasis.opendocument.text"),
    ],
)
def test_office_documents_are_stored_as_uploaded(world, name, make, content_type):
    evidence = attach(world["iteration"], name, make(), world["member"])

    assert evidence.kind == Evidence.Kind.DOCUMENT
    assert evidence.content_type == content_type
    with evidence.file.open("rb") as stored:
        assert stored.read() == make()


def test_upload_never_redirects_to_another_site(client, world):
    client.force_login(world["member"])

    response = client.post(
        page_url(world["iteration"]),
        {
            "evidence-file": upload("a.pdf", PDF),
            "next": "https://elsewhere.example/phish",
        },
    )

    assert response["Location"] == page_url(world["iteration"])


def test_files_exist_only_under_the_private_root(world):
    evidence = attach(world["iteration"], "market.jpg", jpeg_with_gps(), world["member"])

    path = Path(evidence.file.path).resolve()
    assert path.is_relative_to(Path(settings.PRIVATE_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with pytest.raises(NotImplementedError):
        evidence.file.url  # noqa: B018 - private files have no direct URL


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("member", 200),
        ("team_mate", 200),
        ("other_member", 404),
        ("coach", 200),
        ("other_coach", 404),
        ("coordinator", 200),
        ("other_coordinator", 404),
        ("anonymous", 404),
    ],
)
@pytest.mark.parametrize("kind", ["photo", "document"])
def test_download_access(client, world, persona, status, kind):
    name, content = ("market.jpg", jpeg_with_gps()) if kind == "photo" else ("a.pdf", PDF)
    evidence = attach(world["iteration"], name, content, world["member"])
    if persona != "anonymous":
        client.force_login(world[persona])

    response = client.get(evidence.get_download_url())

    assert response.status_code == status
    if status == 404:
        assert "Content-Disposition" not in response


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("member", 200),
        ("team_mate", 200),
        ("other_member", 404),
        ("coach", 200),
        ("other_coach", 404),
        ("coordinator", 200),
        ("other_coordinator", 404),
        ("anonymous", 302),
    ],
)
def test_evidence_page_access(client, world, persona, status):
    attach(world["iteration"], "market.jpg", jpeg_with_gps(), world["member"], "Op de markt")
    if persona != "anonymous":
        client.force_login(world[persona])

    response = client.get(page_url(world["iteration"]))

    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert 'alt="Op de markt"' in html
        # Only members of the team get the upload form.
        assert ('name="evidence-file"' in html) == (persona in {"member", "team_mate"})
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


def test_evidence_page_queries_stay_flat(client, world):
    client.force_login(world["member"])
    attach(world["iteration"], "one.pdf", PDF, world["member"])
    with CaptureQueriesContext(connection) as one:
        client.get(page_url(world["iteration"]))
    for number in range(20):
        attach(world["iteration"], f"more-{number}.pdf", PDF, world["member"])
    with CaptureQueriesContext(connection) as many:
        response = client.get(page_url(world["iteration"]))

    assert response.content.decode().count("download>") == 21
    assert len(many) == len(one)


# Activity and deletion ---------------------------------------------------------------


def test_upload_and_deletion_record_the_teams_activity(
    client, world, django_capture_on_commit_callbacks
):
    team = world["team"]
    client.force_login(world["member"])
    # Near today: the test's login session must still be valid.
    upload_time = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=1)
    with time_machine.travel(upload_time, tick=False):
        post_file(client, world["iteration"], "market.jpg", jpeg_with_gps())
    assert Team.objects.get(pk=team.pk).last_activity_at == upload_time
    evidence = Evidence.objects.get()
    path = Path(evidence.file.path)

    delete_time = upload_time + datetime.timedelta(hours=2)
    with (
        time_machine.travel(delete_time, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("prototypes:evidence_delete", args=[evidence.pk]))

    assert response.status_code == 302
    assert not Evidence.objects.exists()
    assert not path.exists()
    assert Team.objects.get(pk=team.pk).last_activity_at == delete_time


def test_evidence_of_a_submitted_iteration_cannot_be_deleted(client, world):
    evidence = attach(world["iteration"], "a.pdf", PDF, world["member"])
    Iteration.objects.filter(pk=world["iteration"].pk).update(status=Iteration.Status.SUBMITTED)
    client.force_login(world["member"])

    response = client.post(reverse("prototypes:evidence_delete", args=[evidence.pk]))

    assert response.status_code == 302
    assert Evidence.objects.filter(pk=evidence.pk).exists()


@pytest.mark.parametrize("persona", ["coach", "coordinator", "other_member"])
def test_only_members_can_delete(client, world, persona):
    evidence = attach(world["iteration"], "a.pdf", PDF, world["member"])
    client.force_login(world[persona])

    response = client.post(reverse("prototypes:evidence_delete", args=[evidence.pk]))

    assert response.status_code == 404
    assert Evidence.objects.filter(pk=evidence.pk).exists()
