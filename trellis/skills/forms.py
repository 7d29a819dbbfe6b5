"""Input formats of the job architecture pages (HR only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from trellis.org.models import OrgUnit
from trellis.org.uploads import check_upload_size
from trellis.org.validation import ROLE_LEVEL, TYPICAL_MONTHS, validate_name
from trellis.skills.imports import KINDS
from trellis.skills.models import MAX_LEVEL, JobFamily, Role, Skill, Track, TransitionKind


class RoleForm(forms.Form):
    code = forms.CharField(max_length=50, help_text="Our own stable identifier, e.g. SE3.")
    title = forms.CharField(max_length=200, validators=[validate_name])
    family = forms.ModelChoiceField(queryset=JobFamily.objects.order_by("name"))
    track = forms.ChoiceField(choices=Track.choices)
    level = forms.IntegerField(min_value=ROLE_LEVEL.lo, max_value=ROLE_LEVEL.hi)
    unit = forms.ModelChoiceField(
        queryset=OrgUnit.objects.order_by("path"), required=False, label="Department or unit"
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False, label="Purpose"
    )
    external_code = forms.CharField(max_length=50, required=False)

    def __init__(self, *args: Any, role: Role | None = None, **kwargs: Any) -> None:
        self.role = role
        if role is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "code": role.code,
                "title": role.title,
                "family": role.family_id,
                "track": role.track,
                "level": role.level,
                "unit": role.unit_id,
                "description": role.description,
                "external_code": role.external_code,
            }
        super().__init__(*args, **kwargs)

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        clash = Role.objects.filter(code__iexact=code)
        if self.role is not None:
            clash = clash.exclude(pk=self.role.pk)
        if clash.exists():
            raise forms.ValidationError(f"The code {code} is already used by another role.")
        return code


class RequirementForm(forms.Form):
    skill = forms.ModelChoiceField(
        queryset=Skill.objects.all(),
        widget=forms.NumberInput,
        help_text="The skill's id (shown on the skills page).",
        error_messages={"invalid_choice": "No skill has this id."},
    )
    min_level = forms.IntegerField(min_value=0, max_value=MAX_LEVEL, label="Minimum level (0–5)")
    importance = forms.IntegerField(min_value=1, max_value=5, initial=3, label="Importance (1–5)")
    is_required = forms.BooleanField(
        required=False, initial=True, label="Required (untick for nice to have)"
    )

    def __init__(self, *args: Any, role: Role, editing: bool = False, **kwargs: Any) -> None:
        self.role = role
        self.editing = editing
        super().__init__(*args, **kwargs)
        if editing:
            # The skill of an existing requirement is fixed: remove and add to change it.
            del self.fields["skill"]

    def clean_skill(self) -> Skill:
        skill: Skill = self.cleaned_data["skill"]
        if self.role.requirements.filter(skill=skill).exists():
            raise forms.ValidationError(
                f"{self.role.title} already asks for {skill.name}; edit that requirement instead."
            )
        return skill


class TransitionForm(forms.Form):
    to_role = forms.ModelChoiceField(
        queryset=Role.objects.select_related("family").order_by("family__name", "level", "title"),
        label="Leads to",
    )
    kind = forms.ChoiceField(choices=TransitionKind.choices)
    typical_months = forms.IntegerField(
        min_value=TYPICAL_MONTHS.lo,
        max_value=TYPICAL_MONTHS.hi,
        required=False,
        label="Typical months in role before",
    )

    def __init__(self, *args: Any, role: Role, **kwargs: Any) -> None:
        self.role = role
        super().__init__(*args, **kwargs)

    def clean_to_role(self) -> Role:
        to_role: Role = self.cleaned_data["to_role"]
        if to_role.pk == self.role.pk:
            raise forms.ValidationError("A career move must lead to another role.")
        if self.role.transitions_out.filter(to_role=to_role).exists():
            raise forms.ValidationError(
                f"A move from {self.role.title} to {to_role.title} is already recorded."
            )
        return to_role


class SourceImportForm(forms.Form):
    source = forms.ChoiceField(
        choices=[("onet", "O*NET database (text files)"), ("esco", "ESCO (CSV files)")],
        widget=forms.RadioSelect,
        label="Taxonomy",
    )
    archive = forms.FileField(
        label="The folder's files as one ZIP archive",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def clean_archive(self) -> Any:
        upload = self.cleaned_data["archive"]
        limit = settings.TRELLIS_MAX_IMPORT_BYTES
        if (upload.size or 0) > limit:
            raise forms.ValidationError(f"The file is larger than the limit of {limit:,} bytes.")
        if not upload.name.lower().endswith(".zip"):
            raise forms.ValidationError("Upload a .zip archive of the folder's files.")
        return upload


class TaxonomyUploadForm(forms.Form):
    skills = forms.FileField(required=False, label="Skills (CSV)")
    roles = forms.FileField(required=False, label="Roles (CSV)")
    requirements = forms.FileField(required=False, label="Role requirements (CSV)")
    transitions = forms.FileField(required=False, label="Role transitions (CSV)")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for kind in KINDS:
            try:
                check_upload_size(data.get(kind))
            except forms.ValidationError as exc:
                self.add_error(kind, exc)
        if not any(data.get(kind) for kind in KINDS):
            raise forms.ValidationError("Choose at least one file.")
        return data
