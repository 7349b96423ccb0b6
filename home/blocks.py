"""The public site's own StreamField blocks: a brochure's sections and team showcases.

The general blocks (text, image with alt text and caption) are the site's, from
`courses.blocks`; what is added here only makes sense in a brochure.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from courses.blocks import RICH_TEXT_FEATURES, ImageBlock
from home.admin_views import team_chooser_viewset

TeamChooserBlock = team_chooser_viewset.get_block_class(
    name="TeamChooserBlock", module_path="home.blocks"
)


class SectionHeadingBlock(blocks.CharBlock):
    """A section's heading: it opens a section and has a line in the PDF's contents."""

    class Meta:
        icon = "title"
        label = _("Section heading")
        template = "blocks/section_heading_block.html"


class ShowcaseBlock(blocks.StructBlock):
    """One team of the programme: its question, canvas, latest accepted iteration,
    figures, and the names and quotes of the members who consented.

    What it shows is read when the page or PDF is drawn (`home.brochures.context`,
    which puts every showcase of the page in the context at once); the block only
    stores the team and an introduction."""

    team = TeamChooserBlock(label=_("Team"))
    introduction = blocks.TextBlock(
        label=_("Introduction"),
        required=False,
        help_text=_("A few sentences about the team, in your own words."),
    )

    class Meta:
        icon = "group"
        label = _("Team showcase")
        template = "blocks/showcase_block.html"
        preview_value = {"team": None, "introduction": ""}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        showcases = (parent_context or {}).get("showcases") or {}
        team = value.get("team")
        context["showcase"] = showcases.get(team.pk) if team else None
        return context


class BrochureBodyBlock(blocks.StreamBlock):
    """A brochure's body: headings, text, images and team showcases."""

    heading = SectionHeadingBlock()
    text = blocks.RichTextBlock(
        label=_("Text"), features=RICH_TEXT_FEATURES, template="blocks/text_block.html"
    )
    image = ImageBlock()
    showcase = ShowcaseBlock()

    class Meta:
        label = _("Body")
