"""The prototype canvas on paper: the blocks laid out as the classic canvas on one
landscape A4 sheet, without the site's navigation, the form or its buttons."""

import os
import re

from tests.browser import visit
from tests.browser.test_team_work import sign_in
from tests.factories import make_team_world

# A4 landscape, 297 mm wide, less the print CSS's 10 mm margins, at 96 CSS px per inch.
PRINTABLE_WIDTH = round((297 - 2 * 10) / 25.4 * 96)
PRINTABLE_HEIGHT = round((210 - 2 * 10) / 25.4 * 96)
# Where a test run may leave what it printed, to look at (e.g. /tmp/canvas).
KEEP = os.environ.get("CANVAS_PRINT_KEEP")

CANVAS = {
    "partners": "De buurtvereniging, de moskee aan het plein en de supermarkt op de hoek.",
    "key_activities": "Kookavonden organiseren, boodschappen inzamelen, vrijwilligers werven.",
    "key_resources": "De keuken van het buurthuis, vrijwilligers en een klein budget.",
    "social_value_proposition": "Buren die samen koken, eten minder vaak alleen en leren "
    "elkaar kennen. " * 3,
    "customer_value_proposition": "Een warme maaltijd voor vijf euro, dichtbij huis.",
    "channels": "Flyers in de portiekflats, de wijkapp en mond-tot-mondreclame.",
    "beneficiaries": "Ouderen en alleenstaanden in Overvecht.",
    "customers": "Buurtbewoners, de gemeente en woningcorporaties.",
    "costs": "Ingrediënten, huur van de keuken, verzekering.",
    "surplus_use": "Gratis maaltijden voor wie het niet kan betalen.",
    "revenue": "Bijdragen per maaltijd, subsidie van de gemeente, catering.",
    "impact_measures": "Aantal terugkerende gasten; hoe vaak men zich eenzaam voelt.",
}


def pdf_pages(pdf: bytes) -> int:
    """The number of pages of a PDF Chromium wrote (its page objects are left plain)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def test_the_canvas_prints_as_a_grid_on_landscape_a4(desktop_page, live_server):
    world = make_team_world()
    team, member = world["team"], world["people"]["member"]
    impact = {"impact_what": "Minder eenzaamheid onder ouderen.", "impact_who": "Ouderen."}
    team.prototype.save_canvas({**CANVAS, **impact}, by=member)
    page = desktop_page
    # A member sees the form on screen and the sheet only on paper. The window is as
    # wide as the paper's printable width, so the laid out boxes can be measured.
    sign_in(page, member, live_server)
    page.set_viewport_size({"width": PRINTABLE_WIDTH, "height": PRINTABLE_HEIGHT})
    visit(page, f"/en/teams/{team.pk}/canvas/")

    page.emulate_media(media="print")

    for hidden in [".site-header", ".site-footer", ".canvas-form", ".breadcrumb", "button"]:
        assert not page.locator(hidden).first.is_visible(), f"{hidden} is printed"
    cells = page.locator(".canvas-sheet .canvas__cell")
    assert cells.count() == len(CANVAS)
    boxes = [cells.nth(index).bounding_box() for index in range(cells.count())]
    assert len({round(box["x"]) for box in boxes}) >= 5  # the canvas's five columns
    assert len({round(box["y"]) for box in boxes}) >= 3  # and three rows
    assert all(box["x"] >= 0 and box["x"] + box["width"] <= PRINTABLE_WIDTH for box in boxes)
    assert page.evaluate("document.documentElement.scrollWidth") <= PRINTABLE_WIDTH
    # The title and the canvas fit on the first sheet.
    grid = page.locator(".canvas-sheet .canvas").bounding_box()
    assert grid["y"] + grid["height"] <= PRINTABLE_HEIGHT

    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    if KEEP:
        page.screenshot(path=f"{KEEP}.png", full_page=True)
        with open(f"{KEEP}.pdf", "wb") as file:
            file.write(pdf)
    # The canvas on the first sheet, the impact statement with its heading on the second.
    assert pdf_pages(pdf) == 2
