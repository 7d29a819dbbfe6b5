from __future__ import annotations

from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "trellis.insights"
    label = "insights"
    verbose_name = "Insights"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from trellis.insights.demo import demo_step
        from trellis.insights.personal_data import personal_data
        from trellis.org.registry import demo_register, personal_data_register

        personal_data_register(personal_data())
        demo_register(demo_step())
