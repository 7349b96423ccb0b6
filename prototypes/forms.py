"""Forms for a team's work: the canvas and an iteration's cards."""

from django import forms
from django.core.validators import MaxLengthValidator

from prototypes.models import Iteration, Prototype

# Long enough for any block of a canvas or card; a paste of a whole document is refused
# with a message (and kept in the form) rather than stored.
MAX_TEXT_LENGTH = 5000


class _LimitedTextForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.max_length = MAX_TEXT_LENGTH
            field.validators.append(MaxLengthValidator(MAX_TEXT_LENGTH))


class CanvasForm(_LimitedTextForm):
    """The social business model canvas and the impact statement."""

    class Meta:
        model = Prototype
        fields = [*Prototype.CANVAS_FIELDS, *Prototype.IMPACT_FIELDS]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in [*Prototype.CANVAS_FIELDS, *Prototype.IMPACT_FIELDS]
        }

    def canvas_fields(self):
        return [self[name] for name in Prototype.CANVAS_FIELDS]

    def impact_fields(self):
        return [self[name] for name in Prototype.IMPACT_FIELDS]


class IterationForm(_LimitedTextForm):
    """A draft iteration's test card, stakeholders, notes and learning card."""

    class Meta:
        model = Iteration
        fields = Iteration.CONTENT_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in Iteration.CONTENT_FIELDS}

    def test_card_fields(self):
        return [self[name] for name in Iteration.TEST_CARD_FIELDS]

    def evidence_fields(self):
        return [self["stakeholders"], self["evidence_notes"]]

    def learning_card_fields(self):
        return [self[name] for name in Iteration.LEARNING_CARD_FIELDS]
