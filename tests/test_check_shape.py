"""The shape check (``make lint``) names every long module and function, and the stale
entries of its allow-list."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import check_shape


def _write(base: Path, name: str, text: str) -> None:
    path = base / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_long_modules_and_functions_are_listed(tmp_path: Path) -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(81))
    _write(tmp_path, "trellis/app/long.py", f"def long_one():\n{body}")
    _write(tmp_path, "trellis/app/big.py", "x = 1\n" * 501)
    _write(tmp_path, "trellis/app/migrations/0001_initial.py", "x = 1\n" * 900)
    _write(tmp_path, "config/fine.py", "def short():\n    return 1\n")
    offenders, _ = check_shape.shape_offenders(tmp_path)
    assert offenders == [
        "trellis/app/big.py: 501 lines (at most 500)",
        "trellis/app/long.py:long_one: 82 lines (at most 80)",
    ]


def test_an_allowed_entry_that_no_longer_offends_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        check_shape, "ALLOWED_FUNCTIONS", frozenset({"trellis/market/fetch.py:build_market_data"})
    )
    _write(tmp_path, "trellis/market/fetch.py", "def build_market_data():\n    return 1\n")
    offenders, stale = check_shape.shape_offenders(tmp_path)
    assert offenders == []
    assert (
        "trellis/market/fetch.py:build_market_data: within the limits now; remove it from the list"
        in stale
    )
