"""The notification preferences form: a delivery mode per kind, and quiet hours."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from prototypes.models import NotificationKind, NotificationPreference, QuietHours
from prototypes.models.preferences import mode_for, modes_for

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
TIME_ERRORS = {"invalid": _("Give a time as hours and minutes, for example 21:00.")}


def field_name(kind) -> str:
    return f"kind_{kind}"


class PreferencesForm(forms.Form):
    """One select per kind (what the person stored, else the default) and two optional
    times; both times empty means no quiet hours."""

    quiet_from = forms.TimeField(
        label=_("Quiet from"), required=False, widget=TIME_WIDGET, error_messages=TIME_ERRORS
    )
    quiet_until = forms.TimeField(
        label=_("Quiet until"),
        required=False,
        widget=TIME_WIDGET,
        error_messages=TIME_ERRORS,
        help_text=_("For example from 21:00 until 08:00. Leave both empty for no quiet hours."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        stored = NotificationPreference.objects.modes([user.pk])
        for kind in NotificationKind:
            self.fields[field_name(kind)] = forms.ChoiceField(
                label=kind.label,
                choices=modes_for(kind),
                initial=mode_for(stored, user.pk, kind),
            )
        quiet = QuietHours.objects.filter(user=user).first()
        if quiet is not None:
            self.fields["quiet_from"].initial = quiet.starts_at
            self.fields["quiet_until"].initial = quiet.ends_at

    def kind_fields(self):
        return [self[field_name(kind)] for kind in NotificationKind]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("quiet_from"), cleaned.get("quiet_until")
        if "quiet_from" in self.errors or "quiet_until" in self.errors:
            return cleaned
        if (starts is None) != (ends is None):
            missing = "quiet_until" if ends is None else "quiet_from"
            self.add_error(missing, _("Give both times, or leave both empty."))
        elif starts is not None and starts == ends:
            self.add_error(
                "quiet_until", _("The quiet hours must end at another time than they start.")
            )
        return cleaned

    @transaction.atomic
    def save(self):
        NotificationPreference.objects.bulk_create(
            [
                NotificationPreference(
                    user=self.user, kind=kind, mode=self.cleaned_data[field_name(kind)]
                )
                for kind in NotificationKind
            ],
            update_conflicts=True,
            unique_fields=["user", "kind"],
            update_fields=["mode", "updated_at"],
        )
        starts, ends = self.cleaned_data["quiet_from"], self.cleaned_data["quiet_until"]
        if starts is None:
            QuietHours.objects.filter(user=self.user).delete()
        else:
            QuietHours.objects.update_or_create(
                user=self.user, defaults={"starts_at": starts, "ends_at": ends}
            )
