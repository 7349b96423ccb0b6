"""The reflection form: an answer per prompt, a score per scale, and who may read it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from prototypes.models import Reflection
from prototypes.models.reflections import SCALE_MAX, SCALE_MIN

SCORES = [(value, str(value)) for value in range(SCALE_MIN, SCALE_MAX + 1)]


class ReflectionForm(forms.Form):
    """Built from the prompts asked (`answer_<n>`, in order) and the programme's scales
    that are asked (`score_<scale pk>`, radio buttons 1–5)."""

    visibility = forms.ChoiceField(
        label=_("Who may read this reflection?"),
        choices=Reflection.Visibility.choices,
        initial=Reflection.Visibility.COACH,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose who may read your reflection."),
            "invalid_choice": _("Choose who may read your reflection."),
        },
    )

    def __init__(self, *args, prompts, scales, reflection=None, **kwargs):
        if reflection is not None and "initial" not in kwargs:
            initial = {"visibility": reflection.visibility}
            initial.update(
                {f"answer_{index}": item["answer"] for index, item in enumerate(reflection.answers)}
            )
            initial.update(
                {f"score_{score.scale_id}": score.value for score in reflection.scores.all()}
            )
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.prompts = prompts
        self.scales = scales
        for index, prompt in enumerate(prompts):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=prompt,
                required=False,
                max_length=10_000,
                widget=forms.Textarea(attrs={"rows": 5}),
            )
        for scale in scales:
            message = _("Choose a score from 1 to 5 for “%(scale)s”.") % {"scale": scale.name}
            self.fields[f"score_{scale.pk}"] = forms.TypedChoiceField(
                label=scale.name,
                choices=SCORES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": message, "invalid_choice": message},
            )
        self.order_fields([*self.answer_field_names(), *self.score_field_names(), "visibility"])

    def answer_field_names(self) -> list[str]:
        return [f"answer_{index}" for index in range(len(self.prompts))]

    def score_field_names(self) -> list[str]:
        return [f"score_{scale.pk}" for scale in self.scales]

    def clean(self):
        cleaned_data = super().clean()
        if self.prompts and not any(
            (cleaned_data.get(name) or "").strip() for name in self.answer_field_names()
        ):
            self.add_error(
                self.answer_field_names()[0],
                _("Answer at least one of the questions."),
            )
        return cleaned_data

    def answer_fields(self):
        return [self[name] for name in self.answer_field_names()]

    def scale_rows(self):
        """Each scale with its bound field and its five choices (value, id, whether
        chosen), for the template to draw a fieldset of radio buttons with the meanings
        of 1 and 5."""
        rows = []
        for scale in self.scales:
            field = self[f"score_{scale.pk}"]
            value = field.value()
            chosen = str(value) if value not in (None, "") else None
            rows.append(
                {
                    "scale": scale,
                    "field": field,
                    "choices": [
                        {
                            "value": score,
                            "id": f"{field.auto_id}_{score}",
                            "checked": chosen == str(score),
                        }
                        for score, _label in SCORES
                    ],
                }
            )
        return rows

    def answers(self) -> list[dict]:
        return [
            {"prompt": prompt, "answer": self.cleaned_data[f"answer_{index}"].strip()}
            for index, prompt in enumerate(self.prompts)
        ]

    def scores(self) -> dict:
        return {scale: self.cleaned_data[f"score_{scale.pk}"] for scale in self.scales}
