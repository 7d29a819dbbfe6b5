"""The pulse's forms: HR schedules, a person answers (the rules live in the services)."""

from __future__ import annotations

from typing import Any

from django import forms

from trellis.insights.models import CORE_QUESTION, MAX_QUESTIONS, SCALE, Pulse
from trellis.org.validation import LONG_TEXT, validate_plan_date

_SCALE_CHOICES = [
    (n, label)
    for n, label in zip(
        range(SCALE.lo, SCALE.hi + 1),
        ("1 not at all", "2", "3", "4", "5 completely"),
        strict=True,
    )
]


class PulseScheduleForm(forms.Form):
    title = forms.CharField(max_length=200)
    opens_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_plan_date]
    )
    closes_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_plan_date]
    )
    questions = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Your own questions (optional)",
        help_text=(
            f"One statement a line, at most {MAX_QUESTIONS}, each scored 1 to 5. "
            f"Every pulse also asks: “{CORE_QUESTION}”"
        ),
    )

    def question_lines(self) -> list[str]:
        return [line for line in self.cleaned_data["questions"].splitlines() if line.strip()]


class PulseAnswerForm(forms.Form):
    core = forms.TypedChoiceField(
        choices=_SCALE_CHOICES, coerce=int, widget=forms.RadioSelect, label=CORE_QUESTION
    )
    comment = forms.CharField(
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Comment (optional)",
        help_text="HR reads comments only from groups of five or more, never with your name.",
    )

    def __init__(self, *args: Any, pulse: Pulse, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i, text in enumerate(pulse.questions, start=1):
            self.fields[f"q{i}"] = forms.TypedChoiceField(
                choices=_SCALE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                label=text,
            )
        self.order_fields(["core", *(f"q{i}" for i in range(1, 6)), "comment"])
        self.asked = len(pulse.questions)

    def scores(self) -> list[int | None]:
        return [self.cleaned_data.get(f"q{i}") for i in range(1, self.asked + 1)]
