"""Forms for a person's availability and for a coach planning a session.

Times use the browser's own pickers (`<input type=time>`, `type=date`,
`type=datetime-local`), which are the easiest to use on a phone.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from prototypes.models import AvailabilityException, AvailabilityWindow, CoachingSession

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class AvailabilityWindowForm(forms.ModelForm):
    """A weekly window: a day, from when until when, and a note."""

    class Meta:
        model = AvailabilityWindow
        fields = ["weekday", "starts_at", "ends_at", "note"]
        widgets = {"starts_at": TIME_WIDGET, "ends_at": TIME_WIDGET}
        error_messages = {
            "starts_at": {"required": _("Give the time you are free from.")},
            "ends_at": {"required": _("Give the time you are free until.")},
        }


class AvailabilityExceptionForm(forms.Form):
    """A one-off change on a date: away all day, away for some hours, or free at extra
    hours. A plain form, not a model form, so each mistake gets one message: the choice
    decides the exception's kind and whether it needs times."""

    AWAY_DAY = "away_day"
    AWAY_HOURS = "away_hours"
    FREE_HOURS = "free_hours"

    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Give the date.")},
    )
    situation = forms.ChoiceField(
        label=_("What changes"),
        choices=[
            (AWAY_DAY, _("I am away all day")),
            (AWAY_HOURS, _("I am away for some hours")),
            (FREE_HOURS, _("I am available at extra hours")),
        ],
        widget=forms.RadioSelect,
        initial=AWAY_DAY,
    )
    starts_at = forms.TimeField(
        label=_("From"),
        required=False,
        widget=TIME_WIDGET,
        help_text=_("Leave both times empty when you are away all day."),
    )
    ends_at = forms.TimeField(label=_("Until"), required=False, widget=TIME_WIDGET)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=AvailabilityException._meta.get_field("note").max_length,
    )

    def __init__(self, *args, instance: AvailabilityException, today: datetime.date, **kwargs):
        if instance.pk and "initial" not in kwargs:
            if instance.kind == AvailabilityException.Kind.FREE:
                situation = self.FREE_HOURS
            else:
                situation = self.AWAY_DAY if instance.whole_day else self.AWAY_HOURS
            kwargs["initial"] = {
                "date": instance.date,
                "situation": situation,
                "starts_at": instance.starts_at,
                "ends_at": instance.ends_at,
                "note": instance.note,
            }
        super().__init__(*args, **kwargs)
        self.instance, self.today = instance, today

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date < self.today:
            raise forms.ValidationError(_("Choose today or a later date."))
        return date

    def clean(self):
        cleaned = super().clean()
        situation = cleaned.get("situation")
        if situation == self.AWAY_DAY:
            # Times typed before choosing "all day" would contradict it: drop them.
            cleaned["starts_at"] = cleaned["ends_at"] = None
        elif situation:
            starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
            if starts_at is None and "starts_at" not in self.errors:
                self.add_error("starts_at", _("Give the time this starts."))
            if ends_at is None and "ends_at" not in self.errors:
                self.add_error("ends_at", _("Give the time this ends."))
            if starts_at and ends_at and ends_at <= starts_at:
                self.add_error("ends_at", _("The time must end after it starts."))
        return cleaned

    def save(self) -> AvailabilityException:
        """The exception as entered, on the instance given (new or the person's own)."""
        exception, data = self.instance, self.cleaned_data
        exception.date = data["date"]
        exception.kind = (
            AvailabilityException.Kind.FREE
            if data["situation"] == self.FREE_HOURS
            else AvailabilityException.Kind.AWAY
        )
        exception.starts_at, exception.ends_at = data["starts_at"], data["ends_at"]
        exception.note = data["note"]
        exception.save()
        return exception


OTHER_TIME = "other"


def slot_label(slot, zone) -> str:
    """A suggested slot as a coach reads it: its day and times in the programme's zone
    and who cannot come."""
    starts, ends = slot.starts_at.astimezone(zone), slot.ends_at.astimezone(zone)
    when = f"{date_format(starts, 'l j F, H:i')}–{date_format(ends, 'H:i')}"
    if slot.everyone_free:
        return _("%(when)s · everyone is free") % {"when": when}
    return _("%(when)s · missing: %(names)s") % {
        "when": when,
        "names": ", ".join(str(person) for person in slot.missing),
    }


class ZonedDateTimeField(forms.DateTimeField):
    """A date and time typed as the clock shows it in `zone` (the programme's), not in
    the site's time zone. A time the clock skips or shows twice is refused with
    Django's message that it may not exist or be ambiguous."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, *args, zone=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone

    def to_python(self, value):
        with timezone.override(self.zone):
            return super().to_python(value)

    def prepare_value(self, value):
        with timezone.override(self.zone):
            return super().prepare_value(value)


class SessionPlanForm(forms.Form):
    """A coach's plan for a session: a suggested slot or another time, and the rest of
    what `CoachingSession.plan` takes."""

    slot = forms.ChoiceField(
        label=_("When"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose one of the suggested times or “Another time”."),
            "invalid_choice": _(
                "That time is no longer among the suggestions: choose one of them or another time."
            ),
        },
    )
    # Labelled apart from the radio button "Another time", so each label names one field.
    starts_at = ZonedDateTimeField(
        label=_("Date and time"),
        required=False,
        help_text=_("The local date and time where the programme takes place."),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=15,
        max_value=480,
        initial=60,
        widget=forms.NumberInput(attrs={"step": 15}),
    )
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=CoachingSession._meta.get_field("place").max_length,
        help_text=_("Optional, for example the community centre’s address."),
    )
    video_url = forms.URLField(
        label=_("Video link"),
        required=False,
        assume_scheme="https",
        help_text=_("Optional, for a session online."),
    )
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea)

    def __init__(self, *args, slots, zone, now, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone, self.now = zone, now
        self.slots = {slot.starts_at.astimezone(datetime.UTC).isoformat(): slot for slot in slots}
        self.fields["slot"].choices = [
            *((value, slot_label(slot, zone)) for value, slot in self.slots.items()),
            (OTHER_TIME, _("Another time")),
        ]
        self.fields["starts_at"].zone = zone
        if not slots:
            self.initial.setdefault("slot", OTHER_TIME)

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("slot")
        if choice == OTHER_TIME:
            starts_at = cleaned.get("starts_at")
            if starts_at is None and "starts_at" not in self.errors:
                self.add_error("starts_at", _("Give the date and time of the session."))
            elif starts_at is not None and starts_at <= self.now:
                self.add_error("starts_at", _("This time has passed: choose a time in the future."))
        elif choice:
            cleaned["starts_at"] = self.slots[choice].starts_at
            if cleaned["starts_at"] <= self.now:
                self.add_error("slot", _("This time has passed: choose a time in the future."))
        return cleaned
