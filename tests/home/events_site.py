"""Event pages built as an editor would, for the event tests (also the browser's)."""

import datetime
import zoneinfo

from wagtail.models import Locale

from home.models import EventIndexPage, EventPage, HomePage

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
# 19:00 in Amsterdam on 15 March 2027 is 18:00 UTC (winter time).
STARTS_AT = datetime.datetime(2027, 3, 15, 19, 0, tzinfo=AMSTERDAM)
BEFORE = datetime.datetime(2027, 3, 1, 10, 0, tzinfo=datetime.UTC)


def agenda(parent=None):
    parent = parent or HomePage.objects.get(locale=Locale.get_default())
    index = EventIndexPage(title="Agenda", slug="agenda", intro="Wat er te doen is.")
    parent.add_child(instance=index)
    index.save_revision().publish()
    return EventIndexPage.objects.get(pk=index.pk)


def event(index, title="Werkplaats sociaal businessmodel", starts_at=STARTS_AT, **fields):
    fields.setdefault("kind", EventPage.Kind.WORKSHOP)
    fields.setdefault("summary", "Samen het canvas invullen voor je eigen onderneming.")
    fields.setdefault("place", "Buurthuis De Boog")
    fields.setdefault("address", "Zamenhofdreef 1, Utrecht")
    fields.setdefault("ends_at", starts_at + datetime.timedelta(hours=2))
    page = EventPage(title=title, starts_at=starts_at, **fields)
    index.add_child(instance=page)
    page.save_revision().publish()
    return EventPage.objects.get(pk=page.pk)
