"""Small constructors for StreamField blocks in their stored (JSON-ish) form.

The demo content is written with these so it reads like the page an editor would
build, and the builder can hand the list straight to a StreamField.
"""


def text(html):
    return {"type": "text", "value": html}


def activity(title, instructions, *, minutes=None, grouping="team"):
    return {
        "type": "activity",
        "value": {
            "title": title,
            "duration_minutes": minutes,
            "grouping": grouping,
            "instructions": instructions,
        },
    }


def resource(title, url, description=""):
    return {
        "type": "resource",
        "value": {"title": title, "description": description, "url": url, "document": None},
    }


def reflection(prompt):
    return {"type": "reflection_prompt", "value": {"prompt": prompt}}


def deliverable(title, description, *, due_day="4", completed_by="iteration"):
    return {
        "type": "deliverable",
        "value": {
            "title": title,
            "description": description,
            "due_day": due_day,
            "completed_by": completed_by,
        },
    }
