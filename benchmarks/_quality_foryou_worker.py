"""Counts what a careers coach would not sign in "For you" (see benchmarks/quality_foryou.py).

``python -m benchmarks._quality_foryou_worker`` computes For you for every active person of
the database it is pointed at and prints one JSON line of counts. The checks read the
database directly, so they do not trust the ranking they judge:

* ``top1_under_30``: the first item's readiness is under 30 % while the person passes the
  hard constraints of an opportunity (not their own) with readiness of 30 % or more, split
  by where that better item is: ranked lower in the list (``better_listed_lower``), among the
  near misses (``better_near_miss``) or held back by a rule of For you (a role already held,
  an unasked step-back, shadowing of one's own role...: ``better_held_back``);
  (``top1_under_30_any`` counts every top-1 under 30 %, whatever else exists);
* ``mentor_below_level``: an offer to mentor others (or to be shadowed) shown to someone below
  the asked level on one of its skills; before mentorships had a direction, every mentorship
  shown below the asked level counted, as nobody could tell which side it offered;
* ``shadow_own_role``: job shadowing of the role the person holds;
* ``grow_unused``: people with skills marked "grow" whose top five lists none of them, split
  by whether an item listed lower uses one (``grow_listed_lower``), only a near miss or a
  blocked item does (``grow_near_or_blocked``), or nothing on the page does.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections import defaultdict
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

import numpy as np  # noqa: E402

from trellis.engine.scoring import score_person  # noqa: E402
from trellis.market.cache import market_data  # noqa: E402
from trellis.market.models import Kind, Opportunity, OpportunitySkill  # noqa: E402
from trellis.market.recommend import for_you  # noqa: E402
from trellis.org.models import Person  # noqa: E402
from trellis.skills.models import PersonSkill, Role  # noqa: E402

_FLOOR = 0.3


def _lists(result: Any) -> tuple[list[Any], list[Any]]:
    """(ranked items, every item shown anywhere on the page)."""
    if isinstance(result, tuple):
        items, blocked = result
        return list(items), list(items) + list(blocked)
    items = list(result.items)
    return items, items + list(result.near_misses) + list(result.blocked)


def main() -> None:
    data = market_data(force=True)
    people = list(Person.objects.filter(is_active=True).order_by("id"))
    levels: dict[int, dict[int, int]] = defaultdict(dict)
    grow: dict[int, set[int]] = defaultdict(set)
    for pid, sid, level, appetite in PersonSkill.objects.values_list(
        "person_id", "skill_id", "level", "appetite"
    ):
        levels[pid][sid] = level
        if appetite == "grow":
            grow[pid].add(sid)
    needs: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for oid, sid, min_level in OpportunitySkill.objects.filter(min_level__gt=0).values_list(
        "opportunity_id", "skill_id", "min_level"
    ):
        needs[oid].append((sid, min_level))
    shadow_title = {r.pk: f"Shadow a {r.title} for a week" for r in Role.objects.all()}
    counts = dict.fromkeys(
        ("top1_under_30", "mentor_below_level", "shadow_own_role", "grow_unused"), 0
    )
    under_any = 0
    # Where the better item went: ranked lower, shown as a near miss, or held back by a rule.
    split = dict.fromkeys(
        (
            "better_listed_lower",
            "better_near_miss",
            "better_held_back",
            "grow_listed_lower",
            "grow_near_or_blocked",
        ),
        0,
    )
    with_grow = empty = near = 0
    times: list[float] = []
    for person in people:
        started = time.perf_counter()
        result = for_you(person=person, data=data)
        times.append(time.perf_counter() - started)
        items, shown = _lists(result)
        near += len(getattr(result, "near_misses", []))
        empty += not items
        mine = levels.get(person.pk, {})
        i = data.person_index.get(person.pk)
        under_any += bool(items) and items[0].why.readiness < _FLOOR
        if items and i is not None and items[0].why.readiness < _FLOOR:
            scores = score_person(data.state, i)
            takeable = scores.ok & (data.opp_owner != person.pk)
            better = {
                int(data.opp_ids[o])
                for o in np.flatnonzero(takeable & (scores.readiness >= _FLOOR))
            }
            if better:
                counts["top1_under_30"] += 1
                listed = {item.opportunity.pk for item in items}
                if better & listed:
                    split["better_listed_lower"] += 1
                elif better & {item.opportunity.pk for item in shown}:
                    split["better_near_miss"] += 1
                else:
                    split["better_held_back"] += 1
        for item in shown:
            opp: Opportunity = item.opportunity
            below = any(mine.get(s, 0) < m for s, m in needs[opp.pk])
            direction = getattr(opp, "direction", None)
            undirected = opp.kind == Kind.MENTORSHIP and direction is None
            if below and (undirected or direction == "guide"):
                counts["mentor_below_level"] += 1
            own_role = opp.role_id == person.role_id or (
                opp.role_id is None and opp.title == shadow_title.get(person.role_id or 0)
            )
            if opp.kind == Kind.SHADOWING and person.role_id is not None and own_role:
                counts["shadow_own_role"] += 1
        if grow.get(person.pk):
            with_grow += 1
            uses = [
                bool(grow[person.pk] & {s for s, _ in needs[it.opportunity.pk]}) for it in shown
            ]
            if not any(uses[: min(5, len(items))]):
                counts["grow_unused"] += 1
                if any(uses[5 : len(items)]):
                    split["grow_listed_lower"] += 1
                elif any(uses[len(items) :]):
                    split["grow_near_or_blocked"] += 1
    out = {
        **counts,
        **split,
        "people": len(people),
        "people_with_grow": with_grow,
        "opportunities": int(data.state.n_opps),
        "top1_under_30_any": under_any,
        "empty": empty,
        "near_misses": near,
        "median_s": statistics.median(times) if times else 0.0,
        "runs": len(times),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
