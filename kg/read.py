"""Reading input files: plain-text pages and JSONL archives, in any common encoding.

``.jsonl`` (also ``.jl``, ``.ndjson``) files are archives, one article a line
with ``id``, ``title``, ``date``, ``text`` and optional ``url``; they are
streamed, never read whole. Anything else is a text page.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import InputError
from .model import RawArticle

JSONL_SUFFIXES = {".jsonl", ".jl", ".ndjson"}
_FILENAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")
_ISO_DATE = re.compile(r"\s*(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")


def decode(data: bytes, name: str = "<bytes>") -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030.

    GB18030 is a superset of GBK and GB2312, so it reads all three.

    >>> decode("新闻".encode("gbk"))
    '新闻'
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(data[3:], "utf-8", name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(data, "utf-16", name)
    if b"\x00" in data:
        raise InputError(f"{name}: looks like a binary file, not text; give a .txt page or a .jsonl archive")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(
            f"{name}: not UTF-8, UTF-16 or GB18030/GBK text; convert it to UTF-8 (e.g. with iconv)"
        ) from None


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: invalid {encoding} at byte {exc.start}; the file is damaged or mislabelled") from None


def parse_date(value: str) -> dt.date:
    """Parse an article date such as ``2024-07-05``, ``2024/7/5`` or ``2024年7月5日``.

    >>> parse_date("2024年7月5日")
    datetime.date(2024, 7, 5)
    """
    m = _ISO_DATE.match(value or "")
    if not m:
        raise ValueError(f"not a date: {value!r} (expected YYYY-MM-DD)")
    return dt.date(int(m[1]), int(m[2]), int(m[3]))


def date_from_filename(path: str | Path) -> dt.date | None:
    """The date in a file name like ``paper-2024-07-05.txt`` or ``20240705.txt``, if any."""
    m = _FILENAME_DATE.search(Path(path).stem)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def read_articles(paths: Iterable[str | Path], date: dt.date | None = None) -> Iterator[RawArticle]:
    """Yield every article of every input, in order.

    A text page is one :class:`RawArticle` (cleaning may split it further);
    its date is ``date`` if given, else one found in the file name. A JSONL
    archive yields one article a line, dated by its ``date`` field.
    """
    for path in paths:
        p = Path(path)
        if not p.exists():
            raise InputError(f"{p}: no such file")
        if p.is_dir():
            raise InputError(f"{p}: is a folder; give the .txt or .jsonl files in it")
        if p.suffix.lower() in JSONL_SUFFIXES:
            yield from read_jsonl(p)
        else:
            yield read_text(p, date)


def read_text(path: Path, date: dt.date | None = None) -> RawArticle:
    """Read one text page."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    text = decode(data, str(path))
    return RawArticle(id=path.stem, text=text, source=str(path), date=date or date_from_filename(path))


def read_jsonl(path: Path) -> Iterator[RawArticle]:
    """Stream a JSONL archive, one article a line (blank lines are skipped)."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    with fh:
        for lineno, raw in enumerate(fh, 1):
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            yield _article_from_json(raw, path, lineno)


def _article_from_json(raw: bytes, path: Path, lineno: int) -> RawArticle:
    where = f"{path}:{lineno}"
    try:
        obj = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{where}: not a JSON object ({exc}); each line must be one article") from None
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a JSON object with a 'text' field, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError(f"{where}: field 'text' is missing or not a string")
    fields: dict[str, str | None] = {}
    for key in ("id", "title", "url", "date"):
        value = obj.get(key)
        if value is not None and not isinstance(value, (str, int)):
            raise InputError(f"{where}: field {key!r} must be a string, got {type(value).__name__}")
        fields[key] = None if value is None else str(value)
    date = None
    if fields["date"]:
        try:
            date = parse_date(fields["date"])
        except ValueError:
            raise InputError(f"{where}: bad date {fields['date']!r}; use YYYY-MM-DD") from None
    return RawArticle(
        id=fields["id"] or f"{path.stem}-{lineno}",
        text=text,
        source=str(path),
        title=fields["title"],
        date=date,
        url=fields["url"],
        line=lineno,
    )
