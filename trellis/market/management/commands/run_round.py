"""``manage.py run_round``: preview or run a matching round from the command line.

The round is stored exactly as the HR page stores it (inputs, cleared preferences,
assignments, near-misses), so it can be inspected, adjusted and published on the page.
"""

from __future__ import annotations

from typing import Any, TextIO, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from trellis.market import rounds
from trellis.market.models import Kind, Opportunity, OpportunityStatus
from trellis.market.services import MarketError
from trellis.org.access import Viewer, viewer_for
from trellis.org.management.progress import terminal_tick


def _ids(values: list[str]) -> list[int]:
    out = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit():
                raise CommandError(f"Not an opportunity id: {part!r}.")
            out.append(int(part))
    return out


class Command(BaseCommand):
    help = (
        "Preview or run a matching round over chosen open opportunities (by id or kind) "
        "and every opted-in person; prints the summary."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--opportunities",
            nargs="+",
            default=[],
            metavar="ID",
            help="Opportunity ids (space or comma separated).",
        )
        parser.add_argument("--kind", choices=Kind.values, help="Every open opportunity of a kind.")
        parser.add_argument("--name", default="", help="The round's name.")
        parser.add_argument(
            "--propose",
            choices=rounds.PROPOSING,
            default="people",
            help="The proposing side (people).",
        )
        parser.add_argument(
            "--list-length",
            type=int,
            default=rounds.LIST_LENGTH,
            help=f"Opportunities on each person's list ({rounds.LIST_LENGTH}).",
        )
        parser.add_argument(
            "--preview", action="store_true", help="Show both sides' lists; store nothing."
        )
        parser.add_argument(
            "--as",
            dest="username",
            default="",
            help="The HR partner or admin recorded as running the round.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ids = _ids(options["opportunities"])
        kind = options["kind"]
        if not ids and not kind:
            raise CommandError("Choose opportunities with --opportunities or --kind.")
        chosen = Opportunity.objects.filter(status=OpportunityStatus.OPEN)
        if ids:
            chosen = chosen.filter(id__in=ids)
        if kind:
            chosen = chosen.filter(kind=kind)
        chosen_ids = list(chosen.order_by("id").values_list("id", flat=True))
        missing = sorted(set(ids) - set(chosen_ids)) if not kind else []
        if missing:
            raise CommandError(
                f"Not open (or unknown): {', '.join(str(i) for i in missing)}. "
                "A round clears open opportunities only."
            )
        length = options["list_length"]
        try:
            if options["preview"]:
                self._preview(chosen_ids, options["propose"], length)
                return
            viewer = self._viewer(options["username"])
            name = options["name"].strip() or (
                f"{Kind(kind).label} round" if kind else "Matching round"
            )
            # A bar on a terminal's standard error (the stream: the wrapper adds new lines).
            tick, bar = terminal_tick(cast(TextIO, self.stderr._out))
            try:
                rnd = rounds.round_run(
                    viewer=viewer,
                    name=name,
                    opportunity_ids=chosen_ids,
                    proposing=options["propose"],
                    list_length=length,
                    tick=tick,
                )
            finally:
                if bar is not None:
                    bar.close()
        except MarketError as error:
            raise CommandError(str(error)) from error
        summary = rnd.summary
        self.stdout.write(
            f"Round {rnd.pk} “{rnd.name}”: {summary['matched']} of {summary['people']} people "
            f"matched over {len(rnd.inputs['opportunities'])} opportunities "
            f"({options['propose']} proposing, lists of up to {length})."
        )
        self.stdout.write(
            f"Blocking pairs: {rnd.blocking_pairs}. Proposals: {summary['proposals']}. "
            f"Unmatched with near-misses: {len(summary['unmatched'])}."
        )
        self.stdout.write(
            f"Stored, not published: review and publish at {reverse('market:round', args=[rnd.pk])}"
        )

    def _viewer(self, username: str) -> Viewer:
        if not username:
            return viewer_for(AnonymousUser())  # recorded as run by the system
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        viewer = viewer_for(user)
        if not viewer.is_hr_or_admin:
            raise CommandError(f"{username} is not an HR partner or admin.")
        return viewer

    def _preview(self, opportunity_ids: list[int], proposing: str, length: int) -> None:
        prep = rounds.prepare(opportunity_ids=opportunity_ids, list_length=length)
        prefs = prep.prefs
        listed = prefs.opp.shape[0]
        with_list = int((prefs.ptr[1:] > prefs.ptr[:-1]).sum())
        self.stdout.write(
            f"Preview: {prefs.n_people} opted-in people × {prefs.n_opps} opportunities, "
            f"{int(prefs.capacity.sum())} seats; {listed} acceptable pairs; {with_list} people "
            f"with a non-empty list of up to {length} ({proposing} proposing). Nothing stored."
        )
        titles = dict(Opportunity.objects.filter(id__in=opportunity_ids).values_list("id", "title"))
        counts = [0] * prefs.n_opps
        for o in prefs.opp.tolist():
            counts[o] += 1
        for o, count in sorted(enumerate(counts), key=lambda c: -c[1])[:10]:
            oid = int(prep.data.opp_ids[o])
            self.stdout.write(
                f"  {oid} {titles.get(oid, '?')}: on {count} lists, {int(prefs.capacity[o])} seats"
            )
