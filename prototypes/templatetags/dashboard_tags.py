"""Server-drawn charts for the impact dashboards: inline SVG whose bar lengths are SVG
attributes (the site's content security policy refuses style attributes), scaled by
its viewBox so it reads at 360 px. Every chart has a table of the same numbers next to
it in the template; the chart itself is one image with a name (role="img")."""

from django import template

register = template.Library()

# The drawing's coordinate system: a label column, the bars, then the numbers in a column
# of their own, where they line up to be read down.
WIDTH = 420
LABEL_WIDTH = 150
BAR_SPACE = 190
ROW = 28
BAR = 18

# The scale chart: 1 to 5 on an axis after the label column.
AXIS_START, AXIS_END = 170, 350
SCALE_MIN, SCALE_MAX = 1, 5


@register.inclusion_tag("prototypes/includes/dashboard_bars.html")
def bar_chart(rows, title, maximum=None):
    """A horizontal bar chart. `rows` are (label, value, text) with `text` the number as
    shown (e.g. "3 of 4"); bars are drawn against `maximum`, else the largest value."""
    rows = list(rows)
    maximum = max([maximum or 0, *(value for _label, value, _text in rows)])
    bars = []
    for index, (label, value, text) in enumerate(rows):
        width = round(BAR_SPACE * value / maximum, 1) if maximum else 0
        y = index * ROW
        bars.append(
            {
                "label": label,
                "text": text,
                "y": y,
                "text_y": y + BAR - 4,
                "width": width,
            }
        )
    return {
        "title": title,
        "bars": bars,
        "bar_x": LABEL_WIDTH,
        "bar_space": BAR_SPACE,
        "bar_height": BAR,
        "text_x": LABEL_WIDTH + BAR_SPACE + 8,
        "view_width": WIDTH,
        "view_height": max(len(rows), 1) * ROW,
    }


def _position(score) -> float:
    return AXIS_START + (AXIS_END - AXIS_START) * (score - SCALE_MIN) / (SCALE_MAX - SCALE_MIN)


@register.inclusion_tag("prototypes/includes/dashboard_scale_chart.html")
def scale_chart(change, min_group_size):
    """One self-assessment scale: per group a line from the average first score (open
    circle) to the average latest score (filled circle) on a 1–5 axis, and the change."""
    ticks = [{"value": value, "x": _position(value)} for value in range(SCALE_MIN, SCALE_MAX + 1)]
    groups = []
    for index, group in enumerate(change.groups):
        y = 44 + index * 34
        row = {"group": group, "y": y, "text_y": y + 5, "mask_y": y - 12}
        if group.shown:
            row["first_x"] = _position(group.first)
            row["latest_x"] = _position(group.latest)
        groups.append(row)
    return {
        "change": change,
        "ticks": ticks,
        "groups": groups,
        "axis_start": AXIS_START,
        "axis_end": AXIS_END,
        "note_x": AXIS_END + 12,
        # A hidden group's note covers the grid lines, so that it reads.
        "mask_x": AXIS_START - 4,
        "mask_width": WIDTH - AXIS_START + 4,
        "view_width": WIDTH,
        "view_height": 44 + len(groups) * 34,
        "min_group_size": min_group_size,
    }
