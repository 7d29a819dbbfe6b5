"""Input formats of the marketplace pages. Owner and status are never form fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q

from trellis.market.models import (
    KINDS_NEEDING_SKILLS,
    Cadence,
    Direction,
    InterestStatus,
    Kind,
    MentorRequest,
    Opportunity,
    Proposal,
)
from trellis.market.recommend import ForYouFilters
from trellis.market.services import OPPORTUNITY_FIELDS, SkillNeed
from trellis.org.models import OrgUnit
from trellis.org.validation import (
    HOURS_PER_WEEK,
    IMPORTANCE,
    LEVEL,
    MENTEES,
    ROLE_LEVEL,
    upcoming_date_error,
    validate_text,
)
from trellis.skills.models import Skill


class OpportunityForm(forms.ModelForm):
    publish = forms.BooleanField(required=False, label="Publish now")

    class Meta:
        model = Opportunity
        fields = OPPORTUNITY_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit, capacity = self.fields["unit"], self.fields["capacity"]
        assert isinstance(unit, forms.ModelChoiceField)
        assert isinstance(capacity, forms.IntegerField)
        if units is not None:
            unit.queryset = units
        self.fields["role"].required = False
        # Only mentorships and shadowing have two sides; "learns" is the usual one.
        self.fields["direction"].required = False
        capacity.min_value = 1

    def clean_direction(self) -> str:
        return str(self.cleaned_data.get("direction") or Direction.LEARN)

    def clean_capacity(self) -> int:
        value = self.cleaned_data["capacity"]
        if value is None or value < 1:
            raise forms.ValidationError("An opportunity needs at least one seat.")
        return int(value)

    def clean_closes_on(self) -> dt.date | None:
        """A new closing date must not be past; an unchanged one on an old post may be."""
        value: dt.date | None = self.cleaned_data.get("closes_on")
        kept = self.instance.pk is not None and value == self.instance.closes_on
        if value is not None and not kept:
            message = upcoming_date_error(value)
            if message:
                raise forms.ValidationError(message)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must not be before the start date.")
        return data


class SkillRowForm(forms.Form):
    skill = forms.ModelChoiceField(queryset=Skill.objects.order_by("name"), required=False)
    min_level = forms.IntegerField(min_value=LEVEL.lo, max_value=LEVEL.hi, initial=3)
    weight = forms.IntegerField(
        label="Importance", min_value=IMPORTANCE.lo, max_value=IMPORTANCE.hi, initial=3
    )
    required = forms.BooleanField(required=False, initial=True, label="Required")


SkillFormSet = forms.formset_factory(SkillRowForm, extra=3, max_num=30)


def skill_needs(formset: Any) -> list[SkillNeed]:
    return [
        SkillNeed(
            skill=f.cleaned_data["skill"],
            min_level=f.cleaned_data["min_level"],
            weight=f.cleaned_data["weight"],
            required=f.cleaned_data["required"],
        )
        for f in formset.forms
        if f.cleaned_data.get("skill") is not None
    ]


def check_skills(form: OpportunityForm, needs: list[SkillNeed]) -> bool:
    """At least one skill (or a linked role to copy them from) for roles, projects and gigs."""
    kind = form.cleaned_data.get("kind")
    if kind in KINDS_NEEDING_SKILLS and not needs and not form.cleaned_data.get("role"):
        label = Kind(kind).label.lower()
        form.add_error(None, f"A {label} needs at least one skill (or a linked role).")
        return False
    ids = [n.skill.pk for n in needs]
    if len(ids) != len(set(ids)):
        form.add_error(None, "A skill is listed twice.")
        return False
    return True


def postable_units(viewer: Any) -> Any:
    if viewer.is_hr_or_admin:
        return OrgUnit.objects.all()
    me = viewer.person
    if me is None or me.unit is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(Q(pk=me.unit_id) | Q(path__startswith=me.unit.path + "/"))


class FeedFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search")
    kind = forms.ChoiceField(choices=[("", "Any kind"), *Kind.choices], required=False)
    unit = forms.CharField(required=False, label="Unit path", help_text="e.g. Acme/Engineering")
    max_hours = forms.IntegerField(
        required=False,
        min_value=HOURS_PER_WEEK.lo,
        max_value=HOURS_PER_WEEK.hi,
        label="At most hours/week",
    )
    remote = forms.BooleanField(required=False, label="Remote only")

    def for_you_filters(self) -> ForYouFilters:
        """The filters For you applies: none while the form is unbound or invalid (it says
        why next to the field)."""
        if not self.is_valid():
            return ForYouFilters()
        d = self.cleaned_data
        return ForYouFilters(
            kind=d["kind"],
            unit_path=d["unit"].strip().strip("/"),
            max_hours=d["max_hours"],
            remote=d["remote"],
        )


class OptInForm(forms.Form):
    opted_in = forms.BooleanField(
        required=False, label="Let opportunity owners and HR find me in the marketplace"
    )
    digest = forms.ChoiceField(choices=Cadence.choices, label="Digest of matching opportunities")
    wants_buddy = forms.BooleanField(required=False, label="Pair me with a career buddy")
    mentor_capacity = forms.IntegerField(
        min_value=MENTEES.lo,
        max_value=MENTEES.hi,
        initial=0,
        label="Mentees I can take (0 for none)",
    )


class InterestForm(forms.Form):
    apply = forms.BooleanField(required=False, label="Apply right away")
    confidential = forms.BooleanField(
        required=False, label="Keep this from my manager until I am shortlisted"
    )
    note = forms.CharField(required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class MoveForm(forms.Form):
    to = forms.ChoiceField(choices=InterestStatus.choices)


class CandidateFilterForm(forms.Form):
    unit = forms.CharField(required=False, label="Unit path")
    level = forms.IntegerField(required=False, min_value=ROLE_LEVEL.lo, max_value=ROLE_LEVEL.hi)
    ready = forms.ChoiceField(
        required=False,
        choices=[("", "Everyone"), ("now", "Ready now"), ("growth", "Ready with growth")],
    )


class ProposalForm(forms.ModelForm):
    """A project proposed from the bottom up; the sponsor is picked from the directory."""

    class Meta:
        model = Proposal
        fields = (
            "title",
            "sponsor",
            "problem",
            "solution",
            "skills_needed",
            "skills_built",
            "hours_per_week",
            "extra_seats",
        )
        labels = {
            "skills_needed": "Skills it needs",
            "skills_built": "Skills it builds",
            "hours_per_week": "Hours a week",
        }
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 4}),
            "solution": forms.Textarea(attrs={"rows": 4}),
            "skills_needed": forms.SelectMultiple(attrs={"size": 6}),
            "skills_built": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, sponsors: Any, skills: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (
            ("sponsor", sponsors),
            ("skills_needed", skills),
            ("skills_built", skills),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
        self.fields["skills_needed"].required = True
        self.fields["sponsor"].help_text = "Someone who can give you the time and the backing."


class ProposalDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("approve", "Approve: it becomes a project I own"),
            ("changes", "Ask for changes"),
            ("decline", "Decline"),
        ],
        widget=forms.RadioSelect,
    )
    response = forms.CharField(
        label="Your word to the proposer",
        required=False,
        max_length=500,
        validators=[validate_text],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you ask for changes or decline.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") in ("changes", "decline") and not data.get("response", "").strip():
            self.add_error("response", "Say why, so that the proposer can act on it.")
        return data


class MentorRequestForm(forms.ModelForm):
    class Meta:
        model = MentorRequest
        fields = ("skill", "goal", "hours_per_month")
        labels = {"skill": "Skill you want a mentor in"}
        widgets = {"goal": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"goal": "Your mentor and HR read this."}


class PairAnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", "Accept"), ("decline", "Decline")])
    reason = forms.CharField(
        label="Why you decline",
        required=False,
        max_length=500,
        validators=[validate_text],
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == "decline" and not data.get("reason", "").strip():
            self.add_error("reason", "Say why, so that the other side and HR understand.")
        return data
