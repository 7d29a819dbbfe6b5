from __future__ import annotations

from django.apps import AppConfig


class TalksConfig(AppConfig):
    name = "trellis.talks"
    label = "talks"
    verbose_name = "Career conversations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Models load only once the app registry is ready.
        from trellis.org.registry import (
            demo_register,
            page_section_register,
            personal_data_register,
        )
        from trellis.talks.demo import demo_step
        from trellis.talks.demo_orientation import demo_step as orientation_demo_step
        from trellis.talks.personal_data import personal_data
        from trellis.talks.selectors import followups_for_map

        personal_data_register(personal_data())
        demo_register(demo_step())
        demo_register(orientation_demo_step())
        # The career map lists the open follow-ups of conversations the viewer may read.
        page_section_register("careers.map", "followups", followups_for_map)
