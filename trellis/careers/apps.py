from __future__ import annotations

from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "trellis.careers"
    label = "careers"
    verbose_name = "Careers"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Models load only once the app registry is ready.
        from trellis.careers.demo import demo_step
        from trellis.careers.personal_data import personal_data
        from trellis.org.registry import demo_register, personal_data_register

        personal_data_register(personal_data())
        demo_register(demo_step())
