"""The market's engine state as a folder of ``.npy`` arrays that every web worker maps.

The worker builds the bundle (:func:`trellis.market.cache.market_state_write`) and writes it
with :func:`state_write`; web workers map the newest complete folder read-only with
:func:`state_current` (``np.load(mmap_mode="r")``): the operating system keeps one copy of the
pages for every process on the machine, and a worker switches to a new version at its next
request, when it sees that ``CURRENT`` names another folder.

On disk, under ``TRELLIS_STATE_DIR`` (``var/market-state`` by default)::

    CURRENT                       the name of the folder to map (replaced atomically)
    v-20261207T131500-3f9c.../    one version: manifest.json and 0000.npy, 0001.npy, ...

A folder is written under a temporary name, its files flushed to disk, its ``manifest.json``
written last, and only then renamed and named in ``CURRENT``. The reader checks the format
number and, for every array, that its file exists, has the size the manifest says and holds
the shape and dtype it says: a half-written, truncated or foreign folder is never mapped, and
the version already mapped keeps serving.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from django.conf import settings

from trellis.engine.data import EngineState, RequirementTable
from trellis.market.fetch import MarketData
from trellis.market.ids import IdIndex

logger = logging.getLogger(__name__)

FORMAT = 1
CURRENT = "CURRENT"
MANIFEST = "manifest.json"
# Folders kept besides the current one (a web worker may still be mapping the previous).
KEEP = 2
# The dataclasses a manifest may name; anything else is refused.
_CLASSES: dict[str, type] = {
    "MarketData": MarketData,
    "EngineState": EngineState,
    "RequirementTable": RequirementTable,
}
STATE_MAX_AGE = dt.timedelta(minutes=10)
# MarketData's id -> index maps are rebuilt from the id arrays rather than stored.
_INDEX_OF = {"person_index": "person_ids", "opp_index": "opp_ids", "role_index": "role_ids"}


class StateFileError(Exception):
    """A state folder that must not be mapped (incomplete, corrupt, or another format)."""


def state_dir() -> Path:
    return Path(settings.TRELLIS_STATE_DIR)


# --- writing ---------------------------------------------------------------------------------


class _Writer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: list[dict[str, Any]] = []

    def array(self, value: np.ndarray) -> dict[str, Any]:
        kind = "nd"
        if value.dtype == object:
            value, kind = value.astype(str), "objstr"
        name = f"{len(self.files):04d}.npy"
        path = self.folder / name
        with path.open("wb") as out:
            np.save(out, np.ascontiguousarray(value), allow_pickle=False)
            out.flush()
            os.fsync(out.fileno())
        entry = {
            "file": name,
            "shape": list(value.shape),
            "dtype": value.dtype.str,
            "bytes": path.stat().st_size,
        }
        self.files.append(entry)
        return {"t": kind, "i": len(self.files) - 1}

    def encode(self, value: Any) -> dict[str, Any]:
        if isinstance(value, np.ndarray):
            return self.array(value)
        if isinstance(value, sp.csr_array | sp.csc_array):
            return {
                "t": "csr" if isinstance(value, sp.csr_array) else "csc",
                "shape": list(value.shape),
                "data": self.array(value.data),
                "indices": self.array(value.indices),
                "indptr": self.array(value.indptr),
            }
        if dataclasses.is_dataclass(value) and type(value).__name__ in _CLASSES:
            fields = {
                f.name: self.encode(getattr(value, f.name))
                for f in dataclasses.fields(value)
                if f.name not in _INDEX_OF
            }
            return {"t": "dc", "cls": type(value).__name__, "fields": fields}
        if isinstance(value, tuple):
            return {"t": "tuple", "v": [self.encode(v) for v in value]}
        if isinstance(value, list):
            return {"t": "list", "v": [self.encode(v) for v in value]}
        if value is None or isinstance(value, bool | int | float | str):
            return {"t": "v", "v": value}
        if isinstance(value, np.generic):
            return {"t": "v", "v": value.item()}
        raise TypeError(f"cannot store a {type(value).__name__} in a state file")


def _folder_name(version: tuple[Any, ...]) -> str:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    digest = hashlib.sha256(repr(version).encode()).hexdigest()[:12]
    return f"v-{stamp}-{digest}"


def state_write(data: MarketData, *, root: Path | None = None) -> Path:
    """Write ``data`` as a new version and make it current; returns its folder."""
    root = root or state_dir()
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
    try:
        writer = _Writer(tmp)
        tree = writer.encode(data)
        manifest = {
            "format": FORMAT,
            "data_version": [str(v) for v in data.version],
            "written_at": dt.datetime.now(dt.UTC).isoformat(),
            "files": writer.files,
            "tree": tree,
        }
        with (tmp / MANIFEST).open("w") as out:
            json.dump(manifest, out)
            out.flush()
            os.fsync(out.fileno())
        final = root / _folder_name(data.version)
        tmp.rename(final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    pointer = root / f".{CURRENT}.{os.getpid()}"
    pointer.write_text(final.name)
    pointer.replace(root / CURRENT)
    _fsync_dir(root)
    _prune(root, keep=final.name)
    return final


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _prune(root: Path, *, keep: str) -> None:
    """Remove all but the newest versions, and temporary folders older than an hour.

    A web worker still mapping a removed version keeps its pages (the files live on until
    unmapped) and switches at its next request.
    """
    versions = sorted(p for p in root.glob("v-*") if p.is_dir() and p.name != keep)
    for old in versions[: max(len(versions) - (KEEP - 1), 0)]:
        shutil.rmtree(old, ignore_errors=True)
    for tmp in root.glob(".tmp-*"):
        if time.time() - tmp.stat().st_mtime > 3600:
            shutil.rmtree(tmp, ignore_errors=True)


# --- reading ---------------------------------------------------------------------------------


def _load_array(folder: Path, entry: dict[str, Any]) -> np.ndarray:
    path = folder / str(entry["file"])
    if path.parent != folder or not path.is_file():
        raise StateFileError(f"{entry.get('file')!r} is missing")
    if path.stat().st_size != entry["bytes"]:
        raise StateFileError(f"{path.name} has {path.stat().st_size} bytes, not {entry['bytes']}")
    shape, dtype = tuple(entry["shape"]), np.dtype(entry["dtype"])
    if dtype.hasobject:
        raise StateFileError(f"{path.name} holds Python objects")
    if 0 in shape:
        return np.zeros(shape, dtype)
    try:
        array = np.load(path, mmap_mode="r", allow_pickle=False)
    except ValueError as error:
        raise StateFileError(f"{path.name}: {error}") from None
    if array.shape != shape or array.dtype != dtype:
        raise StateFileError(f"{path.name} holds {array.dtype}{array.shape}, not {dtype}{shape}")
    return array


class _Reader:
    def __init__(self, folder: Path, files: list[dict[str, Any]]) -> None:
        self.arrays = [_load_array(folder, entry) for entry in files]

    def decode(self, node: dict[str, Any]) -> Any:
        kind = node["t"]
        if kind == "nd":
            return self.arrays[node["i"]]
        if kind == "objstr":
            return np.asarray(self.arrays[node["i"]]).astype(object)
        if kind in ("csr", "csc"):
            parts = (self.decode(node["data"]), self.decode(node["indices"]))
            make = sp.csr_array if kind == "csr" else sp.csc_array
            return make((*parts, self.decode(node["indptr"])), shape=tuple(node["shape"]))
        if kind == "dc":
            cls = _CLASSES.get(node["cls"])
            if cls is None:
                raise StateFileError(f"unknown class {node['cls']!r}")
            names = {f.name for f in dataclasses.fields(cls)}
            fields = {k: self.decode(v) for k, v in node["fields"].items()}
            if not set(fields) <= names:
                raise StateFileError(f"{node['cls']} has no fields {set(fields) - names}")
            return cls(**fields)
        if kind == "tuple":
            return tuple(self.decode(v) for v in node["v"])
        if kind == "list":
            return [self.decode(v) for v in node["v"]]
        if kind == "v":
            return node["v"]
        raise StateFileError(f"unknown node {kind!r}")


def state_read(folder: Path) -> MarketData:
    """Map one version folder read-only; raises :class:`StateFileError` if it is not whole."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise StateFileError(f"{folder.name}: no readable manifest ({error})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise StateFileError(f"{folder.name}: format {manifest.get('format')!r}, not {FORMAT}")
    try:
        data = _Reader(folder, manifest["files"]).decode(manifest["tree"])
    except (KeyError, TypeError, IndexError) as error:
        raise StateFileError(f"{folder.name}: malformed manifest ({error!r})") from None
    if not isinstance(data, MarketData):
        raise StateFileError(f"{folder.name} does not hold market data")
    for name, ids in _INDEX_OF.items():
        setattr(data, name, IdIndex(getattr(data, ids)))
    data.version = tuple(manifest["data_version"])
    data.built_at = time.monotonic()
    return data


