"""Suggested role moves: symmetric similarity ranks, coverage explains, labels and ties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trellis.engine.moves import MoveIndex, RoleCatalog
from trellis.engine.similarity import CentredRows, tfidf, tokens


def _catalog(**overrides: object) -> RoleCatalog:
    # Elements: 0 programming, 1 testing, 2 databases, 3 patient care, 4 pharmacology,
    # 5 speaking (everyone), 6 cash handling.
    profiles = {
        0: {0: 0.9, 1: 0.6, 2: 0.5, 5: 0.5},  # software developer (level 4)
        1: {0: 0.6, 1: 0.9, 2: 0.3, 5: 0.5},  # QA tester (level 4)
        2: {0: 0.4, 2: 0.9, 1: 0.2, 5: 0.5},  # database administrator (level 4)
        3: {3: 0.9, 4: 0.7, 5: 0.6},  # registered nurse (level 4)
        4: {3: 0.7, 4: 0.4, 5: 0.5},  # practical nurse (level 3)
        5: {6: 0.8, 5: 0.4},  # cashier (level 1)
    }
    rows = [(r, e, v) for r, p in profiles.items() for e, v in p.items()]
    values: dict[str, object] = {
        "level": [4, 4, 4, 4, 3, 1],
        "family": [0, 0, 0, 1, 1, 2],
        "titles": [
            "Software Developers",
            "Software Quality Assurance Testers",
            "Database Administrators",
            "Registered Nurses",
            "Licensed Practical Nurses",
            "Cashiers",
        ],
        "aliases": [
            ["Software Engineer", "Application Developer"],
            ["QA Engineer", "Software Tester"],
            ["DBA", "Database Engineer"],
            ["RN", "Staff Nurse"],
            ["LPN", "Nurse"],
            ["Checkout Clerk"],
        ],
        "descriptions": [
            "Design and build software applications.",
            "Test software applications and report defects.",
            "Administer databases and keep data safe.",
            "Assess patients and give care.",
            "Care for patients under the direction of nurses.",
            "Receive payments from customers.",
        ],
        "rating_role": [r for r, _, _ in rows],
        "rating_element": [e for _, e, _ in rows],
        "rating_value": [v for _, _, v in rows],
        "n_elements": 7,
        "tool_role": [0, 0, 1, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5],
        "tool": [0, 1, 0, 2, 3, 4, 4, 5, 9, 9, 9, 9, 9, 9],  # 9: e-mail, everyone has it
        "n_tools": 10,
        "req_role": [0, 0, 1, 1, 1],
        "req_skill": [0, 1, 0, 1, 2],
        "req_level": [4, 3, 3, 4, 2],
        "req_weight": [1.0, 1.0, 1.0, 1.0, 2.0],
    }
    values.update(overrides)
    return RoleCatalog(**values)  # type: ignore[arg-type]


def test_neighbours_are_the_similar_roles_and_similarity_is_symmetric_in_spirit() -> None:
    index = MoveIndex.build(_catalog())
    dev = [b for b, _ in index.ranked(0, k=2)]
    nurse = [b for b, _ in index.ranked(3, k=1)]
    assert set(dev) == {1, 2}
    assert nurse == [4]
    assert [b for b, _ in index.ranked(4, k=1)] == [3]


def test_a_role_with_one_generic_requirement_is_not_everyones_first_move() -> None:
    # A role asking only for "speaking" is covered by everyone: the old coverage ranking put
    # it first in every list. Similarity does not.
    base = _catalog()
    hub = {
        "level": [*base.level, 1],  # type: ignore[misc]
        "family": [*base.family, 3],  # type: ignore[misc]
        "titles": [*base.titles, "Greeters"],
        "aliases": [*base.aliases, []],
        "descriptions": [*base.descriptions, "Welcome visitors."],
        "rating_role": [*base.rating_role, 6],  # type: ignore[misc]
        "rating_element": [*base.rating_element, 5],  # type: ignore[misc]
        "rating_value": [*base.rating_value, 0.5],  # type: ignore[misc]
    }
    index = MoveIndex.build(_catalog(**hub))
    firsts = [index.ranked(a, k=1)[0][0] for a in range(5)]
    assert 6 not in firsts  # (the cashier, with nothing closer, may well get it)


def test_kinds_follow_levels_and_families() -> None:
    index = MoveIndex.build(_catalog())
    assert index.kind(0, 1) == "lateral"
    assert index.kind(0, 3) == "exploratory"  # same level, other family
    assert index.kind(3, 4) == "step_back"
    assert index.kind(4, 3) == "promotion"
    assert index.kind(5, 0) == "promotion"


def test_coverage_explains_without_ranking() -> None:
    index = MoveIndex.build(_catalog())
    # Someone at the developer's minimums (programming 4, testing 3) for the tester role
    # (programming 3, testing 4, databases 2 weighted 2): met, partial 3/4, missing.
    share, met, partial, missing = index.coverage(0, 1)
    assert (met, partial, missing) == ((0,), (1,), (2,))
    assert share == pytest.approx((1.0 + 0.75 + 0.0) / 4.0, abs=1e-4)
    move = index.explain(0, 1)
    assert move.coverage == share
    assert move.met == (0,) and move.missing == (2,)


def test_explanations_name_shared_words_tools_and_elements() -> None:
    index = MoveIndex.build(_catalog())
    move = index.moves(0, k=1)[0]
    assert move.to_role == 1 and move.rank == 1
    assert "software" in move.shared_terms
    assert move.shared_tools[0] == 0  # the rare shared tool first, e-mail after it
    assert set(move.shared_elements[:2]) == {0, 1}
    assert move.basis[0] in {"profile", "text"}
    assert "family" in move.basis


def test_a_role_without_ratings_still_gets_moves_from_text_tools_and_family() -> None:
    base = _catalog()
    keep = [i for i, r in enumerate(base.rating_role) if r != 4]  # type: ignore[arg-type]
    index = MoveIndex.build(
        _catalog(
            rating_role=[base.rating_role[i] for i in keep],  # type: ignore[index]
            rating_element=[base.rating_element[i] for i in keep],  # type: ignore[index]
            rating_value=[base.rating_value[i] for i in keep],  # type: ignore[index]
        )
    )
    assert not index.profile.has_row[4]
    move = index.moves(4, k=1)[0]
    assert move.to_role == 3
    assert "profile" not in move.basis and move.contributions["profile"] == 0.0


def test_nothing_to_compare_gives_empty_lists() -> None:
    alone = MoveIndex.build(RoleCatalog(level=[2], family=[0], titles=["Only role"]))
    assert alone.ranked(0) == [] and alone.moves(0) == []
    empty = MoveIndex.build(RoleCatalog(level=[], family=[], titles=[]))
    assert empty.all_ranked() == []


def test_ties_go_to_the_lower_index() -> None:
    catalog = RoleCatalog(level=[1, 1, 1, 1], family=[0, 0, 0, 0], titles=["A", "A", "A", "A"])
    index = MoveIndex.build(catalog)
    assert [b for b, _ in index.ranked(2, k=3)] == [0, 1, 3]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(2, 40))
def test_bulk_ranking_equals_single_queries(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    words = ["data", "nurse", "sales", "clerk", "engineer", "teacher", "driver", "cook"]
    pairs = [(r, e) for r in range(n) for e in range(6) if rng.random() < 0.6]
    catalog = RoleCatalog(
        level=rng.integers(1, 6, n),
        family=rng.integers(0, 3, n),
        titles=[" ".join(rng.choice(words, 2)) for _ in range(n)],
        rating_role=[p[0] for p in pairs],
        rating_element=[p[1] for p in pairs],
        rating_value=rng.random(len(pairs)),
        n_elements=6,
    )
    index = MoveIndex.build(catalog)
    bulk = index.all_ranked(k=5)
    for a in range(n):
        single = index.ranked(a, k=5)
        assert [b for b, _ in bulk[a]] == [b for b, _ in single]
        assert a not in [b for b, _ in single]
        scores = [s for _, s in single]
        assert scores == sorted(scores, reverse=True)


def test_centred_cosine_equals_the_dense_computation() -> None:
    rng = np.random.default_rng(3)
    dense = rng.random((7, 5)) * (rng.random((7, 5)) < 0.7)
    dense[6] = 0.0  # a row without a profile
    import scipy.sparse as sp

    have = dense[:6]
    z = (have - have.mean(axis=0)) / have.std(axis=0)
    z /= np.linalg.norm(z, axis=1, keepdims=True)
    expected = z @ z.T
    for limit in (0, 10_000):  # from the sparse rows, and from dense standardised rows
        centred = CentredRows.build(sp.csr_array(dense), dense_limit=limit)
        assert (centred.unit is None) == (limit == 0)
        got = centred.cosine(slice(0, 7))
        np.testing.assert_allclose(got[:6, :6], expected, atol=1e-9)
        assert not centred.has_row[6] and not got[6].any() and not got[:, 6].any()


def test_dense_and_sparse_columns_give_the_same_products() -> None:
    rng = np.random.default_rng(5)
    docs = [list(rng.choice(["common", "often", "rare1", "rare2", "rare3"], 4)) for _ in range(64)]
    terms = tfidf(docs)
    expected = (terms.matrix @ terms.matrix.T).toarray()
    np.testing.assert_allclose(terms.gram(slice(0, 64)), expected, atol=1e-12)


def test_text_weighs_rare_words_and_strips_plurals_and_accents() -> None:
    assert tokens("Nurses' aides and Cafés") == ["nurse", "aide", "cafe"]
    matrix = tfidf([["nurse", "work"], ["nurse", "work"], ["cook", "work"]])
    row = matrix.matrix.toarray()[0]
    assert row[matrix.terms.index("nurse")] > row[matrix.terms.index("work")]
