from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.cast import Cast
from tests.market.conftest import make_opportunity
from trellis.market import rounds, services
from trellis.market.models import Kind, Round
from trellis.org.access import viewer_for
from trellis.skills.models import PersonSkill


def _setup(cast: Cast) -> list[int]:
    for person in (cast.ada, cast.otto, cast.dora):
        services.opt_in_set(viewer=viewer_for(person.user), person=person, opted_in=True)
    PersonSkill.objects.create(person=cast.otto, skill=cast.python, level=3)
    PersonSkill.objects.create(person=cast.dora, skill=cast.sql, level=4)
    a = make_opportunity(cast, title="Gig A")
    b = make_opportunity(cast, title="Gig B", hours_per_week=2)
    c = make_opportunity(cast, title="Stretch C", kind=Kind.STRETCH)
    return [a.pk, b.pk, c.pk]


def _run(*args: str) -> str:
    out = StringIO()
    call_command("run_round", *args, stdout=out)
    return out.getvalue()


def test_runs_stores_and_prints_the_summary(cast: Cast) -> None:
    a, b, _ = _setup(cast)
    out = _run("--opportunities", f"{a},{b}", "--name", "Q3 gigs", "--as", "hana")
    rnd = Round.objects.get()
    assert rnd.name == "Q3 gigs" and rnd.created_by == cast.hana.user
    assert rnd.inputs["opportunities"] == [a, b]
    assert (rnd.inputs["proposing"], rnd.inputs["list_length"]) == ("people", 20)
    matched = rnd.assignments.count()
    assert matched == rnd.summary["matched"] == 2
    assert f"Round {rnd.pk} “Q3 gigs”: 2 of 3 people matched over 2 opportunities" in out
    assert "(people proposing, lists of up to 20)." in out
    assert "Blocking pairs: 0." in out
    assert f"/market/rounds/{rnd.pk}/" in out
    # Stored like the page's rounds: a replay gives the same result.
    stored = dict(rnd.assignments.values_list("person_id", "opportunity_id"))
    assert rounds.round_replay(rnd) == stored


def test_by_kind_with_proposing_side_and_list_length(cast: Cast) -> None:
    _, _, stretch = _setup(cast)
    out = _run("--kind", "stretch", "--propose", "opportunities", "--list-length", "1")
    rnd = Round.objects.get()
    assert rnd.name == "Stretch assignment round"
    assert rnd.inputs["opportunities"] == [stretch]
    assert (rnd.inputs["proposing"], rnd.inputs["list_length"]) == ("opportunities", 1)
    assert rnd.created_by is None
    assert "(opportunities proposing, lists of up to 1)." in out
    assert rounds.round_replay(rnd) == dict(
        rnd.assignments.values_list("person_id", "opportunity_id")
    )


def test_preview_stores_nothing(cast: Cast) -> None:
    a, b, _ = _setup(cast)
    out = _run("--opportunities", str(a), str(b), "--preview")
    assert "Preview: 3 opted-in people × 2 opportunities, 2 seats;" in out
    assert "Nothing stored." in out
    assert "Gig A: on " in out
    assert not Round.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Choose opportunities with --opportunities or --kind."),
        (("--opportunities", "x1"), "Not an opportunity id: 'x1'."),
        (
            ("--opportunities", "999"),
            "Not open (or unknown): 999. A round clears open opportunities only.",
        ),
        (("--kind", "role"), "Choose at least one open opportunity."),
        (("--kind", "gig", "--as", "maya"), "maya is not an HR partner or admin."),
        (("--kind", "gig", "--as", "nobody"), "No user 'nobody'."),
        (("--kind", "gig", "--list-length", "0"), "A list length is between 1 and 200."),
    ],
)
def test_refusals(cast: Cast, args: tuple[str, ...], message: str) -> None:
    _setup(cast)
    with pytest.raises(CommandError) as error:
        _run(*args)
    assert str(error.value) == message
    assert not Round.objects.exists()


class _Terminal(StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_the_rounds_steps_and_a_pipe_nothing(cast: Cast) -> None:
    a, b, _ = _setup(cast)
    err = _Terminal()
    call_command("run_round", "--opportunities", f"{a},{b}", stdout=StringIO(), stderr=err)
    drawn = err.getvalue()
    for step in ("Reading the market", "Matching", "Storing the round"):
        assert f"\r{step}" in drawn
    assert "3/3 100%" in drawn and drawn.endswith("\n")

    piped = StringIO()
    call_command("run_round", "--opportunities", f"{a},{b}", stdout=StringIO(), stderr=piped)
    assert piped.getvalue() == ""
