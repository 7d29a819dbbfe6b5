"""Input formats for career pages: only the fields a user may set, with length limits."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from trellis.careers.models import (
    LONG_TEXT,
    SECTIONS,
    SHORT_TEXT,
    VALUE_CHOICES,
    Accomplishment,
    Action,
    CareerProfile,
    DevTimeEntry,
    Goal,
    Muscle,
    Visibility,
)
from trellis.org.models import Person
from trellis.org.validation import (
    HOURS_PER_WEEK,
    LinkFormField,
    validate_name,
    validate_plan_date,
    validate_text,
)
from trellis.skills.models import LEVEL_ANCHORS, Appetite, LearningItem, Role

LEVEL_CHOICES = [(level, f"{level} — {anchor}") for level, anchor in LEVEL_ANCHORS.items()]


def _limit_text(form: forms.BaseForm) -> None:
    """Give every free-text field a server-side limit and the attributes the counter reads."""
    for field in form.fields.values():
        if not isinstance(field, forms.CharField):
            continue
        limit = field.max_length
        if limit is None:
            limit = LONG_TEXT if isinstance(field.widget, forms.Textarea) else SHORT_TEXT
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
        field.widget.attrs.update({"maxlength": str(limit), "data-counter": "1"})
        if isinstance(field.widget, forms.Textarea):
            field.widget.attrs.setdefault("rows", "3")


class ProfileForm(forms.ModelForm):
    """The whole profile, or the subset of fields of one guided step (``only``)."""

    values_chosen = forms.MultipleChoiceField(
        label="Values", choices=VALUE_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = CareerProfile
        fields = [f for s in SECTIONS for f in s.fields]

    def __init__(self, *args: Any, only: tuple[str, ...] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if only is not None:
            for name in list(self.fields):
                if name not in only:
                    del self.fields[name]
        if "project_hours" in self.fields:
            hours = self.fields["project_hours"]
            assert isinstance(hours, forms.IntegerField)
            hours.max_value = HOURS_PER_WEEK.hi
            hours.widget.attrs["max"] = str(HOURS_PER_WEEK.hi)
        _limit_text(self)


class VisibilityForm(forms.Form):
    def __init__(self, *args: Any, profile: CareerProfile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for section in SECTIONS:
            self.fields[section.key] = forms.ChoiceField(
                label=section.label,
                choices=Visibility.choices,
                initial=profile.visibility_of(section.key),
            )


class SkillForm(forms.Form):
    level = forms.TypedChoiceField(choices=LEVEL_CHOICES, coerce=int)
    appetite = forms.ChoiceField(choices=Appetite.choices, initial=Appetite.KEEP)


class SkillAddForm(SkillForm):
    skill = forms.IntegerField(widget=forms.HiddenInput)


class ConfirmForm(forms.Form):
    level = forms.TypedChoiceField(choices=LEVEL_CHOICES, coerce=int)


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "horizon", "target_role", "target_date", "description", "status"]
        widgets = {"target_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, close_roles: list[Role] | None = None, **kwargs: Any) -> None:
        """``close_roles`` (the suggested moves from the person's role) are offered first."""
        super().__init__(*args, **kwargs)
        target_role = self.fields["target_role"]
        assert isinstance(target_role, forms.ModelChoiceField)
        target_role.queryset = Role.objects.select_related("family")
        target_role.required = False
        if close_roles:
            # Only what is shown is grouped; validation still checks against the queryset.
            close = {r.pk for r in close_roles}
            others = [r for r in target_role.queryset if r.pk not in close]
            target_role.choices = [
                ("", "---------"),
                ("Roles close to yours", [(r.pk, str(r)) for r in close_roles]),
                ("All other roles", [(r.pk, str(r)) for r in others]),
            ]
        _limit_text(self)


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "kind",
            "title",
            "measure",
            "support_needed",
            "support_from",
            "status",
            "learning",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_text(self)
        field = self.fields["learning"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = LearningItem.objects.filter(is_active=True).order_by("title")
        field.required = False


class CheckpointForm(forms.Form):
    title = forms.CharField(max_length=200, validators=[validate_name])
    due = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_plan_date]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_text(self)

    @property
    def in_past(self) -> bool:
        """A past date is allowed (people log what they already did) but flagged."""
        due = self.cleaned_data.get("due") if hasattr(self, "cleaned_data") else None
        return due is not None and due < timezone.localdate()


class CommentForm(forms.Form):
    body = forms.CharField(label="Comment", max_length=LONG_TEXT, widget=forms.Textarea)
    action = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_text(self)


class CheckInForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for muscle in Muscle:
            self.fields[f"{muscle.value}_score"] = forms.TypedChoiceField(
                label=muscle.label,
                choices=[(n, str(n)) for n in range(1, 6)],
                coerce=int,
                widget=forms.RadioSelect,
            )
            self.fields[f"{muscle.value}_note"] = forms.CharField(
                label=f"Note on {muscle.label.lower()}", required=False, widget=forms.Textarea
            )
        _limit_text(self)

    def scores(self) -> dict[str, tuple[int, str]]:
        data = self.cleaned_data
        return {m: (data[f"{m}_score"], data[f"{m}_note"]) for m in Muscle.values}

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"{m}_score"], self[f"{m}_note"]) for m in Muscle.values]


class DevTimeForm(forms.ModelForm):
    hours = forms.DecimalField(min_value=Decimal("0.5"), max_value=24, decimal_places=1)

    class Meta:
        model = DevTimeEntry
        fields = ["date", "hours", "activity"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_text(self)


class AccomplishmentForm(forms.ModelForm):
    link = LinkFormField(required=False)

    class Meta:
        model = Accomplishment
        fields = [
            "title",
            "what",
            "impact",
            "date",
            "link",
            "visibility",
            "share_lessons",
            "lessons",
        ]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_text(self)


class DeckReviewForm(forms.Form):
    title = forms.CharField(max_length=200, validators=[validate_name])
    on = forms.DateField(
        label="Date",
        validators=[validate_plan_date],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reviewers = forms.ModelMultipleChoiceField(
        label="Panel",
        queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    participants = forms.ModelMultipleChoiceField(
        label="People invited to present",
        queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args: Any, panel: Any, invitable: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reviewers, participants = self.fields["reviewers"], self.fields["participants"]
        assert isinstance(reviewers, forms.ModelMultipleChoiceField)
        assert isinstance(participants, forms.ModelMultipleChoiceField)
        reviewers.queryset = panel
        participants.queryset = invitable


class DeckFeedbackForm(forms.Form):
    text = forms.CharField(
        label="Your comment or the help you offer",
        max_length=1000,
        validators=[validate_text],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    offers_help = forms.BooleanField(label="This is an offer of help", required=False)
