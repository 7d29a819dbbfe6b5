from __future__ import annotations

from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "trellis.skills"
    label = "skills"
    verbose_name = "Skills and job architecture"
