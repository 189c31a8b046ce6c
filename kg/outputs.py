"""Atomic file writing: a reader never sees a half-written output."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename.

    If anything fails midway (an exception, Ctrl-C, a kill), the previous
    file at ``path`` is left untouched.
    """
    target = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}; check the folder exists and is writable") from exc
    try:
        # mkstemp makes the file private (0600); give it the usual mode for new files.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
        raise
    return target


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
