"""The skills taxonomy and the job architecture: roles, KSA requirements, the career lattice."""

from __future__ import annotations

import re

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from trellis.org.validation import (
    LINK_MAX,
    ROLE_LEVEL,
    SHORT_TEXT,
    TYPICAL_MONTHS,
    validate_name,
    validate_text,
    validate_web_link,
)

MAX_LEVEL = 5
# O*NET roles carry their O*NET-SOC code (``15-1252.00``) as their code.
ONET_CODE_REGEX = r"^\d{2}-\d{4}\.\d{2}$"


def is_onet_code(code: str) -> bool:
    return re.match(ONET_CODE_REGEX, code) is not None


LEVEL_ANCHORS: dict[int, str] = {
    0: "None — no working knowledge yet",
    1: "Aware — knows the ideas and the words, needs guidance to apply them",
    2: "Beginner — applies it to simple tasks with help",
    3: "Practitioner — applies it on their own in everyday work",
    4: "Advanced — handles hard cases and helps others grow",
    5: "Expert — shapes how the organization does it; a reference for others",
}


class SkillCategory(models.TextChoices):
    SKILL = "skill", "Skill"
    KNOWLEDGE = "knowledge", "Knowledge"
    ABILITY = "ability", "Ability"
    TOOL = "tool", "Tool"


class Skill(models.Model):
    name = models.CharField(max_length=200, unique=True)
    category = models.CharField(
        max_length=20, choices=SkillCategory.choices, default=SkillCategory.SKILL
    )
    description = models.TextField(blank=True)
    esco_uri = models.CharField("ESCO URI", max_length=300, blank=True)
    onet_id = models.CharField("O*NET element id", max_length=50, blank=True)
    # The taxonomy is a tree (category -> group -> skill); PROTECT would make pruning a
    # branch a chore, so orphans simply move up to the top level.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    related = models.ManyToManyField("self", blank=True, symmetrical=True)
    is_hot_technology = models.BooleanField(
        default=False, help_text="O*NET flags this tool as frequently asked for in job postings."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["esco_uri"], condition=~Q(esco_uri=""), name="skill_esco_uri_unique"
            ),
            models.UniqueConstraint(
                fields=["onet_id"], condition=~Q(onet_id=""), name="skill_onet_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SkillAlias(models.Model):
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="skill_alias_name_unique_ci"),
        ]
        verbose_name_plural = "skill aliases"

    def __str__(self) -> str:
        return self.name


class Track(models.TextChoices):
    INDIVIDUAL = "ic", "Individual contributor"
    MANAGEMENT = "management", "Management"


