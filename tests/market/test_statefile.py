"""The market state file: written by the worker, mapped read-only by web workers."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from tests.cast import Cast
from tests.market.conftest import make_opportunity
from trellis.engine.topk import all_top_opportunities, top_people
from trellis.market import cache as market_cache
from trellis.market import fetch, statefile
from trellis.market.recommend import _skill_index
from trellis.skills.models import PersonSkill


@pytest.fixture(autouse=True)
def _state_dir(settings, tmp_path: Path) -> Iterator[Path]:  # type: ignore[no-untyped-def]
    settings.TRELLIS_STATE_DIR = str(tmp_path / "market-state")
    statefile.state_forget()
    yield tmp_path / "market-state"
    statefile.state_forget()


def _built(cast: Cast) -> fetch.MarketData:
    make_opportunity(cast)
    data = fetch.build_market_data()
    data.version = tuple(str(v) for v in market_cache.data_version())
    return data


def _equal(a: object, b: object) -> bool:
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.shape == b.shape and bool(np.array_equal(a, b))
    if isinstance(a, sp.csr_array | sp.csc_array):
        return type(a) is type(b) and (a != b).nnz == 0 and a.shape == b.shape
    if dataclasses.is_dataclass(a):
        return all(_equal(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    return a == b


def _is_mapped(array: np.ndarray) -> bool:
    """Whether the array's memory is a file mapping (through any views scipy took)."""
    base: object = array
    while base is not None:
        if isinstance(base, np.memmap):
            return True
        base = getattr(base, "base", None)
    return False


def test_a_written_state_reads_back_equal_and_mapped(cast: Cast, _state_dir: Path) -> None:
    data = _built(cast)
    folder = statefile.state_write(data)
    assert (_state_dir / "CURRENT").read_text() == folder.name
    back = statefile.state_read(folder)
    assert _equal(data.state, back.state)
    assert back.person_index == data.person_index and back.opp_index == data.opp_index
    assert list(back.opp_kind) == list(data.opp_kind)
    assert back.version == data.version
    # Mapped from the files, read-only: no process can change what the others read.
    assert _is_mapped(back.state.levels.data) and _is_mapped(back.state.opp_r_csc.indices)
    assert _is_mapped(back.person_sig) and not _is_mapped(data.person_sig)
    with pytest.raises(ValueError, match="read-only"):
        back.person_sig[0] = 1
    # The engine answers the same from both.
    ada = data.person_index[cast.ada.pk]
    mine = all_top_opportunities(data.state, 5, people=np.array([ada]))
    theirs = all_top_opportunities(back.state, 5, people=np.array([ada]))
    assert mine.list_of(0) == theirs.list_of(0)
    assert top_people(data.state, 0, 5) == top_people(back.state, 0, 5)


def test_web_workers_switch_to_a_new_version_at_their_next_request(cast: Cast) -> None:
    first = statefile.state_write(_built(cast))
    mapped = statefile.state_current()
    assert mapped is not None and statefile.state_current() is mapped  # no reload
    make_opportunity(cast, title="Second gig")
    data = fetch.build_market_data()
    second = statefile.state_write(data)
    assert second != first
    now = statefile.state_current()
    assert now is not mapped and now is not None
    assert now.state.n_opps == 2


def _break_last_array(folder: Path) -> None:
    files = sorted(folder.glob("*.npy"))
    with files[-1].open("r+b") as f:
        f.truncate(f.seek(0, 2) - 8)


@pytest.mark.parametrize(
    "damage",
    [
        "truncated",
        "no manifest",
        "other format",
        "shape changed",
        "not a version folder",
    ],
)
def test_a_broken_version_is_never_mapped_and_the_previous_keeps_serving(
    cast: Cast, _state_dir: Path, damage: str, caplog
) -> None:  # type: ignore[no-untyped-def]
    statefile.state_write(_built(cast))
    good = statefile.state_current()
    assert good is not None
    make_opportunity(cast, title="Second gig")
    bad = statefile.state_write(fetch.build_market_data())
    manifest = bad / "manifest.json"
    if damage == "truncated":
        _break_last_array(bad)
    elif damage == "no manifest":
        manifest.unlink()
    elif damage == "other format":
        manifest.write_text(manifest.read_text().replace('"format": 1', '"format": 99'))
    elif damage == "shape changed":
        text = manifest.read_text()
        manifest.write_text(text.replace('"shape": [', '"shape": [7, ', 1))
    else:
        (_state_dir / "CURRENT").write_text("../elsewhere")
    with caplog.at_level(logging.ERROR, logger="trellis.market.statefile"):
        assert statefile.state_current() is good
        assert statefile.state_current() is good  # refused once, not tried on every request
    assert len([r for r in caplog.records if "not mapped" in r.getMessage()]) == 1


def test_nothing_is_mapped_before_the_first_version(cast: Cast, _state_dir: Path) -> None:
    assert statefile.state_current() is None
    # A temporary folder the worker died writing is never looked at.
    (_state_dir / ".tmp-abc").mkdir(parents=True)
    assert statefile.state_current() is None


def test_the_worker_writes_only_when_the_data_changed(cast: Cast, _state_dir: Path) -> None:
    assert market_cache.market_state_write().startswith("wrote v-")
    assert market_cache.market_state_write() == "unchanged"
    make_opportunity(cast, title="Another gig")
    market_cache.cache_clear()  # the version's slow part is read again
    assert market_cache.market_state_write().startswith("wrote v-")
    assert market_cache.market_state_write().startswith("wrote v-") is False
    for _ in range(3):
        market_cache.market_state_write(max_age=__import__("datetime").timedelta(0))
    # The current version and one before it are kept.
    assert len(list(_state_dir.glob("v-*"))) == statefile.KEEP


def test_market_data_serves_the_mapped_state(cast: Cast, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRELLIS_MARKET_STATE_FILE = True
    # No state file yet (a development start without a worker): built in the process.
    own = market_cache.market_data()
    assert not _is_mapped(own.person_sig)
    market_cache.market_state_write()
    mapped = statefile.state_current()
    assert market_cache.market_data() is mapped
    assert market_cache.market_data(person_id=cast.ada.pk) is mapped
    # Ada's own change shows at once on her pages, before the worker's next pass.
    PersonSkill.objects.filter(person=cast.ada, skill=cast.sql).update(level=5)
    mine = market_cache.market_data(person_id=cast.ada.pk)
    assert mine is not mapped
    assert mine.state.levels[mine.person_index[cast.ada.pk], _skill_index(mine, cast.sql.pk)] == 5
    # Once the worker has written her change, the private build is dropped for the mapped one.
    market_cache.market_state_write(max_age=__import__("datetime").timedelta(0))
    again = market_cache.market_data(person_id=cast.ada.pk)
    assert again is statefile.state_current() and _is_mapped(again.person_sig)
    assert market_cache._cache == {}
