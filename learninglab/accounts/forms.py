from django import forms
from django.utils.translation import gettext_lazy as _


class SignupForm(forms.Form):
    """Extra sign-up fields; allauth's own form supplies email and passwords."""

    display_name = forms.CharField(label=_("Your name"), max_length=150)

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.preferred_language = getattr(request, "LANGUAGE_CODE", user.preferred_language)
        user.save(update_fields=["display_name", "preferred_language"])