class JobFamily(models.Model):
    name = models.CharField(max_length=150, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "job families"

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    code = models.CharField(max_length=50, unique=True, help_text="Our own stable identifier.")
    title = models.CharField(max_length=200, validators=[validate_name])
    family = models.ForeignKey(JobFamily, on_delete=models.PROTECT, related_name="roles")
    track = models.CharField(max_length=20, choices=Track.choices, default=Track.INDIVIDUAL)
    level = models.PositiveSmallIntegerField(default=1, validators=ROLE_LEVEL.validators())
    unit = models.ForeignKey(
        "org.OrgUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="roles"
    )
    description = models.TextField(blank=True)
    external_code = models.CharField(
        max_length=50, blank=True, help_text="An external code such as an O*NET-SOC code."
    )
    esco_uri = models.CharField("ESCO URI", max_length=300, blank=True)

    class Meta:
        ordering = ["family__name", "track", "level", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["esco_uri"], condition=~Q(esco_uri=""), name="role_esco_uri_unique"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=12), name="role_level_1_12"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (L{self.level})"


class RoleAlias(models.Model):
    """Another title for a role (O*NET alternate titles, ESCO alternative labels), for search."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=250)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("role", Lower("name"), name="role_alias_unique_ci"),
        ]
        verbose_name_plural = "role aliases"

    def __str__(self) -> str:
        return self.name


class RoleRequirement(models.Model):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="requirements")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="requirements")
    min_level = models.PositiveSmallIntegerField()
    importance = models.PositiveSmallIntegerField(
        default=3, help_text="1 (useful) to 5 (essential)."
    )
    is_required = models.BooleanField(default=True, help_text="False for nice-to-have.")

    class Meta:
        ordering = ["-is_required", "-importance", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["role", "skill"], name="requirement_role_skill_unique"),
            models.CheckConstraint(
                condition=Q(min_level__lte=MAX_LEVEL), name="requirement_min_level_0_5"
            ),
            models.CheckConstraint(
                condition=Q(importance__gte=1) & Q(importance__lte=5),
                name="requirement_importance_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.skill} ≥ {self.min_level}"


class RoleRating(models.Model):
    """How important a skill or knowledge area is in a role, and at what level, as rated.

    The full profile of an imported occupation (O*NET rates every skill and knowledge area for
    every occupation), kept to compare roles with each other. Requirements stay the subset a
    person is measured against (readiness); ratings are never shown as requirements.
    ``importance`` is 1 (not important) to 5 (extremely), ``level`` 0–5 on our proficiency
    scale (O*NET's 0–7 level × 5/7, unrounded).
    """

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="ratings")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="ratings")
    importance = models.FloatField()
    level = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["role", "skill"], name="rating_role_skill_unique"),
            models.CheckConstraint(
                condition=Q(importance__gte=1) & Q(importance__lte=5),
                name="rating_importance_1_5",
            ),
            models.CheckConstraint(
                condition=Q(level__gte=0) & Q(level__lte=MAX_LEVEL), name="rating_level_0_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role}: {self.skill} (importance {self.importance:g}, level {self.level:g})"


class TransitionKind(models.TextChoices):
    PROMOTION = "promotion", "Promotion"
    LATERAL = "lateral", "Lateral move"
    EXPLORATORY = "exploratory", "Exploratory"


class RoleTransition(models.Model):
    from_role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="transitions_out")
    to_role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="transitions_in")
    kind = models.CharField(max_length=20, choices=TransitionKind.choices)
    typical_months = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=TYPICAL_MONTHS.validators()
    )

    class Meta:
        ordering = ["from_role__title", "kind", "to_role__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_role", "to_role"], name="transition_from_to_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_role=models.F("to_role")), name="transition_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_role} → {self.to_role} ({self.kind})"


class HiddenMove(models.Model):
    """A suggested move HR chose not to show (suggestions are computed, so the choice is
    kept apart from them and survives every recomputation)."""

    from_role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="+")
    to_role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="+")
    hidden_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_role", "to_role"], name="hidden_move_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.from_role} → {self.to_role} (hidden)"


class SkillSource(models.TextChoices):
    SELF = "self", "Self-assessed"
    MANAGER = "manager", "Confirmed by manager"
    VALIDATED = "validated", "Validated"
    INFERRED = "inferred", "Inferred"


class Appetite(models.TextChoices):
    GROW = "grow", "Wants to grow it"
    KEEP = "keep", "Happy as is"
    LESS = "less", "Wants to use it less"


class PersonSkill(models.Model):
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="holders")
    level = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=20, choices=SkillSource.choices, default=SkillSource.SELF)
    appetite = models.CharField(max_length=10, choices=Appetite.choices, default=Appetite.KEEP)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-level", "skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "skill"], name="person_skill_unique"),
            models.CheckConstraint(
                condition=Q(level__lte=MAX_LEVEL), name="person_skill_level_0_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.skill} {self.level}"


# --- the learning catalog ------------------------------------------------------------------


class LearningKind(models.TextChoices):
    COURSE = "course", "Course"
    INTERNAL = "internal", "Internal resource"
    COMMUNITY = "community", "Community"
    BOOK = "book", "Book"
    STRETCH = "stretch", "Stretch work"


EFFORT_HOURS_MAX = 2000


class LearningItem(models.Model):
    """A way to learn that HR curates: what it is, the skills and levels it builds, the effort
    it takes and where to find it (an http or https link only)."""

    title = models.CharField(max_length=200, unique=True, validators=[validate_name])
    kind = models.CharField(max_length=12, choices=LearningKind.choices)
    description = models.TextField(blank=True, max_length=SHORT_TEXT, validators=[validate_text])
    url = models.CharField("link", max_length=LINK_MAX, blank=True, validators=[validate_web_link])
    effort_hours = models.PositiveSmallIntegerField(
        "effort (hours)", null=True, blank=True, help_text="About how many hours it takes."
    )
    is_active = models.BooleanField(default=True)
    skills: models.ManyToManyField[Skill, LearningSkill] = models.ManyToManyField(
        Skill, through="LearningSkill", related_name="learning"
    )

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effort_hours__lte=EFFORT_HOURS_MAX), name="learning_effort_bounded"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class LearningSkill(models.Model):
    """A skill a learning item builds, up to ``level`` (1-5)."""

    item = models.ForeignKey(LearningItem, on_delete=models.CASCADE, related_name="builds")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(default=2)

    class Meta:
        ordering = ["skill__name"]
        constraints = [
            models.UniqueConstraint(fields=["item", "skill"], name="learning_skill_unique"),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=MAX_LEVEL), name="learning_level_1_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill_id} to level {self.level}"
