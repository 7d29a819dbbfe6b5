from __future__ import annotations

from django import forms

from trellis.org.models import OrgUnit
from trellis.org.validation import DB_INT_MAX
from trellis.skills.models import Role, Skill


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.all(), required=False)
    role = forms.ModelChoiceField(queryset=Role.objects.all(), required=False)
    # A text field, not a select: the taxonomy can hold thousands of skills.
    skill = forms.CharField(required=False, max_length=200)
    location = forms.CharField(required=False, max_length=150)

    def clean_skill(self) -> Skill | None:
        name = self.cleaned_data["skill"].strip()
        if not name:
            return None
        skill = (
            Skill.objects.filter(name__iexact=name).first()
            or Skill.objects.filter(aliases__name__iexact=name).first()
        )
        if skill is None:
            raise forms.ValidationError(f"No skill is called “{name}”.")
        return skill


class OrgChartForm(forms.Form):
    """Where the org chart opens: at a person, with an optional name search beside it."""

    q = forms.CharField(label="Find a person", required=False, max_length=100)
    person = forms.IntegerField(required=False, min_value=1, max_value=DB_INT_MAX)

    def clean_q(self) -> str:
        return self.cleaned_data["q"].strip()
