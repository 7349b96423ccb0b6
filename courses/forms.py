"""Forms for programmes: inviting one person, and a CSV file of people."""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses import invitations
from courses.models import Invitation, Role


class InvitationForm(forms.Form):
    """Invite one person to a programme, by email, with a role."""

    name = forms.CharField(
        label=_("Name"),
        max_length=Invitation._meta.get_field("name").max_length,
        required=False,
        help_text=_("Used to greet them in the email."),
    )
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        problem = invitations.already_in(self.programme, email)
        if problem:
            raise forms.ValidationError(problem, code="taken")
        return email

    def candidate(self):
        return invitations.Candidate(
            email=self.cleaned_data["email"],
            role=self.cleaned_data["role"],
            name=self.cleaned_data["name"].strip(),
        )


class InvitationUploadForm(forms.Form):
    """A CSV file of people to invite; reading it happens in `clean_file`."""

    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns name, email and role (or naam, e-mail, rol), with a header row. "
            "Roles: student, resident (bewoner), coach, coordinator (coördinator). "
            "Up to 1 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        # read_csv refuses an empty file itself, naming it.
        allow_empty_file=True,
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            self.candidates, self.skipped = invitations.read_csv(uploaded)
        except invitations.CsvError as error:
            raise forms.ValidationError(str(error), code="unreadable") from error
        return uploaded
