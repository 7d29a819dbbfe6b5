"""Career strategy deck export: median time to render a full deck as PPTX and as PDF.

The deck is built from a full profile (every section written to its limit, six goals with
checkpoints, gap bars, highlights and asks). Timed: rendering from the loaded content, which
is where the time goes; the fetch is a handful of queries measured by the page tests.
``TRELLIS_BENCH_QUICK=1`` runs fewer repetitions.
"""

from __future__ import annotations

import datetime as dt
import os

from benchmarks.harness import Figure, Results, median, time_runs

TARGET_S = 2.0


def _full_deck():  # type: ignore[no-untyped-def]
    from trellis.careers.deck import MAX_ITEMS, Deck, GapBar, Slide

    words = " ".join(["impact"] * 60)
    bullets = [f"Point {i}: {words}" for i in range(MAX_ITEMS)]
    start = dt.date(2025, 1, 1)
    return Deck(
        person_name="Ada Lovelace",
        job_title="Software Engineer",
        slides=[
            Slide(
                "Ada Lovelace — career strategy", ["Software Engineer", "Prepared 1 January 2025"]
            ),
            Slide("Who I am", bullets),
            Slide("Where I am going", bullets),
            Slide(
                "Roadmap",
                bullets,
                milestones=[
                    (start + dt.timedelta(days=40 * i), f"Checkpoint {i}", i < 2) for i in range(8)
                ],
            ),
            Slide(
                "Competencies to develop",
                ["For Senior Engineer: readiness 62%"],
                bars=[GapBar(f"Skill {i}", i % 5, 4) for i in range(MAX_ITEMS)],
            ),
            Slide("Highlights", bullets),
            Slide("My asks", bullets),
        ],
    )


def run(results: Results) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from trellis.careers.deck import render_pdf, render_pptx

    quick = os.environ.get("TRELLIS_BENCH_QUICK") == "1"
    runs = 3 if quick else 7
    deck = _full_deck()
    for name, fn in (("pptx", render_pptx), ("pdf", render_pdf)):
        samples = time_runs(lambda fn=fn: fn(deck), runs=runs)
        results.add(
            Figure(
                name=f"careers.deck_{name}[slides=7,full_profile]",
                size="7 slides",
                median_s=median(samples),
                runs=runs,
                target_s=TARGET_S,
            )
        )
