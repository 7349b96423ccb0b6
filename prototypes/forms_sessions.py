"""Forms of a coaching session: a member's answer, a new time, the record afterwards and
action items. Times are typed as wall-clock times in the programme's time zone."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prototypes.models import ActionItem, CoachingSession, SessionParticipant


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Are you coming?"),
        choices=[
            (SessionParticipant.Answer.CONFIRMED, _("I am coming")),
            (SessionParticipant.Answer.DECLINED, _("I cannot come")),
        ],
        error_messages={"required": _("Say whether you are coming.")},
    )


class MoveForm(forms.Form):
    """A new date and time, read in the programme's time zone, and the duration."""

    date = forms.DateField(
        label=_("New date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Enter the new date."), "invalid": _("Enter a date.")},
    )
    time = forms.TimeField(
        label=_("New start time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Enter the new start time."), "invalid": _("Enter a time.")},
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=15,
        max_value=480,
        error_messages={
            "required": _("Enter how long the session takes."),
            "min_value": _("A session takes at least 15 minutes."),
            "max_value": _("A session takes at most 8 hours."),
        },
    )

    def __init__(self, *args, session: CoachingSession, zone, **kwargs):
        self.zone = zone
        local = timezone.localtime(session.starts_at, zone)
        kwargs.setdefault(
            "initial",
            {
                "date": local.date(),
                "time": local.time().replace(second=0, microsecond=0),
                "duration_minutes": session.duration_minutes,
            },
        )
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date") and cleaned.get("time"):
            starts_at = datetime.datetime.combine(cleaned["date"], cleaned["time"], self.zone)
            if starts_at <= timezone.now():
                self.add_error("date", _("Choose a time in the future."))
            cleaned["starts_at"] = starts_at
        return cleaned


class RecordForm(forms.Form):
    """After the session: who came, notes for the team, notes for the coach alone."""

    attended = forms.TypedMultipleChoiceField(
        label=_("Who came"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    shared_notes = forms.CharField(
        label=_("Notes for the team"),
        help_text=_("The team sees these notes."),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    private_notes = forms.CharField(
        label=_("Private notes"),
        help_text=_("Only you see these notes: not the team, coordinators or other coaches."),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, session: CoachingSession, participants, show_private, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "attended": [p.user_id for p in participants if p.attended],
                "shared_notes": session.shared_notes,
                "private_notes": session.private_notes if show_private else "",
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(p.user_id, str(p.user)) for p in participants]
        if not show_private:
            # Another coach of the team records the session: the session's coach's
            # private notes stay theirs, untouched and unseen.
            del self.fields["private_notes"]


class ActionItemForm(forms.ModelForm):
    """What was agreed, who of the team does it, by when."""

    class Meta:
        model = ActionItem
        fields = ["description", "owner", "due_on"]
        labels = {
            "description": _("Action item"),
            "owner": _("Who does it"),
            "due_on": _("Due date"),
        }
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}
        error_messages = {
            "description": {"required": _("Describe what was agreed.")},
            "owner": {"invalid_choice": _("Choose a member of the team.")},
            "due_on": {"invalid": _("Enter a date.")},
        }

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = get_user_model().objects.filter(pk__in=[m.user_id for m in members])
        owner.empty_label = _("Nobody in particular")
        owner.required = False
        owner.error_messages["invalid_choice"] = _("Choose a member of the team.")
