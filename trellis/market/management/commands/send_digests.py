"""Send each opted-in person the new open opportunities that rank among their best matches.

A scheduler runs it (daily is enough: weekly subscribers are skipped until a week has passed).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone

from trellis.careers.notify import notify
from trellis.engine.topk import all_top_opportunities
from trellis.market.cache import market_data
from trellis.market.foryou import coach_allows
from trellis.market.models import Cadence, MarketplaceOptIn, Opportunity

_PERIOD: dict[str, dt.timedelta] = {
    Cadence.DAILY: dt.timedelta(days=1),
    Cadence.WEEKLY: dt.timedelta(days=7),
}


class Command(BaseCommand):
    help = "Send marketplace digests to opted-in people whose cadence is due."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--top", type=int, default=5)

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        due = [
            row
            for row in MarketplaceOptIn.objects.filter(opted_in=True)
            .exclude(digest=Cadence.OFF)
            .select_related("person")
            if row.last_digest_at is None or now - row.last_digest_at >= _PERIOD[row.digest]
        ]
        data = market_data()
        found = data.person_index.rows([r.person_id for r in due])
        rows = [r for r, i in zip(due, found.tolist(), strict=True) if i >= 0]
        if not rows or data.state.n_opps == 0:
            self.stdout.write("0 digests sent.")
            return
        idx = found[found >= 0]
        # A longer list, filtered by For you's rules (no offer to mentor below the asked
        # level, no shadowing of one's own job...), so a digest never names what the page
        # would not show.
        lists = all_top_opportunities(data.state, 3 * options["top"], people=idx)
        published = dict(
            Opportunity.objects.filter(id__in=data.opp_ids.tolist()).values_list(
                "id", "published_at"
            )
        )
        titles = dict(
            Opportunity.objects.filter(id__in=data.opp_ids.tolist()).values_list("id", "title")
        )
        sent = 0
        for n, row in enumerate(rows):
            since = row.last_digest_at
            allowed = coach_allows(data, int(idx[n]), lists.list_of(n))[: options["top"]]
            fresh = [
                int(data.opp_ids[o])
                for o in allowed
                if since is None or (published.get(int(data.opp_ids[o])) or now) > since
            ]
            fresh = [o for o in fresh if o in titles]
            if fresh:
                names = ", ".join(f"“{titles[o]}”" for o in fresh[:3])
                notify(
                    recipient=row.person,
                    message=f"{len(fresh)} new opportunities fit you: {names}"[:300],
                    url=reverse("market:for_you"),
                )
                sent += 1
            row.last_digest_at = now
            row.save(update_fields=["last_digest_at"])
        self.stdout.write(f"{sent} digests sent.")
