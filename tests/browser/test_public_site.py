"""A visitor on a phone finds a programme, in Dutch and in English."""

from wagtail.models import Locale, Page

from tests.browser import assert_no_horizontal_scroll, follow, path_of, visit
from tests.factories import make_programme
from tests.home.events_site import agenda


def publish_translation(page, language_code="en", **fields):
    """A published translation of `page`, with `fields` (e.g. an English title) set.

    Its parents must already be translated, as an editor would have done first.
    """
    translation = page.copy_for_translation(Locale.objects.get(language_code=language_code))
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation.specific_class.objects.get(pk=translation.pk)


def english_site():
    """English translations of the home page and the programme index."""
    home = Page.objects.get(depth=2, locale__language_code="nl").specific
    english_home = publish_translation(home, title="Learning Lab")
    index = home.get_children().get(slug="programmas").specific
    publish_translation(index, title="Programmes", slug="programmes")
    return english_home


def test_a_visitor_on_a_phone_reads_about_a_programme_in_dutch_then_english(page):
    programme = make_programme(title="Overvecht, voorjaar 2027", modules=3)
    week_one = programme.get_children().get(modulepage__week=1).specific
    english_site()
    english_programme = publish_translation(
        programme,
        title="Overvecht, spring 2027",
        slug="overvecht-spring-2027",
        summary="Building social enterprises together in the neighbourhood.",
    )
    publish_translation(
        week_one,
        title="Week 1: getting to know the neighbourhood",
        summary="Public summary of week 1.",
        body=[("text", "<p>For participants only: the assignment of week 1.</p>")],
    )
    # The programme's own workshops, which its page links below the modules.
    publish_translation(agenda(parent=programme), title="Workshops", slug="workshops")

    visit(page, "/nl/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("link", name="Overvecht, voorjaar 2027").is_visible()
    assert_no_horizontal_scroll(page)

    follow(page, page.get_by_role("link", name="English"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert path_of(page) == "/en/"
    assert_no_horizontal_scroll(page)

    follow(page, page.get_by_role("link", name="Overvecht, spring 2027"))
    assert path_of(page) == english_programme.get_url()
    assert page.get_by_role("heading", level=1).inner_text() == "Overvecht, spring 2027"
    own_pages = page.get_by_role("region", name="More from this programme")
    assert own_pages.get_by_role("link", name="Workshops").is_visible()
    assert own_pages.get_by_text("Workshops and events").is_visible()
    assert_no_horizontal_scroll(page)

    follow(page, page.get_by_role("link", name="Week 1: getting to know the neighbourhood"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("Public summary of week 1.").is_visible()
    # A visitor sees the summary, and is asked to sign in for the rest.
    assert page.get_by_text("For participants only").count() == 0
    assert page.get_by_role("link", name="Sign in to see the whole module").is_visible()
    assert_no_horizontal_scroll(page)


# The contrast between the focused element's outline and the background behind it
# (WCAG 1.4.11: at least 3:1), worked out from the computed styles.
FOCUS_RING = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const rgb = (value) => value.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => {
    const channel = (c) => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  let behind = element.parentElement;
  while (behind && rgb(getComputedStyle(behind).backgroundColor)[3] === 0) {
    behind = behind.parentElement;
  }
  const background = behind ? rgb(getComputedStyle(behind).backgroundColor) : [255, 255, 255];
  const [light, dark] = [luminance(rgb(style.outlineColor)), luminance(background)].sort((a, b) => b - a);
  return {
    element: element.outerHTML.slice(0, 80),
    inMain: Boolean(element.closest("main")),
    style: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    contrast: (light + 0.05) / (dark + 0.05),
  };
}"""


def test_a_keyboard_user_skips_to_the_content_and_always_sees_the_focus(desktop_page):
    page = desktop_page
    make_programme(title="Overvecht, voorjaar 2027")
    visit(page, "/en/")

    page.keyboard.press("Tab")
    skip_link = page.locator(".skip-link")
    assert skip_link.evaluate("element => element === document.activeElement")
    assert skip_link.is_visible() and skip_link.bounding_box()["x"] >= 0

    # Through the header to the first link in the content, every stop clearly ringed.
    for _ in range(10):
        ring = page.evaluate(FOCUS_RING)
        assert ring["style"] != "none" and ring["width"] >= 2, ring
        assert ring["contrast"] >= 3, ring
        if ring["inMain"]:
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError("Ten tabs never reached the page's content")

    # The skip link takes focus past the header, so the next Tab stays in the content.
    skip_link.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
