from __future__ import annotations

from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "trellis.skills"
    label = "skills"
    verbose_name = "Skills and job architecture"

    def ready(self) -> None:
        # Models load only once the app registry is ready.
        from trellis.org.registry import (
            PersonalData,
            PersonalDataSet,
            demo_register,
            personal_data_register,
        )
        from trellis.skills.demo_learning import demo_step
        from trellis.skills.models import PersonSkill

        personal_data_register(
            PersonalDataSet(app="skills", owned=(PersonalData(PersonSkill, "person"),))
        )
        demo_register(demo_step())
