"""``manage.py demo``: load the deterministic demo organization.

The organization itself (units, people, roles, skills) comes first; then every app's part
(careers, marketplace, conversations), which each registers with org from its
``AppConfig.ready()`` (:mod:`trellis.org.registry`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import ProtectedError
from django.test.utils import override_settings

from trellis.org.models import Person
from trellis.org.registry import demo_steps
from trellis.skills.demo import DEMO_PASSWORD, DemoError, demo_generate, demo_reset

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
        steps = demo_steps()
        try:
            # The demo's stories notify people as real use would (e-mails are sent once the
            # transaction commits); nobody should be e-mailed for a demo.
            with override_settings(EMAIL_BACKEND=_NO_MAIL), transaction.atomic():
                if options["reset"]:
                    # The apps' rows first: some protect what the organization reset deletes.
                    for step in reversed(steps):
                        if step.reset is not None:
                            step.reset()
                    demo_reset()
                summary = demo_generate(people=options["people"], seed=options["seed"])
                parts = [step.generate(options["seed"]) for step in steps]
        except DemoError as error:
            raise CommandError(str(error)) from error
        except ProtectedError as error:
            raise CommandError(
                f"Cannot reset: other records still use the organization ({error.args[0]})"
            ) from error
        apps = "".join(f"; {part}" for part in parts if part)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo organization: {summary.people} people, {summary.units} units, "
                f"{summary.roles} roles in {summary.families} families "
                f"({summary.requirements} requirements, {summary.transitions} transitions), "
                f"{summary.skills} skills in {summary.skill_groups} groups "
                f"({summary.aliases} aliases), "
                f"{summary.person_skills} person skills in {summary.seconds:.1f} s{apps}."
            )
        )
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
        for login in summary.logins:
            self.stdout.write(f"  {login.username:<9} {login.who}: {login.name}, {login.title}")
