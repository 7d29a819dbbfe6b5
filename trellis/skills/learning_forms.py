"""Input formats of the learning catalog pages (HR edits, anyone's filter)."""

from __future__ import annotations

from typing import Any

from django import forms

from trellis.org.uploads import check_upload_size
from trellis.org.validation import (
    LINK_MAX,
    SHORT_TEXT,
    validate_name,
    validate_text,
    validate_web_link,
)
from trellis.skills.learning import LearningData, learning_title_taken
from trellis.skills.learning_import import parse_builds, skill_lookup
from trellis.skills.models import EFFORT_HOURS_MAX, LearningItem, LearningKind


class LearningItemForm(forms.Form):
    title = forms.CharField(max_length=200, validators=[validate_name])
    kind = forms.ChoiceField(choices=LearningKind.choices)
    skills = forms.CharField(
        label="Skills it builds",
        max_length=1000,
        help_text="Skill:level, separated by semicolons, e.g. “Python:3; SQL:2” (level 2 when "
        "left out).",
    )
    effort_hours = forms.IntegerField(
        label="Effort (hours)", min_value=0, max_value=EFFORT_HOURS_MAX, required=False
    )
    url = forms.CharField(
        label="Link", max_length=LINK_MAX, required=False, validators=[validate_web_link]
    )
    description = forms.CharField(
        max_length=SHORT_TEXT,
        required=False,
        validators=[validate_text],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_active = forms.BooleanField(label="Offered (suggested on gaps)", required=False)

    def __init__(self, *args: Any, item: LearningItem | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.item = item
        if item is not None and not self.is_bound:
            self.initial = {
                "title": item.title,
                "kind": item.kind,
                "skills": "; ".join(f"{b.skill.name}:{b.level}" for b in item.builds.all()),
                "effort_hours": item.effort_hours,
                "url": item.url,
                "description": item.description,
                "is_active": item.is_active,
            }
        elif not self.is_bound:
            self.initial.setdefault("is_active", True)

    def clean_skills(self) -> list[Any]:
        builds, problems = parse_builds(self.cleaned_data["skills"], skill_lookup())
        if problems:
            raise forms.ValidationError([p[0].upper() + p[1:] + "." for p in problems])
        return builds

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if learning_title_taken(title=title, other_than=self.item):
            raise forms.ValidationError("Another item has this title.")
        return title

    def data_out(self) -> LearningData:
        d = self.cleaned_data
        return LearningData(
            title=d["title"],
            kind=d["kind"],
            description=d["description"],
            url=d["url"],
            effort_hours=d["effort_hours"],
            is_active=d["is_active"],
            builds=d["skills"],
        )


class LearningFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Search")
    kind = forms.ChoiceField(choices=[("", "Any kind"), *LearningKind.choices], required=False)
    skill = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class LearningUploadForm(forms.Form):
    learning = forms.FileField(label="Learning catalog (CSV)")

    def clean_learning(self) -> Any:
        return check_upload_size(self.cleaned_data["learning"])
