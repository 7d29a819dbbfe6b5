"""Unpacking an uploaded taxonomy folder (a ZIP archive) safely into a scratch directory.

Only plain ``.txt`` and ``.csv`` members are taken, by their base name (so a ZIP of the
folder itself works), never a path inside the archive; sizes are capped as they are read,
whatever the archive claims, so that a small upload cannot unpack into gigabytes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings

from trellis.org.imports import ImportFileError

SUFFIXES = (".txt", ".csv")
# A whole unpacked taxonomy may be several times the upload limit (text compresses well),
# but not without bound.
_UNPACKED_FACTOR = 8


def archive_extract(data: bytes, target: Path) -> list[str]:
    """Write the archive's data files into ``target``; return their names, sorted."""
    limit = settings.TRELLIS_MAX_IMPORT_BYTES
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ImportFileError("The file is not a ZIP archive.") from exc
    members: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        path = PurePosixPath(info.filename.replace("\\", "/"))
        name = path.name
        if info.is_dir() or not name or name.startswith(".") or "__MACOSX" in path.parts:
            continue
        if PurePosixPath(name).suffix.lower() not in SUFFIXES:
            continue
        if name.lower() in members:
            raise ImportFileError(f'The archive holds two files named "{name}"; keep one.')
        members[name.lower()] = info
    if not members:
        raise ImportFileError("The archive holds no .txt or .csv file.")
    total = 0
    for info in members.values():
        name = PurePosixPath(info.filename.replace("\\", "/")).name
        try:
            with archive.open(info) as source:
                content = source.read(limit + 1)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError) as exc:
            raise ImportFileError(f'"{name}" cannot be unpacked: {exc}.') from exc
        if len(content) > limit:
            raise ImportFileError(f'"{name}" is larger than the limit of {limit:,} bytes.')
        total += len(content)
        if total > limit * _UNPACKED_FACTOR:
            raise ImportFileError(
                f"The archive unpacks to more than {limit * _UNPACKED_FACTOR:,} bytes."
            )
        (target / name).write_bytes(content)
    return sorted(PurePosixPath(i.filename.replace("\\", "/")).name for i in members.values())
