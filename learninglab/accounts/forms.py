from allauth.account.forms import ReauthenticateForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from .models import User


class SignupForm(AllauthSignupForm):
    """allauth's sign-up with the name people see, in the language they signed up in."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("How your team and coach will see you. A first name is enough."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["display_name", "email", "password1", "password2"]

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        language = getattr(request, "LANGUAGE_CODE", None)
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        user.save(update_fields=["display_name", "preferred_language"])


class ProfileForm(forms.ModelForm):
    """What a person may change about themselves outside allauth's email and password."""

    class Meta:
        model = User
        fields = ["display_name", "preferred_language"]
        labels = {"display_name": _("Your name"), "preferred_language": _("Language")}
        help_texts = {
            "display_name": _("How your team and coach will see you."),
            "preferred_language": _(
                "The language of the site after you sign in, and of our emails."
            ),
        }
        widgets = {"display_name": forms.TextInput(attrs={"autocomplete": "name"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].required = True
        # Each language by its own name, as in the header's language links.
        self.fields["preferred_language"].choices = [
            (code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES
        ]


class EraseAccountForm(ReauthenticateForm):
    """The person's password (allauth checks it, as for any reauthentication) and their
    email address typed out, so an account is never erased by a slip."""

    confirmation = forms.CharField(
        label=_("Type your email address to confirm"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def clean_confirmation(self):
        typed = self.cleaned_data["confirmation"].strip()
        if typed.casefold() != self.user.email.casefold():
            raise forms.ValidationError(
                _("This is not the address you sign in with. Type %(email)s to confirm.")
                % {"email": self.user.email}
            )
        return typed
