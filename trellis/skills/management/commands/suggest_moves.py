"""``python manage.py suggest_moves [--role CODE] [--top N] [--format tsv|table]``.

Every role's (or one role's) suggested moves, ranked exactly as the pages rank them. TSV lines
are ``from_code<TAB>rank<TAB>to_code<TAB>score<TAB>kind`` with role codes as stored (the
O*NET-SOC code for O*NET roles, e.g. ``15-1252.00``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from trellis.skills.models import Role
from trellis.skills.moves import KIND_LABELS, suggested_moves_all


class Command(BaseCommand):
    help = "Print suggested role moves (the ranking the role pages show)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--role", help="Only this role (its code, or its external code)")
        parser.add_argument("--top", type=int, default=10, help="Moves per role (1–100)")
        parser.add_argument("--format", choices=("tsv", "table"), default="tsv")

    def handle(self, *args: Any, **options: Any) -> None:
        top = options["top"]
        if not 1 <= top <= 100:
            raise CommandError(f"--top must be between 1 and 100, not {top}.")
        role = None
        if options["role"]:
            code = options["role"].strip()
            role = Role.objects.filter(code=code).first()
            if role is None:
                found = list(Role.objects.filter(external_code=code)[:2])
                role = found[0] if len(found) == 1 else None
            if role is None:
                raise CommandError(f'No role has the code "{code}".')
        moves = suggested_moves_all(k=top, role=role)
        ids = {m.from_id for m in moves} | {m.to_id for m in moves}
        roles = {
            pk: (code, title)
            for pk, code, title in Role.objects.filter(pk__in=ids).values_list(
                "pk", "code", "title"
            )
        }
        if role is not None and not moves:
            self.stderr.write(f"{role.code}: nothing to compare this role with yet.")
        for m in moves:
            (a_code, a_title), (b_code, b_title) = roles[m.from_id], roles[m.to_id]
            if options["format"] == "tsv":
                self.stdout.write(f"{a_code}\t{m.rank}\t{b_code}\t{m.score:.4f}\t{m.kind}")
            else:
                self.stdout.write(
                    f"{a_title[:40]:40}  {m.rank:>3}  {b_title[:40]:40}  {m.score:>8.3f}  "
                    f"{KIND_LABELS[m.kind]}"
                )
