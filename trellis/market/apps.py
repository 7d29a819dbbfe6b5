from __future__ import annotations

from django.apps import AppConfig


class MarketConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trellis.market"
    label = "market"
    verbose_name = "Talent marketplace"

    def ready(self) -> None:
        # Models load only once the app registry is ready.
        from trellis.market.demo import market_demo_generate, market_demo_reset
        from trellis.market.mobility import mobility_note
        from trellis.market.personal_data import NOT_PERSONAL, REGISTRY
        from trellis.org.registry import (
            DemoStep,
            PersonalDataSet,
            demo_register,
            page_section_register,
            personal_data_register,
        )

        personal_data_register(
            PersonalDataSet(app="market", owned=REGISTRY, not_personal=frozenset(NOT_PERSONAL))
        )

        def demo(seed: int) -> str:
            made = market_demo_generate(seed=seed)
            return (
                f"{made['opportunities']} open opportunities, {made['opted_in']} people "
                f"in the marketplace, {made['interests']} interests"
            )

        demo_register(DemoStep(app="market", generate=demo, reset=market_demo_reset, order=20))
        # The role page says when the viewer may apply internally under the policy.
        page_section_register("skills.role", "mobility", mobility_note)
        # People to talk to where the person is deciding, by the rule of For you.
        from trellis.market.talk_to import gap_contacts, map_contacts

        page_section_register("skills.gap", "talk_to", gap_contacts)
        page_section_register("careers.map", "talk_to", map_contacts)
