"""The people picker: a type-ahead over the directory by name, job title and unit.

Fast at 100,000 people because every step is a walk of an index in key order, cut at the
limit: ``Person.name_key`` ("first last"), ``last_key`` ("last first") and ``title_key`` are
lower-cased columns computed by the database and indexed (trellis/org/models.py).

On PostgreSQL the keys carry a ``varchar_pattern_ops`` index, so ``LIKE 'abc%'`` is answered
from it whatever the collation. On SQLite, ``LIKE`` ignores case and so skips a binary index;
the fallback is a range over the lower-cased key (``key >= 'abc' AND key < 'abc' || U+10FFFF``),
which the plain index answers. Matching is by prefix of the whole query: "ada lo" finds
"Ada Lovelace" by first name, "lovelace a" by last name; a job title by any word starting with
the query ("eng", "staff eng"); a unit by any part of its name (units are few). SQLite folds
ASCII letters only, so "émile" must be typed with its accent there; PostgreSQL folds every letter.

Only active people are offered: the directory's rule for everyone (inactive people are
listed for HR on the directory itself, never offered as someone to ask or to meet).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import QuerySet

from trellis.org.access import Viewer
from trellis.org.models import OrgUnit, Person

PICK_LIMIT = 8
QUERY_MAX = 100
UNIT_LIMIT = 20
TITLE_LIMIT = 50
_KEYS = ("name_key", "last_key")
_TOP = "\U0010ffff"


def pick_key(q: str) -> str:
    """The query as the keys are stored: lower-cased, single spaces, at most 100 characters."""
    return " ".join(q.lower().split())[:QUERY_MAX]


def _prefix(qs: QuerySet[Person], key: str, prefix: str) -> QuerySet[Person]:
    if connection.vendor == "postgresql":
        return qs.filter(**{f"{key}__startswith": prefix})
    return qs.filter(**{f"{key}__gte": prefix, f"{key}__lt": prefix + _TOP})


def people_pick(
    *, viewer: Viewer, q: str, limit: int = PICK_LIMIT, exclude: Iterable[int] = ()
) -> list[Person]:
    """Active people matching ``q``, best first: an employee id typed whole, then a name
    starting with the query (first name first, then last name), then a job title, then a
    member of a unit whose name holds it; each step in name order. Empty for a stranger or
    a blank query."""
    key = pick_key(q)
    if not viewer.is_authenticated or not key:
        return []
    skip = set(exclude)
    base = Person.objects.filter(is_active=True).select_related("unit")
    found: dict[int, Person] = {}

    def take(rows: Iterable[Person]) -> None:
        for person in rows:
            if person.pk not in skip and len(found) < limit:
                found.setdefault(person.pk, person)

    take(base.filter(employee_id=q.strip()[:50]))
    for field in _KEYS:
        if len(found) >= limit:
            break
        take(_prefix(base, field, key).order_by(field, "pk")[: limit + len(skip) + len(found)])
    if len(found) < limit:
        titles = _titles_matching(key)
        if titles:
            by_title = base.filter(title_key__in=titles).order_by("title_key", "last_key", "pk")
            take(by_title[: limit + len(skip)])
    if len(found) < limit:
        units = list(
            OrgUnit.objects.filter(name__icontains=key).values_list("pk", flat=True)[:UNIT_LIMIT]
        )
        if units:
            by_unit = base.filter(unit_id__in=units).order_by("unit_id", "last_key", "pk")
            take(by_unit[: limit + len(skip)])
    return list(found.values())


def _titles_matching(key: str) -> list[str]:
    """Job titles with a word starting with the query ("eng" finds "software engineer").

    Titles are few next to people (hundreds for 100,000): the distinct keys are read from the
    title index alone (a covering scan, no row is read), then matched here. Their people come
    title by title, each in name order, from the (title, last name) index; a unit's members
    likewise from the (unit, last name) index, so no step sorts more than it shows."""
    needle = f" {key}"
    keys = Person.objects.order_by().values_list("title_key", flat=True).distinct()
    return [t for t in keys if t and f" {t}".find(needle) >= 0][:TITLE_LIMIT]


def person_pick_get(*, viewer: Viewer, pk: int) -> Person | None:
    """The active person a picker chose, or None (a stale or made-up id)."""
    if not viewer.is_authenticated:
        return None
    return Person.objects.filter(is_active=True, pk=pk).select_related("unit").first()


def people_pick_get(*, viewer: Viewer, pks: Iterable[int]) -> dict[int, Person]:
    """The active people among the chosen ids, by id (missing ids are left out)."""
    if not viewer.is_authenticated:
        return {}
    return Person.objects.filter(is_active=True).in_bulk(list(set(pks)))
