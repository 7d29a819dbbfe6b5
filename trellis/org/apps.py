from __future__ import annotations

from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "trellis.org"
    label = "org"
    verbose_name = "Organization and people"

    def ready(self) -> None:
        # Models (and what imports them) load only once the app registry is ready.
        from django.contrib.auth.signals import user_logged_in

        from trellis.org.demo_cycles import demo_step
        from trellis.org.middleware import session_mark_login
        from trellis.org.personal_data import ORG
        from trellis.org.registry import demo_register, personal_data_register

        user_logged_in.connect(session_mark_login, dispatch_uid="trellis_session_mark_login")
        personal_data_register(ORG)
        demo_register(demo_step())