class _Mapped:
    """The version this process maps, and the folder it came from."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.folder = ""
        self.data: MarketData | None = None
        self.refused = ""  # a folder found broken, not tried again


_mapped = _Mapped()


def state_current(*, root: Path | None = None) -> MarketData | None:
    """The newest complete version, mapped; None when there is none yet.

    One small file read per call (``CURRENT``). When it names a new folder, that folder is
    mapped and checked; a broken one is logged and the version mapped so far keeps serving.
    """
    root = root or state_dir()
    try:
        name = (root / CURRENT).read_text().strip()
    except OSError:
        return _mapped.data
    if name == _mapped.folder or name == _mapped.refused:
        return _mapped.data
    with _mapped.lock:
        if name not in (_mapped.folder, _mapped.refused):
            folder = root / name
            try:
                if not name.startswith("v-") or folder.parent != root:
                    raise StateFileError(f"CURRENT names {name!r}")
                _mapped.data = state_read(folder)
                _mapped.folder = name
                logger.info("market state %s mapped", name)
            except StateFileError as error:
                _mapped.refused = name
                logger.error("market state not mapped, the previous keeps serving: %s", error)
        return _mapped.data


def state_forget() -> None:
    """Drop this process's mapped version (tests)."""
    with _mapped.lock:
        _mapped.folder, _mapped.data, _mapped.refused = "", None, ""


def current_manifest(*, root: Path | None = None) -> dict[str, Any] | None:
    """The manifest of the current folder (None when there is none or it is unreadable)."""
    root = root or state_dir()
    try:
        name = (root / CURRENT).read_text().strip()
        manifest = json.loads((root / name / MANIFEST).read_text())
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None
