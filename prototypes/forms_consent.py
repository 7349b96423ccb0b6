"""Giving consent for a purpose, and offering a quote from one's own reflection."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prototypes.models import Quote
from prototypes.models.quotes import QUOTE_EMPTY, QUOTE_MAX_LENGTH, QUOTE_TOO_LONG


class ConsentForm(forms.Form):
    """An explicit "I agree", never ticked beforehand, under the wording it agrees to."""

    agree = forms.BooleanField(
        label=gettext_lazy("I agree to this"),
        required=True,
        error_messages={
            "required": gettext_lazy(
                "Tick “I agree to this” to give your consent. Nothing has changed."
            )
        },
    )


class QuoteForm(forms.ModelForm):
    """The excerpt, checked against the reflection by `Quote.clean`."""

    class Meta:
        model = Quote
        fields = ["text"]
        labels = {"text": gettext_lazy("Your quote")}
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}
        error_messages = {"text": {"required": QUOTE_EMPTY, "max_length": QUOTE_TOO_LONG}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = _(
            "Your own words from this reflection, at most %(limit)d characters. You may "
            "shorten them: mark where you left words out with …"
        ) % {"limit": QUOTE_MAX_LENGTH}
