"""Every StreamField block of the site, in one place.

Module bodies use all of them; public pages use the general ones (BodyBlock).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        help_text=_("Describe the image for people who cannot see it. Leave empty if decorative."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image_block.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video link"), help_text=_("A YouTube or Vimeo address."))
    title = blocks.CharBlock(label=_("Title"))
    transcript = blocks.TextBlock(label=_("Transcript or summary"), required=False)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video_block.html"


class ActivityBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    duration_minutes = blocks.IntegerBlock(
        label=_("Duration (minutes)"), required=False, min_value=1
    )
    grouping = blocks.ChoiceBlock(
        label=_("Who"),
        choices=[
            ("individual", _("Individually")),
            ("team", _("As a team")),
            ("all", _("With everyone")),
        ],
        default="team",
    )
    instructions = blocks.RichTextBlock(label=_("Instructions"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "group"
        label = _("Activity")
        template = "blocks/activity_block.html"


class ResourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    description = blocks.TextBlock(label=_("Description"), required=False)
    url = blocks.URLBlock(label=_("Link"), required=False)
    document = DocumentChooserBlock(label=_("Document"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Resource")
        template = "blocks/resource_block.html"


class ReflectionPromptBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("Question to reflect on"))

    class Meta:
        icon = "help"
        label = _("Reflection prompt")
        template = "blocks/reflection_prompt_block.html"


WEEKDAYS = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]


class DeliverableBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    description = blocks.RichTextBlock(label=_("What to hand in"), features=RICH_TEXT_FEATURES)
    due_day = blocks.ChoiceBlock(label=_("Due on"), choices=WEEKDAYS, default="4")
    completed_by = blocks.ChoiceBlock(
        label=_("Completed by"),
        choices=[
            ("iteration", _("An iteration submitted")),
            ("canvas", _("The canvas filled in")),
            ("reflection", _("A reflection written")),
            ("file", _("A file uploaded")),
        ],
        default="iteration",
    )

    class Meta:
        icon = "tasks"
        label = _("Deliverable")
        template = "blocks/deliverable_block.html"


class BodyBlock(blocks.StreamBlock):
    """The general blocks of any content page."""

    text = blocks.RichTextBlock(
        label=_("Text"), features=RICH_TEXT_FEATURES, template="blocks/text_block.html"
    )
    image = ImageBlock()
    video = VideoBlock()

    class Meta:
        label = _("Body")


class ModuleBodyBlock(BodyBlock):
    """A module's body: the general blocks plus the action-learning ones."""

    activity = ActivityBlock()
    resource = ResourceBlock()
    reflection_prompt = ReflectionPromptBlock()
    deliverable = DeliverableBlock()
