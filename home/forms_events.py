"""The registration form of an event page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from home.models import EventRegistration


class RegistrationForm(forms.ModelForm):
    """Name, email address and remarks; a signed-in person finds theirs filled in."""

    class Meta:
        model = EventRegistration
        fields = ["name", "email", "remarks"]
        widgets = {"remarks": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "name": {"required": _("Please fill in your name.")},
            "email": {
                "required": _("Please fill in your email address."),
                "invalid": _("This is not an email address; please check it."),
            },
        }
        help_texts = {
            "email": _("We send the confirmation and a link to cancel to this address."),
            "remarks": _(
                "Optional. For example: I use a wheelchair, I need a sign language "
                "interpreter, I follow a diet."
            ),
        }

    def __init__(self, *args, user=None, **kwargs):
        if user is not None and user.is_authenticated:
            kwargs.setdefault("initial", {"name": user.display_name, "email": user.email})
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
