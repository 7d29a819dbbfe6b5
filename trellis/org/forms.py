from __future__ import annotations

from django import forms

from trellis.org.models import OrgUnit
from trellis.skills.models import Role, Skill


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.all(), required=False)
    role = forms.ModelChoiceField(queryset=Role.objects.all(), required=False)
    skill = forms.ModelChoiceField(queryset=Skill.objects.all(), required=False)
    location = forms.CharField(required=False, max_length=150)
