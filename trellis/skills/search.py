"""Finding a skill or a role by any of its names, forgiving case, accents and typos.

The database cannot do accent-insensitive fuzzy matching the same way on SQLite and
PostgreSQL, and the lists are small enough to hold in memory (~10,000 skills with their
aliases, ~60,000 role titles with theirs), so each process keeps a trigram index of the
normalised names and rebuilds it when the data changed (see ``_stamp``).

Scoring, best first:

1. the whole normalised name equals the query (1.0 + a little for a preferred name);
2. a name starts with the query (0.9) or contains it (0.8);
3. otherwise, for queries of at least four characters, names sharing trigrams with the
   query, re-scored with ``difflib``'s ratio against the name and its words; kept at 0.6
   or more (one transposition in a five-letter word still scores above 0.6).
"""

from __future__ import annotations

import difflib
import re
import threading
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import chain

from django.core.cache import cache
from django.db.models import Count, Max

from trellis.skills.models import Role, RoleAlias, Skill, SkillAlias

_NON_WORD = re.compile(r"[^0-9a-z+#]+")
MIN_FUZZY = 4
FUZZY_CUTOFF = 0.6
CANDIDATES = 60
VERSION_KEY = "trellis.skills.search.version"


def normalize(text: str) -> str:
    """``"Café  Ménagé"`` -> ``"cafe menage"``: accents off, case folded, punctuation spaced.

    ``+`` and ``#`` survive so that "C++" and "C#" stay distinct from "C".
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", bare).strip()


def _trigrams(text: str) -> set[str]:
    padded = f" {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


@dataclass(frozen=True)
class Hit:
    target_id: int
    score: float
    matched: str  # the name (or alias) that matched, as written


@dataclass
class NameIndex:
    """Names (preferred names and aliases) pointing at target ids, with a trigram index."""

    names: list[str] = field(default_factory=list)
    normalized: list[str] = field(default_factory=list)
    targets: list[int] = field(default_factory=list)
    preferred: list[bool] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def add(self, target_id: int, name: str, *, preferred: bool) -> None:
        norm = normalize(name)
        if not norm:
            return
        entry = len(self.names)
        self.names.append(name)
        self.normalized.append(norm)
        self.targets.append(target_id)
        self.preferred.append(preferred)
        for gram in _trigrams(norm):
            self.postings[gram].append(entry)

    def search(self, query: str, *, limit: int = 50) -> list[Hit]:
        q = normalize(query)
        if not q:
            return []
        best: dict[int, Hit] = {}

        def offer(entry: int, score: float) -> None:
            if self.preferred[entry]:
                score += 0.01  # a preferred name beats an alias that matches as well
            target = self.targets[entry]
            if target not in best or score > best[target].score:
                best[target] = Hit(target, round(score, 3), self.names[entry])

        for entry, norm in enumerate(self.normalized):
            if q in norm:
                if norm == q:
                    offer(entry, 1.0)
                elif norm.startswith(q):
                    offer(entry, 0.9)
                else:
                    offer(entry, 0.8)
        if len(q) >= MIN_FUZZY and len(best) < limit:
            grams = _trigrams(q)
            counts = Counter(chain.from_iterable(self.postings.get(g, ()) for g in grams))
            for entry, _ in counts.most_common(CANDIDATES):
                if self.targets[entry] in best:
                    continue
                score = _similarity(q, self.normalized[entry])
                if score >= FUZZY_CUTOFF:
                    offer(entry, 0.7 * score)
        hits = sorted(best.values(), key=lambda h: (-h.score, self.normalize_name(h)))
        return hits[:limit]

    @staticmethod
    def normalize_name(hit: Hit) -> str:
        return hit.matched.casefold()


def _similarity(q: str, norm: str) -> float:
    """The best ratio of the query against the whole name or any run of as many words."""
    best = difflib.SequenceMatcher(None, q, norm).ratio()
    words = norm.split()
    width = max(1, len(q.split()))
    if len(words) > width:
        for i in range(len(words) - width + 1):
            piece = " ".join(words[i : i + width])
            best = max(best, difflib.SequenceMatcher(None, q, piece).ratio())
    return best


# ---------------------------------------------------------------------------------------------
# The per-process caches, rebuilt when the data changed
# ---------------------------------------------------------------------------------------------

_lock = threading.Lock()
_indexes: dict[str, tuple[tuple[object, ...], NameIndex]] = {}


def search_invalidate() -> None:
    """Tell every process that names changed (services and imports call this)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def _stamp(model: type, alias_model: type) -> tuple[object, ...]:
    # Counts and highest ids catch additions and deletions made outside the services (the
    # admin, another engineer's import); the shared version catches renames by services.
    own = model.objects.aggregate(n=Count("id"), top=Max("id"))  # type: ignore[attr-defined]
    other = alias_model.objects.aggregate(n=Count("id"), top=Max("id"))  # type: ignore[attr-defined]
    return (cache.get(VERSION_KEY, 0), own["n"], own["top"], other["n"], other["top"])


def _index(kind: str) -> NameIndex:
    model, alias_model, name_field, fk = (
        (Skill, SkillAlias, "name", "skill_id")
        if kind == "skills"
        else (Role, RoleAlias, "title", "role_id")
    )
    stamp = _stamp(model, alias_model)
    cached = _indexes.get(kind)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    with _lock:
        index = NameIndex()
        for pk, name in model.objects.values_list("id", name_field).iterator(chunk_size=5000):
            index.add(pk, name, preferred=True)
        for target, name in alias_model.objects.values_list(fk, "name").iterator(chunk_size=5000):
            index.add(target, name, preferred=False)
        _indexes[kind] = (stamp, index)
    return index


def skill_hits(query: str, *, limit: int = 50) -> list[Hit]:
    return _index("skills").search(query, limit=limit)


def role_hits(query: str, *, limit: int = 50) -> list[Hit]:
    return _index("roles").search(query, limit=limit)
