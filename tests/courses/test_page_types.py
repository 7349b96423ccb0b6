"""Every page type lives where it belongs and renders, in Dutch and in English."""

import datetime

from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from courses.models import ContactMoment, ModulePage, ProgrammeIndexPage, ProgrammePage
from home.models import BrochurePage, EventIndexPage, HomePage, NewsIndexPage, StandardPage
from tests.factories import UserFactory, enrol, make_programme, programme_index, translate

FULL_BODY = [
    ("text", "<p>Lees het hoofdstuk over waardeproposities.</p>"),
    ("video", {"video": "https://youtu.be/dQw4w9WgXcQ", "title": "Intro", "transcript": "Hallo"}),
    (
        "activity",
        {
            "title": "Wijkwandeling",
            "duration_minutes": 90,
            "grouping": "team",
            "instructions": "<p>Loop</p>",
        },
    ),
    (
        "resource",
        {"title": "Canvas", "description": "Het canvas", "url": "https://example.org/canvas"},
    ),
    ("reflection_prompt", {"prompt": "Wat heb je gezien?"}),
    (
        "deliverable",
        {
            "title": "Eerste test",
            "description": "<p>Testkaart</p>",
            "due_day": "4",
            "completed_by": "iteration",
        },
    ),
]


class PageTypeTests(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(ProgrammePage, HomePage)

    def test_standard_pages_belong_to_the_public_site(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(ProgrammeIndexPage, StandardPage)
        self.assertCanNotCreateAt(ProgrammePage, StandardPage)
        self.assertCanNotCreateAt(ModulePage, StandardPage)

    def test_programme_index_sits_under_the_home_page_and_holds_programmes(self):
        self.assertAllowedParentPageTypes(ProgrammeIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ProgrammeIndexPage, {ProgrammePage})
        self.assertCanCreateAt(HomePage, ProgrammeIndexPage)
        self.assertCanNotCreateAt(StandardPage, ProgrammeIndexPage)

    def test_only_one_programme_index_per_home_page(self):
        home = HomePage.objects.get(locale=Locale.get_default())
        self.assertFalse(ProgrammeIndexPage.can_create_at(home))

    def test_programmes_live_in_the_index_and_hold_modules(self):
        self.assertAllowedParentPageTypes(ProgrammePage, {ProgrammeIndexPage})
        # Besides its modules, a programme holds what its coordinators publish about it.
        self.assertAllowedSubpageTypes(
            ProgrammePage, {ModulePage, EventIndexPage, NewsIndexPage, BrochurePage}
        )
        self.assertCanCreateAt(ProgrammeIndexPage, ProgrammePage)
        self.assertCanNotCreateAt(HomePage, ProgrammePage)
        self.assertCanNotCreateAt(StandardPage, ProgrammePage)

    def test_modules_live_in_a_programme_and_hold_nothing(self):
        self.assertAllowedParentPageTypes(ModulePage, {ProgrammePage})
        self.assertAllowedSubpageTypes(ModulePage, set())
        self.assertCanCreateAt(ProgrammePage, ModulePage)
        self.assertCanNotCreateAt(ProgrammeIndexPage, ModulePage)
        self.assertCanNotCreateAt(HomePage, ModulePage)


class RenderingTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.programme = make_programme(
            modules=2,
            social_entrepreneurship="<p>Sociaal ondernemen</p>",
            action_learning="<p>Actieleren</p>",
            oasis_method="<p>Oasis</p>",
            continuation="<p>Doorgaan</p>",
        )
        cls.module = cls.programme.get_children().specific().first()
        cls.module.body = FULL_BODY
        cls.module.oasis_step = "look"
        cls.module.action_learning_focus = "Vragen stellen"
        cls.module.learning_goals = "<ul><li>Kijken</li></ul>"
        cls.module.contact_moments.add(
            ContactMoment(
                title="Bijeenkomst",
                weekday="1",
                start_time=datetime.time(19),
                end_time=datetime.time(21),
                place="Buurthuis",
            )
        )
        cls.module.save_revision().publish()
        cls.home = HomePage.objects.get(locale=Locale.get_default())
        cls.standard = StandardPage(title="Over ons", intro="Wie we zijn")
        cls.home.add_child(instance=cls.standard)
        cls.standard.save_revision().publish()
        cls.student = UserFactory()
        enrol(cls.student, cls.programme)

    def dutch_pages(self):
        return [self.home, self.standard, programme_index(), self.programme, self.module]

    def test_every_page_type_renders_in_dutch(self):
        for page in self.dutch_pages():
            with self.subTest(page=type(page).__name__):
                self.assertPageIsRenderable(page)

    def test_every_page_type_renders_in_english(self):
        for page in self.dutch_pages():
            english = translate(page, "en")
            with self.subTest(page=type(page).__name__):
                self.assertTrue(english.url.startswith("/en/"), english.url)
                self.assertPageIsRenderable(english)

    def test_a_module_renders_its_whole_body_for_a_participant(self):
        # Signed in directly: Wagtail's `user=` signs in through the first
        # authentication backend, which here is the rules backend.
        self.client.force_login(self.student)
        for module in (self.module, translate(self.module, "en")):
            with self.subTest(locale=module.locale.language_code):
                self.assertPageIsRenderable(module)
                response = self.client.get(module.url)
                self.assertContains(response, "Wijkwandeling")
                self.assertContains(response, "youtube-nocookie.com/embed/dQw4w9WgXcQ")

    def test_programme_and_module_pages_are_editable_in_the_admin(self):
        self.assertPageIsEditable(self.programme)
        # Wagtail cannot read a StreamField back out of the edit form, so say what to send.
        module_form = nested_form_data(
            {
                "title": "Week 1",
                "slug": self.module.slug,
                "week": 1,
                "duration_weeks": 1,
                "oasis_step": "look",
                "action_learning_focus": "Vragen stellen",
                "summary": "Publieke samenvatting",
                "learning_goals": rich_text("<ul><li>Kijken</li></ul>"),
                "contact_moments": inline_formset([]),
                "body": streamfield([("text", rich_text("<p>Opdracht</p>"))]),
            }
        )
        self.assertPageIsEditable(self.module, post_data=module_form)
