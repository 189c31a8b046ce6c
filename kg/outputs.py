"""Atomic file writing: a reader never sees a half-written output."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename.

    If anything fails midway (an exception, Ctrl-C, a kill), the previous
    file at ``path`` is left untouched.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(raw)
    return Path(path)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``path`` for a writer to fill; renamed onto ``path`` when the block succeeds.

    The file is flushed to disk before the rename; if the block fails (an
    exception, Ctrl-C), it is removed and ``path`` is left as it was.

    >>> with atomic_path("out/graph.ttl") as tmp:  # doctest: +SKIP
    ...     some_library.serialize(output=str(tmp))
    """
    target = Path(path)
    with scratch(target) as tmp:
        yield tmp
        try:
            # mkstemp makes the file private (0600); give it the usual mode for new files.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc


@contextlib.contextmanager
def scratch(near: str | os.PathLike[str]) -> Iterator[Path]:
    """A new empty temporary file beside ``near`` (same disk), removed when the block ends."""
    target = Path(near)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}; check the folder exists and is writable") from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)


def refuse_empty(paths: list[Path]) -> None:
    """Raise :class:`OutputError` if one of ``paths`` holds a graph with articles.

    A build that found nothing must not replace a real graph unless asked.
    """
    for path in paths:
        if _mentions(Path(path), b"NewsArticle"):
            raise OutputError(
                f"{path} holds a graph and this build found no articles; kept it as it is "
                "(use --allow-empty to replace it with an empty graph)"
            )


def _mentions(path: Path, needle: bytes, block: int = 1 << 20) -> bool:
    """Does the file contain ``needle``? Read in blocks, so a large graph costs no memory."""
    try:
        with path.open("rb") as fh:
            tail = b""
            while chunk := fh.read(block):
                if needle in tail + chunk[: len(needle)] or needle in chunk:
                    return True
                tail = chunk[-len(needle) :]
    except OSError:
        return False
    return False
