"""Template helpers for programme content: privacy-friendly video embeds and choice labels."""

import re
from urllib.parse import parse_qs, urlparse

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com"}
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


@register.filter
def privacy_embed_url(url):
    """The cookie-free player address for a YouTube or Vimeo link, or "" for others.

    Built from the link itself, so showing a video asks no third party anything until
    the visitor's browser loads the player: YouTube's no-cookie domain and Vimeo's
    do-not-track mode (both allowed by the site's content security policy).
    """
    if not url:
        return ""
    parsed = urlparse(str(url))
    host = (parsed.hostname or "").lower()
    video_id = ""
    if host in YOUTUBE_HOSTS or host.endswith(".youtube-nocookie.com"):
        if parsed.path == "/watch":
            video_id = parse_qs(parsed.query).get("v", [""])[0]
        elif parsed.path.startswith(("/embed/", "/shorts/", "/live/")):
            video_id = parsed.path.split("/")[2]
        if YOUTUBE_ID.match(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host == "youtu.be":
        video_id = parsed.path.lstrip("/").split("/")[0]
        if YOUTUBE_ID.match(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host in {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}:
        numbers = [part for part in parsed.path.split("/") if part.isdigit()]
        if numbers:
            return f"https://player.vimeo.com/video/{numbers[0]}?dnt=1"
    return ""


@register.filter
def choice_label(bound_block):
    """The label of a ChoiceBlock's value (`value.bound_blocks.<name>|choice_label`)."""
    value = bound_block.value
    for choice, label in bound_block.block.field.choices:
        if str(choice) == str(value):
            return label
    return value


@register.simple_tag
def module_schedule(module):
    """“Week 3 · 23 November – 29 November 2026” with machine-readable dates.

    A tag rather than an included template: lists show it once per module, and an
    include per row was the largest cost of rendering "My programme".
    """
    if module.duration_weeks > 1:
        weeks = _("Weeks %(start)s–%(end)s") % {"start": module.week, "end": module.end_week}
    else:
        weeks = _("Week %(week)s") % {"week": module.week}
    start, end = module.start_date, module.end_date
    return format_html(
        '{} · <time datetime="{}">{}</time> – <time datetime="{}">{}</time>',
        weeks,
        start.isoformat(),
        date_format(start, "j F"),
        end.isoformat(),
        date_format(end, "j F Y"),
    )
