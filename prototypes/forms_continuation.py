"""Forms of a team's phase and of inviting someone into a continuing team."""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Role
from prototypes.models import Team


class PhaseForm(forms.Form):
    """The team's next phase (any but the one it is in) and, if the coordinator wants,
    why: kept in the team's history."""

    phase = forms.ChoiceField(
        label=_("New phase"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the team’s new phase."),
            "invalid_choice": _("Choose one of the phases shown."),
        },
    )
    note = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the team’s history, for the coordinators."),
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [
            (value, label) for value, label in Team.Phase.choices if value != team.phase
        ]


class TeamInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        error_messages={
            "required": _("Enter the email address to send the invitation to."),
            "invalid": _("Enter an email address such as name@example.org."),
        },
    )
    name = forms.CharField(label=_("Name (optional)"), required=False, max_length=150)
    role = forms.ChoiceField(
        label=_("Joins as"),
        widget=forms.RadioSelect,
        choices=[
            (Role.RESIDENT.value, Role.RESIDENT.label),
            (Role.STUDENT.value, Role.STUDENT.label),
        ],
        initial=Role.RESIDENT.value,
        error_messages={"required": _("Choose whether they join as a resident or a student.")},
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
