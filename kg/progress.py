"""A progress bar for long builds: articles done, articles/s and time left, on a terminal only."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from .read import JSONL_SUFFIXES


def count_articles(paths: Iterable[str | Path]) -> int:
    """How many raw articles the inputs hold: a JSONL archive's non-blank lines, one per text page.

    Reads archives once more, in large blocks (a second for a gigabyte), so
    that the bar can show time left.
    """
    total = 0
    for path in paths:
        p = Path(path)
        if p.suffix.lower() not in JSONL_SUFFIXES:
            total += 1
            continue
        try:
            with p.open("rb") as fh:
                for line in fh:
                    if line.strip():
                        total += 1
        except OSError:
            pass  # reading it for real will report the problem
    return total


def bar(paths: list, enabled: bool | None = None):
    """A tqdm bar over the articles of ``paths``, or None when stderr is not a terminal.

    ``enabled`` forces it on or off.
    """
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=count_articles(paths), unit=" articles", desc="kg build", leave=False, file=sys.stderr,
                dynamic_ncols=True, smoothing=0.1)
