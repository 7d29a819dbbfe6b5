"""``manage.py demo``: load the deterministic demo organization."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import ProtectedError
from django.test.utils import override_settings

from trellis.market.demo import market_demo_generate, market_demo_reset
from trellis.org.demo import DEMO_PASSWORD, DemoError, demo_generate, demo_reset
from trellis.org.models import Person
from trellis.talks.demo import talks_demo_generate

_NO_MAIL = "django.core.mail.backends.dummy.EmailBackend"


class Command(BaseCommand):
    help = "Generate a deterministic demo organization (people, units, roles, skills)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=300, help="How many people (300).")
        parser.add_argument("--seed", type=int, default=7, help="Random seed (7).")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has people.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the people, units, roles and skills first.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.TRELLIS_PRODUCTION:
            # The demo creates logins whose password is printed for everyone to read.
            raise CommandError(
                "The demo organization is not loaded when TRELLIS_PRODUCTION is set."
            )
        existing = Person.objects.count()
        if existing and options["if_empty"]:
            self.stdout.write(f"The database already has {existing} people; leaving it as it is.")
            return
        if existing and not options["reset"]:
            raise CommandError(
                f"The database already has {existing} people. Run with --reset to replace "
                "them with the demo organization, or --if-empty to keep them."
            )
        try:
            # The demo's stories notify people as real use would (e-mails are sent once the
            # transaction commits); nobody should be e-mailed for a demo.
            with override_settings(EMAIL_BACKEND=_NO_MAIL), transaction.atomic():
                if options["reset"]:
                    market_demo_reset()
                    demo_reset()
                summary = demo_generate(people=options["people"], seed=options["seed"])
                _seed_stories()
                market = market_demo_generate(seed=options["seed"])
                conversations = talks_demo_generate(seed=options["seed"])
        except DemoError as error:
            raise CommandError(str(error)) from error
        except ProtectedError as error:
            raise CommandError(
                f"Cannot reset: other records still use the organization ({error.args[0]})"
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo organization: {summary.people} people, {summary.units} units, "
                f"{summary.roles} roles in {summary.families} families "
                f"({summary.requirements} requirements, {summary.transitions} transitions), "
                f"{summary.skills} skills ({summary.aliases} aliases), "
                f"{summary.person_skills} person skills in {summary.seconds:.1f} s; "
                f"{market['opportunities']} open opportunities, {market['opted_in']} people "
                f"in the marketplace, {market['interests']} interests; "
                f"{conversations} career conversations."
            )
        )
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
        for login in summary.logins:
            self.stdout.write(f"  {login.username:<9} {login.who}: {login.name}, {login.title}")


def _seed_stories() -> None:
    """Give the demo employee a career and a conversation with her manager."""
    from trellis.careers.demo import career_demo_seed

    people = {
        p.user.username: p  # type: ignore[union-attr]
        for p in Person.objects.filter(user__username__in=["employee", "manager"]).select_related(
            "user"
        )
    }
    if len(people) == 2:
        career_demo_seed(employee=people["employee"], manager=people["manager"])
