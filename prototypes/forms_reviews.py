"""The coach's review form: a level per criterion of the rubric, comments and a decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from prototypes.models import Review
from prototypes.models.reviews import LEVELS


class ReviewForm(forms.Form):
    """Built from the rubric a review is scored on (a snapshot, see Review.rubric): one
    group of radio buttons per criterion, named `score_<n>`."""

    test_card_comment = forms.CharField(
        label=_("Comment on the test card"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    learning_card_comment = forms.CharField(
        label=_("Comment on the learning card"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    comment = forms.CharField(
        label=_("General comment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=Review.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a decision: accepted, or revise."),
            "invalid_choice": _("Choose a decision: accepted, or revise."),
        },
    )

    def __init__(self, *args, rubric, review=None, **kwargs):
        if review is not None and "initial" not in kwargs:
            initial = {
                name: getattr(review, name)
                for name in ["test_card_comment", "learning_card_comment", "comment", "decision"]
            }
            initial.update({f"score_{index}": score for index, score in enumerate(review.scores)})
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        message = _("Choose a level for “%(criterion)s”.")
        for index, criterion in enumerate(rubric):
            self.fields[f"score_{index}"] = forms.TypedChoiceField(
                label=criterion["name"],
                choices=[(value, label) for value, label in LEVELS],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": message % {"criterion": criterion["name"]},
                    "invalid_choice": message % {"criterion": criterion["name"]},
                },
            )
        # Comments and decision after the scores, in the order the coach works.
        self.order_fields(
            [*self.score_field_names(), "test_card_comment", "learning_card_comment", "comment"]
        )

    def score_field_names(self) -> list[str]:
        return [f"score_{index}" for index in range(len(self.rubric))]

    def criteria(self):
        """Each criterion with its bound field and its levels (value, name, description,
        whether chosen), for the template to draw a fieldset of radio buttons."""
        rows = []
        for index, criterion in enumerate(self.rubric):
            field = self[f"score_{index}"]
            chosen = str(field.value()) if field.value() not in (None, "") else None
            rows.append(
                {
                    "field": field,
                    "name": criterion["name"],
                    "levels": [
                        {
                            "value": value,
                            "label": label,
                            "description": criterion["levels"][value - 1],
                            "id": f"{field.auto_id}_{value}",
                            "checked": chosen == str(value),
                        }
                        for value, label in LEVELS
                    ],
                }
            )
        return rows

    def scores(self) -> list[int]:
        return [self.cleaned_data[name] for name in self.score_field_names()]
