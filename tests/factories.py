"""Factories for the whole suite: people, programmes with modules, memberships."""

import datetime

import factory
from django.contrib.auth import get_user_model
from wagtail.models import Locale, Page

from courses.models import Membership, ModulePage, ProgrammeIndexPage, ProgrammePage, Role

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)
    preferred_language = "nl"


def programme_index() -> ProgrammeIndexPage:
    return ProgrammeIndexPage.objects.get(locale=Locale.get_default())


def make_programme(
    title: str = "Overvecht, voorjaar 2027",
    modules: int = 3,
    start_date: datetime.date | None = None,
    enrolment_open: bool = True,
    **fields,
) -> ProgrammePage:
    """A published programme page with `modules` published weekly module pages."""
    start_date = start_date or datetime.date(2027, 2, 1)
    programme = ProgrammePage(
        title=title,
        summary=fields.pop("summary", "Samen bouwen aan sociale ondernemingen in de wijk."),
        start_date=start_date,
        weeks=max(modules, fields.pop("weeks", 12)),
        enrolment_open=enrolment_open,
        **fields,
    )
    programme_index().add_child(instance=programme)
    programme.save_revision().publish()
    for week in range(1, modules + 1):
        add_module(programme, week)
    return programme


def add_module(programme: ProgrammePage, week: int, **fields) -> ModulePage:
    module = ModulePage(
        title=fields.pop("title", f"Week {week}"),
        week=week,
        summary=fields.pop("summary", f"Publieke samenvatting van week {week}."),
        body=fields.pop(
            "body",
            [("text", f"<p>Alleen voor deelnemers: opdracht van week {week}.</p>")],
        ),
        **fields,
    )
    programme.add_child(instance=module)
    module.save_revision().publish()
    return module


def enrol(user, programme: ProgrammePage, role: str = Role.STUDENT) -> Membership:
    return Membership.objects.create(user=user, programme=programme, role=role)


def make_team(
    programme: ProgrammePage,
    name: str = "De Wijkkeuken",
    members=(),
    coaches=(),
    **fields,
):
    """A team of `programme` with its prototype. `members` is a list of (user, role);
    `coaches` a list of users. Memberships and coach roles in the programme itself are
    not created here: enrol people with `enrol` when a test needs them."""
    from prototypes.models import Prototype, Team, TeamMember

    team = Team.objects.create(programme=programme.default_locale_page, name=name, **fields)
    for user, role in members:
        TeamMember.objects.create(team=team, user=user, role=role)
    if coaches:
        # A parental many-to-many is written when the team is saved.
        team.coaches.set(coaches)
        team.save()
    Prototype.objects.create(team=team)
    return team


# Who may do what with team "De Wijkkeuken" of programme A (see make_team_world).
TEAM_PERSONAS = [
    "member",
    "team_mate",
    "other_team_member",
    "coach",
    "other_coach",
    "coordinator",
    "other_coordinator",
    "anonymous",
]


def make_team_world():
    """Programme A with team "De Wijkkeuken" (member, team mate, coach) and team "Repair
    Café" (other team member, other coach), A's coordinator, and programme B's
    coordinator: one person per persona in TEAM_PERSONAS (anonymous is None)."""
    a = make_programme(title="Overvecht, voorjaar 2027", modules=1)
    b = make_programme(title="Kanaleneiland, voorjaar 2027", modules=1)
    people = {"anonymous": None}
    for name, programme, role in [
        ("member", a, Role.STUDENT),
        ("team_mate", a, Role.RESIDENT),
        ("other_team_member", a, Role.STUDENT),
        ("coach", a, Role.COACH),
        ("other_coach", a, Role.COACH),
        ("coordinator", a, Role.COORDINATOR),
        ("other_coordinator", b, Role.COORDINATOR),
    ]:
        people[name] = UserFactory(display_name=name.replace("_", " ").title())
        enrol(people[name], programme, role)
    team = make_team(
        a,
        name="De Wijkkeuken",
        members=[(people["member"], Role.STUDENT), (people["team_mate"], Role.RESIDENT)],
        coaches=[people["coach"]],
    )
    other_team = make_team(
        a,
        name="Repair Café",
        members=[(people["other_team_member"], Role.STUDENT)],
        coaches=[people["other_coach"]],
    )
    return {"a": a, "b": b, "team": team, "other_team": other_team, "people": people}


def translate(page, language_code: str = "en"):
    """A published translation of `page` (and of any parent not yet translated)."""
    locale = Locale.objects.get(language_code=language_code)
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translation = page.specific.copy_for_translation(locale, copy_parents=True)
    translation.save_revision().publish()
    # Parents copied along the way start as drafts; publish them so the page is routable.
    for ancestor in Page.objects.ancestor_of(translation).filter(locale=locale, live=False):
        ancestor.specific.save_revision().publish()
    return type(translation).objects.get(pk=translation.pk)
