"""Who sees what, on the site and in the Wagtail admin, persona by persona.

Programme A is the one under test; programme B is someone else's. Anything a persona
may not see is a 404 (or, for the admin as a whole, the way to sign in), never a 403.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale

from courses.models import SITE_EDITORS, ContactMoment, CoordinatorGroup, Membership, Role
from home.models import HomePage, StandardPage
from tests.factories import UserFactory, enrol, make_programme, programme_index, translate

pytestmark = pytest.mark.django_db

BODY_TEXT = "Alleen voor deelnemers: opdracht van week 1."
CONTACT_PLACE = "Buurthuis De Klop"

SITE_PERSONAS = [
    "visitor",
    "participant",
    "resident",
    "other_participant",
    "coach",
    "coordinator",
    "other_coordinator",
    "site_editor",
    "superuser",
]
SEES_BODY = {"participant", "resident", "coach", "coordinator", "superuser"}
MAY_MARK_DONE = {"participant", "resident"}


@pytest.fixture
def world():
    """Two programmes, a module with a contact moment, and one person per persona."""
    a = make_programme(title="Overvecht, voorjaar 2027", modules=2)
    b = make_programme(title="Kanaleneiland, voorjaar 2027", modules=2)
    module_a = a.get_children().specific().first()
    module_a.contact_moments.add(
        ContactMoment(
            title="Intervisie",
            weekday="1",
            start_time=datetime.time(19),
            end_time=datetime.time(21),
            place=CONTACT_PLACE,
        )
    )
    module_a.save_revision().publish()
    people = {"visitor": None}
    for name, programme, role in [
        ("participant", a, Role.STUDENT),
        ("resident", a, Role.RESIDENT),
        ("other_participant", b, Role.STUDENT),
        ("coach", a, Role.COACH),
        ("coordinator", a, Role.COORDINATOR),
        ("other_coordinator", b, Role.COORDINATOR),
    ]:
        people[name] = UserFactory(display_name=name)
        enrol(people[name], programme, role)
    people["site_editor"] = UserFactory(display_name="site editor")
    people["site_editor"].groups.add(Group.objects.get(name=SITE_EDITORS))
    people["superuser"] = UserFactory(display_name="admin", is_superuser=True, is_staff=True)
    home = HomePage.objects.get(locale=Locale.get_default())
    standard = StandardPage(title="Over ons")
    home.add_child(instance=standard)
    standard.save_revision().publish()
    return {
        "a": a,
        "b": b,
        "module_a": module_a,
        "module_b": b.get_children().specific().first(),
        "home": home,
        "standard": standard,
        "people": people,
    }


def sign_in(client, world, persona):
    person = world["people"][persona]
    if person is not None:
        client.force_login(person)
    return person


# On the site -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", SITE_PERSONAS)
def test_module_body_and_contact_moments_only_for_members(client, world, persona):
    sign_in(client, world, persona)

    html = client.get(world["module_a"].url).content.decode()

    # Everyone sees the public part.
    assert "Publieke samenvatting van week 1." in html
    assert (BODY_TEXT in html) == (persona in SEES_BODY)
    assert (CONTACT_PLACE in html) == (persona in SEES_BODY)


@pytest.mark.parametrize("persona", SITE_PERSONAS)
def test_the_english_module_checks_membership_of_the_dutch_programme(client, world, persona):
    english = translate(world["module_a"], "en")
    sign_in(client, world, persona)

    html = client.get(english.url).content.decode()

    assert english.url.startswith("/en/")
    assert (BODY_TEXT in html) == (persona in SEES_BODY)


@pytest.mark.parametrize("persona", SITE_PERSONAS)
def test_only_the_programmes_students_and_residents_can_mark_modules_done(client, world, persona):
    sign_in(client, world, persona)
    module = world["module_a"]

    response = client.post(f"/nl/modules/{module.pk}/progress/", {"done": "1"})
    page = client.get(module.url).content.decode()

    assert response.status_code == (302 if persona in MAY_MARK_DONE else 404)
    assert ("Markeer als klaar" in page or "Toch niet klaar" in page) == (persona in MAY_MARK_DONE)


def test_an_unpublished_module_cannot_be_marked_done(client, world):
    sign_in(client, world, "participant")
    module = world["module_a"]
    module.unpublish()

    response = client.post(f"/nl/modules/{module.pk}/progress/", {"done": "1"})

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("persona", "programme"),
    [
        ("participant", "b"),
        ("other_participant", "a"),
        ("coach", "b"),
        ("coordinator", "b"),
        ("other_coordinator", "a"),
        ("site_editor", "a"),
    ],
)
def test_my_programme_of_someone_elses_programme_is_a_404(client, world, persona, programme):
    sign_in(client, world, persona)

    response = client.get("/nl/my-programme/", {"programme": world[programme].pk})

    assert response.status_code == 404


def test_the_programme_page_names_its_coordinators_but_no_email_addresses(client, world):
    html = client.get(world["a"].url).content.decode()

    assert "coordinator" in html
    assert world["people"]["coordinator"].email not in html
    assert "other_coordinator" not in html


# In the Wagtail admin -----------------------------------------------------------------


def edit(page):
    return f"/admin/pages/{page.pk}/edit/"


def test_a_coordinator_edits_their_own_programme_and_its_modules(client, world):
    sign_in(client, world, "coordinator")

    assert client.get("/admin/").status_code == 200
    assert client.get(edit(world["a"])).status_code == 200
    assert client.get(edit(world["module_a"])).status_code == 200
    add_module = f"/admin/pages/add/courses/modulepage/{world['a'].pk}/"
    assert client.get(add_module).status_code == 200
    # Module bodies hold images and documents.
    assert client.get("/admin/images/").status_code == 200
    assert client.get("/admin/documents/").status_code == 200


def test_a_coordinator_edits_the_english_translation_of_their_programme(client, world):
    english = translate(world["a"], "en")
    sign_in(client, world, "coordinator")

    assert client.get(edit(english)).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/{b}/edit/",
        "/admin/pages/{module_b}/edit/",
        "/admin/pages/{b}/",
        "/admin/pages/{b}/delete/",
        "/admin/pages/{module_b}/copy/",
        "/admin/pages/{b}/history/",
        "/admin/pages/add/courses/modulepage/{b}/",
    ],
)
def test_another_programme_is_a_404_for_a_coordinator(client, world, url):
    sign_in(client, world, "coordinator")

    response = client.get(url.format(b=world["b"].pk, module_b=world["module_b"].pk))

    assert response.status_code == 404


def test_a_coordinator_cannot_create_a_programme(client, world):
    sign_in(client, world, "coordinator")

    response = client.get(f"/admin/pages/add/courses/programmepage/{programme_index().pk}/")

    assert response.status_code != 200


def test_a_site_editor_edits_the_public_site(client, world):
    sign_in(client, world, "site_editor")

    assert client.get(edit(world["home"])).status_code == 200
    assert client.get(edit(world["standard"])).status_code == 200
    assert client.get(edit(programme_index())).status_code == 200
    assert client.get("/admin/images/").status_code == 200
    assert client.get("/admin/documents/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/{a}/edit/",
        "/admin/pages/{module_a}/edit/",
        "/admin/pages/{a}/",
        "/admin/pages/{module_a}/delete/",
        "/admin/pages/add/courses/modulepage/{a}/",
        "/admin/pages/add/courses/programmepage/{index}/",
    ],
)
def test_programme_pages_are_a_404_for_a_site_editor(client, world, url):
    sign_in(client, world, "site_editor")

    response = client.get(
        url.format(a=world["a"].pk, module_a=world["module_a"].pk, index=programme_index().pk)
    )

    assert response.status_code == 404


def test_a_site_editor_does_not_see_programmes_in_the_explorer_or_chooser(client, world):
    sign_in(client, world, "site_editor")
    index = programme_index()

    explorer = client.get(f"/admin/pages/{index.pk}/").content.decode()
    chooser = client.get(f"/admin/choose-page/{index.pk}/").content.decode()

    assert "Overvecht, voorjaar 2027" not in explorer
    assert "Overvecht, voorjaar 2027" not in chooser


def test_a_site_editor_who_coordinates_a_programme_edits_it(client, world):
    editor = sign_in(client, world, "site_editor")
    enrol(editor, world["a"], Role.COORDINATOR)

    assert client.get(edit(world["a"])).status_code == 200
    assert client.get(edit(world["b"])).status_code == 404


@pytest.mark.parametrize("persona", ["participant", "resident", "coach", "other_participant"])
def test_the_admin_is_not_reachable_for_participants_and_coaches(client, world, persona):
    sign_in(client, world, persona)

    dashboard = client.get("/admin/")
    programme = client.get(edit(world["a"]))

    assert dashboard.status_code == 302
    assert "/accounts/login/" in dashboard["Location"]
    assert programme.status_code in {302, 404}


def test_a_superuser_edits_every_programme(client, world):
    sign_in(client, world, "superuser")

    assert client.get(edit(world["a"])).status_code == 200
    assert client.get(edit(world["b"])).status_code == 200


# Admin permissions follow memberships --------------------------------------------------


def test_a_coordinator_membership_creates_the_programmes_group(world):
    group = CoordinatorGroup.objects.get(programme=world["a"]).group

    assert group.name == "Coordinators · Overvecht, voorjaar 2027"
    assert list(group.user_set.all()) == [world["people"]["coordinator"]]
    assert group.permissions.filter(codename="access_admin").exists()
    assert set(
        group.page_permissions.filter(page=world["a"]).values_list(
            "permission__codename", flat=True
        )
    ) == {"add_page", "change_page", "publish_page"}


def test_a_coordinator_who_becomes_a_coach_loses_the_admin(client, world):
    coordinator = world["people"]["coordinator"]
    membership = Membership.objects.get(user=coordinator, programme=world["a"])
    membership.role = Role.COACH
    membership.save()
    sign_in(client, world, "coordinator")

    assert client.get(edit(world["a"])).status_code != 200
    assert client.get("/admin/").status_code == 302


def test_a_deleted_coordinator_membership_takes_the_admin_away(client, world):
    Membership.objects.get(user=world["people"]["coordinator"], programme=world["a"]).delete()
    sign_in(client, world, "coordinator")

    assert client.get(edit(world["a"])).status_code != 200
    assert not CoordinatorGroup.objects.get(programme=world["a"]).group.user_set.exists()


def test_renaming_a_programme_renames_its_group(world):
    programme = world["a"]
    programme.title = "Overvecht, najaar 2027"
    programme.save_revision().publish()

    assert (
        CoordinatorGroup.objects.get(programme=programme).group.name
        == "Coordinators · Overvecht, najaar 2027"
    )


def test_two_programmes_with_one_title_get_two_groups(world):
    twin = make_programme(title="Overvecht, voorjaar 2027", modules=0)
    enrol(UserFactory(), twin, Role.COORDINATOR)

    names = {
        link.group.name for link in CoordinatorGroup.objects.filter(programme__title=twin.title)
    }
    assert len(names) == 2


def test_deleting_a_programme_deletes_its_group(world):
    group_id = CoordinatorGroup.objects.get(programme=world["b"]).group_id

    world["b"].delete()

    assert not Group.objects.filter(pk=group_id).exists()
