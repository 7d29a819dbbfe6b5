"""Input formats for conversations, items, follow-ups, the guide and feedback requests.

Forms list only what a caller may set: the author, the employee (taken from the URL and
checked by the access policy) and outcomes are never read from a request body.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from trellis.careers.models import Visibility
from trellis.market.models import Opportunity, OpportunityStatus
from trellis.org.models import Person
from trellis.org.validation import CONVERSATION_MINUTES, validate_plan_date
from trellis.org.widgets import PeoplePickField, PersonPickField
from trellis.skills.models import Role, Skill
from trellis.talks.models import (
    PLANNED_KINDS,
    TEXT_LIMIT,
    Kind,
    PullCategory,
    PushCategory,
    QuestionKind,
    Spur,
    Stance,
    TalkVisibility,
)

ITEM_KIND_CHOICES = [
    ("", "Choose a category"),
    (
        "Pull — what I learned about them",
        [(f"pull:{v}", label) for v, label in PullCategory.choices],
    ),
    ("Push — what I offered", [(f"push:{v}", label) for v, label in PushCategory.choices]),
]
ITEM_KIND_VALUES = {f"pull:{v}" for v in PullCategory.values} | {
    f"push:{v}" for v in PushCategory.values
}


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ConversationForm(forms.Form):
    when = forms.DateTimeField(
        widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    kind = forms.ChoiceField(choices=Kind.choices, initial=Kind.INFORMAL)
    summary = forms.CharField(
        required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    spur_areas = forms.MultipleChoiceField(
        label="SPUR areas touched",
        choices=Spur.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    stance = forms.ChoiceField(
        label="The stance I took", choices=[("", "—"), *Stance.choices], required=False
    )
    visibility = forms.ChoiceField(
        choices=TalkVisibility.choices, initial=TalkVisibility.SHARED, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("when", timezone.localtime().replace(second=0, microsecond=0))


class ItemForm(forms.Form):
    kind = forms.ChoiceField(label="Category", choices=ITEM_KIND_CHOICES, required=False)
    text = forms.CharField(label="What", max_length=TEXT_LIMIT, required=False)
    role = forms.ModelChoiceField(
        label="Link a role", queryset=Role.objects.order_by("title", "level"), required=False
    )
    skill = forms.CharField(label="Link a skill", max_length=200, required=False)
    contact = PersonPickField(label="Link a person", required=False)
    opportunity = forms.ModelChoiceField(
        label="Link an opportunity",
        queryset=Opportunity.objects.filter(status=OpportunityStatus.OPEN).order_by("title", "pk"),
        required=False,
    )

    def is_blank(self) -> bool:
        data = self.data
        return not any(
            str(data.get(self.add_prefix(name), "")).strip()
            for name in ("kind", "text", "role", "skill", "contact", "opportunity")
        )

    def clean_skill(self) -> Skill | None:
        name = self.cleaned_data["skill"].strip()
        if not name:
            return None
        skill = (
            Skill.objects.filter(Q(name__iexact=name) | Q(aliases__name__iexact=name))
            .distinct()
            .first()
        )
        if skill is None:
            raise forms.ValidationError(f"No skill called “{name}”.")
        return skill

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.is_blank():
            return data
        if data.get("kind") not in ITEM_KIND_VALUES:
            self.add_error("kind", "Choose a pull or push category for this item.")
        if not str(data.get("text", "")).strip():
            self.add_error("text", "Write a few words for this item.")
        return data


class FollowUpForm(forms.Form):
    text = forms.CharField(label="Follow-up", max_length=300, required=False)
    owner = forms.ChoiceField(
        choices=[("them", "Them"), ("me", "Me")], initial="them", required=False
    )
    due = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}),
        required=False,
        validators=[validate_plan_date],
    )

    def is_blank(self) -> bool:
        return not any(
            str(self.data.get(self.add_prefix(name), "")).strip() for name in ("text", "due")
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.is_blank():
            return data
        if not str(data.get("text", "")).strip():
            self.add_error("text", "Write what should happen.")
        if not data.get("due") and "due" not in self.errors:
            self.add_error("due", "Give the follow-up a due date.")
        return data


def row_indices(data: Any, prefix: str) -> list[int]:
    """Indices of the rows posted as ``<prefix>-<n>-<field>``, in order, at most 50."""
    pattern = re.compile(rf"^{prefix}-(\d{{1,3}})-")
    found = {int(m.group(1)) for key in data for m in [pattern.match(key)] if m}
    return sorted(found)[:50]


class PlanForm(forms.Form):
    when = forms.DateTimeField(
        widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    kind = forms.ChoiceField(
        choices=[(k, label) for k, label in Kind.choices if k in PLANNED_KINDS],
        initial=Kind.ONE_ON_ONE,
    )
    duration = forms.IntegerField(
        label="Minutes",
        min_value=CONVERSATION_MINUTES.lo,
        max_value=CONVERSATION_MINUTES.hi,
        initial=30,
    )
    summary = forms.CharField(
        label="Agenda (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    visibility = forms.ChoiceField(
        choices=TalkVisibility.choices, initial=TalkVisibility.SHARED, widget=forms.RadioSelect
    )

    def clean_when(self) -> Any:
        when = self.cleaned_data["when"]
        if when < timezone.now():
            raise forms.ValidationError("Plan it in the future; log a past conversation instead.")
        return when


class PreWorkForm(forms.Form):
    learned = forms.CharField(
        label="What have you learned lately — at work or outside it?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    enjoy = forms.CharField(
        label="What do you enjoy most in your work, and what would you happily do more of?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_role = forms.CharField(
        label="Which role could come next for you, even if it is only a hunch?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class QuestionForm(forms.Form):
    area = forms.ChoiceField(label="SPUR area", choices=Spur.choices)
    kind = forms.ChoiceField(choices=QuestionKind.choices)
    stance = forms.ChoiceField(choices=[("", "—"), *Stance.choices], required=False)
    category = forms.ChoiceField(
        label="Fills the gap in", choices=[("", "—"), *PullCategory.choices], required=False
    )
    text = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class RewordForm(forms.Form):
    text = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ToProfileForm(forms.Form):
    """Where an accepted push item or a feedback answer lands on the profile, and who may see
    that part of the profile."""

    field = forms.ChoiceField(
        label="Add to", choices=[("known_for", "What I am known for"), ("strengths", "Strengths")]
    )
    visibility = forms.ChoiceField(label="Who may see it", choices=Visibility.choices)


class FeedbackRequestForm(forms.Form):
    people = PeoplePickField(label="Colleagues to ask", required=False, max_people=20)
    emails = forms.CharField(
        label="Or their work e-mails (one per line or separated by commas)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(label="A word to them (optional)", max_length=500, required=False)
    anonymous = forms.BooleanField(
        label="Show me the answers without names, once at least three people have answered",
        required=False,
    )

    def clean_emails(self) -> list[Person]:
        emails = [e.strip().lower() for e in re.split(r"[\s,;]+", self.cleaned_data["emails"])]
        emails = [e for e in dict.fromkeys(emails) if e]
        if not emails:
            return []
        if len(emails) > 20:
            raise forms.ValidationError("Ask at most 20 colleagues at once.")
        people = {
            p.email.lower(): p for p in Person.objects.filter(email__in=emails, is_active=True)
        }
        unknown = [e for e in emails if e not in people]
        if unknown:
            raise forms.ValidationError(
                f"Nobody in Trellis has these e-mails: {', '.join(unknown)}."
            )
        return list(people.values())

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        chosen = {p.pk: p for p in [*data.get("people", []), *data.get("emails", [])]}
        if not self.errors and not chosen:
            self.add_error("people", "Choose at least one colleague.")
        elif len(chosen) > 20:
            self.add_error("people", "Ask at most 20 colleagues at once.")
        data["respondents"] = list(chosen.values())
        return data


class FeedbackAnswerForm(forms.Form):
    known_for = forms.CharField(
        label="What are they known for?", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    relied_on_for = forms.CharField(
        label="What do people rely on them for?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    could_be = forms.CharField(
        label="What could they be known for?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CoverageGoalForm(forms.Form):
    unplanned_per_month = forms.IntegerField(
        label="Unplanned career conversations a month", min_value=0, max_value=60
    )
