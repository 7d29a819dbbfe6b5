"""A progress bar for the long commands (imports, rounds), drawn on standard error.

Drawn only when standard error is a terminal: a cron job, a pipe or a log file gets nothing
from it, so the command's output stays the same lines as before. It is a few lines of our
own rather than a dependency: the long work reports a handful of steps and a row count a few
times a second (the same :data:`~trellis.org.longwork.Tick` the web progress page reads), which
needs no more than a carriage return.
"""

from __future__ import annotations

import time
from typing import TextIO

from trellis.org.longwork import Tick, no_tick

WIDTH = 30


class TerminalBar:
    """``Checking rows  [#########.....]  600/1500  40%`` redrawn in place; a new line
    starts when the step changes and when the bar is closed."""

    # Drawn at once wherever it is called from (an import's transaction included).
    shown_inside_transactions = True

    def __init__(self, stream: TextIO, *, every: float = 0.1) -> None:
        self.stream = stream
        self.every = every
        self._step: str | None = None
        self._last = float("-inf")
        self._drawn = False

    def __call__(self, done: int, total: int, step: str = "") -> None:
        now = time.monotonic()
        if step == self._step and done < total and now - self._last < self.every:
            return
        if self._step is not None and step != self._step:
            self.stream.write("\n")
        self._step, self._last = step, now
        if total > 0:
            done = max(0, min(done, total))
            filled = WIDTH * done // total
            bar = "#" * filled + "." * (WIDTH - filled)
            line = f"{step:<24} [{bar}] {done}/{total} {100 * done // total:3d}%"
        else:
            line = f"{step}..."
        self.stream.write("\r" + line)
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


def terminal_tick(stream: TextIO) -> tuple[Tick, TerminalBar | None]:
    """A bar on ``stream`` when it is a terminal; else a tick that draws nothing."""
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        bar = TerminalBar(stream)
        return bar, bar
    return no_tick, None
