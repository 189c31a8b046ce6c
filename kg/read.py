"""Reading input files: plain-text and HTML pages and JSONL archives, in any common encoding.

``.jsonl`` (also ``.jl``, ``.ndjson``) files are archives, one article a line
with ``id``, ``title``, ``date``, ``text`` and optional ``url``; they are
streamed line by line, never read whole. Anything else is a page (plain text
or HTML; cleaning reduces HTML to text).

Bad input is reported, not fatal, when a :class:`Problems` collector is
given: a file that is not text, a JSONL line that is not a JSON object, that
lacks a string ``text``, has a field of the wrong type or a date that is not
a date, and an article whose id was already read are each reported once
(file, line, reason) and skipped. Without a collector the first problem
raises :class:`~kg.errors.InputError`.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .model import RawArticle

JSONL_SUFFIXES = {".jsonl", ".jl", ".ndjson"}
_FILENAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")
_ISO_DATE = re.compile(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
# Full-width digits and separators (２０２４年７月４日, ２０２４－０７－０４) -> ASCII.
_DATE_TABLE = str.maketrans("０１２３４５６７８９－／．　", "0123456789-/. ")
_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls other than tab, line feed, form feed and carriage return: text files have none.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")


# --- problems -------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One bad input: a file (``line`` is None) or one line of an archive."""

    source: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.reason}"


@dataclass
class Problems:
    """Collects bad inputs so a build can skip them, report each once and count them.

    ``strict`` makes the first problem fatal (an :class:`InputError` naming
    file and line). ``on_problem`` is called once per problem as it is found
    (the CLI prints it). With ``catch_errors`` the pipeline also skips (and
    reports) an article that kg itself fails on, rather than lose the build.

    >>> problems = Problems()
    >>> problems.report("news.jsonl", 3, "field 'text' is missing")
    >>> len(problems), str(problems.items[0])
    (1, "news.jsonl:3: field 'text' is missing")
    """

    strict: bool = False
    on_problem: Callable[[Problem], None] | None = None
    catch_errors: bool = True  # skip an article kg itself fails on (a bug), rather than stop the build
    items: list[Problem] = field(default_factory=list)

    def report(self, source: str | Path, line: int | None, reason: str) -> None:
        """Record one problem (or raise it, when strict)."""
        problem = Problem(str(source), line, reason)
        if self.strict:
            raise InputError(str(problem))
        self.items.append(problem)
        if self.on_problem is not None:
            self.on_problem(problem)

    def __len__(self) -> int:
        return len(self.items)


def _strict(problems: Problems | None) -> Problems:
    return problems if problems is not None else Problems(strict=True)


# --- decoding -------------------------------------------------------------------


def detect_encoding(data: bytes) -> str:
    """The encoding of a text file: ``utf-8-sig``, ``utf-16``, ``utf-8``, ``cp950`` (Big5) or ``gb18030``.

    Raises :class:`InputError` for binary data. GB18030 is a superset of GBK
    and GB2312 and is the default for non-UTF-8 Chinese text; Big5 is chosen
    only when the bytes decode as Big5 and look like it (see :func:`_looks_big5`).

    >>> detect_encoding("新闻".encode("gbk")), detect_encoding("新聞報導".encode("big5"))
    ('gb18030', 'cp950')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:65536]
    if b"\x00" in data or len(_CONTROL.findall(head)) > max(2, len(head) // 100):
        raise InputError("looks like a binary file, not text; give a .txt/.html page or a .jsonl archive")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A file cut in the middle of its last character is still UTF-8.
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            return "utf-8"
    if _looks_big5(data):
        return "cp950"
    return "gb18030"


def _looks_big5(data: bytes) -> bool:
    """Big5 rather than GBK/GB18030? Both are two-byte codes over the same lead bytes.

    In Big5 about three quarters of the characters of running text have a
    second byte below 0xA1 or a first byte in 0xA4-0xAF (its most frequent
    characters); in GB2312/GBK text those pairs are kana, Greek, Cyrillic,
    empty rows or rare extension characters (under 1%). Measured on 160
    news articles converted to traditional characters: every Big5 sample of
    10 or more characters and every GBK sample is told apart (README).
    """
    try:
        data.decode("cp950")
    except UnicodeDecodeError:
        return False
    big5 = total = 0
    i, n = 0, len(data)
    while i < n - 1:
        lead = data[i]
        if lead < 0x80:
            i += 1
            continue
        trail = data[i + 1]
        if trail < 0xA1 or 0xA4 <= lead <= 0xAF:
            big5 += 1
        if lead >= 0xA4:  # 0xA1-0xA3 are punctuation in both
            total += 1
        i += 2
    return total > 0 and big5 / total >= 0.3


def decode(data: bytes, name: str = "<bytes>") -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK or Big5.

    >>> decode("新闻".encode("gbk"))
    '新闻'
    """
    try:
        encoding = detect_encoding(data)
    except InputError as exc:
        raise InputError(f"{name}: {exc}") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding == "utf-8":  # cut in its last character: drop the fragment
            return data[: exc.start].decode("utf-8")
        if encoding in ("utf-8-sig", "utf-16"):
            raise InputError(
                f"{name}: invalid {encoding.removesuffix('-sig')} at byte {exc.start}; the file is damaged or mislabelled"
            ) from None
        raise InputError(
            f"{name}: not UTF-8, UTF-16, GB18030/GBK or Big5 text (bad byte at {exc.start}); "
            "convert it to UTF-8 (e.g. with iconv)"
        ) from None


def _fix_surrogates(value: str) -> str:
    """JSON may carry lone surrogates (``"\\ud800"``); they cannot be written out, so replace them."""
    if _SURROGATE.search(value):
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return value


# --- dates ----------------------------------------------------------------------


def parse_date(value: str) -> dt.date:
    """Parse an article date such as ``2024-07-05``, ``2024/7/5``, ``2024年7月5日`` or ``２０２４年７月５日``.

    >>> parse_date("2024年7月5日"), parse_date("２０２４年７月４日")
    (datetime.date(2024, 7, 5), datetime.date(2024, 7, 4))
    """
    m = _ISO_DATE.match((value or "").translate(_DATE_TABLE))
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


# --- reading --------------------------------------------------------------------


def read_articles(
    paths: Iterable[str | Path], date: dt.date | None = None, problems: Problems | None = None
) -> Iterator[RawArticle]:
    """Yield every article of every input, in order.

    A page is one :class:`RawArticle` (cleaning may split it further); its
    date is ``date`` if given, else one found in the file name. A JSONL
    archive yields one article a line, dated by its ``date`` field.

    Ids are unique: an article whose id was already read is reported and
    skipped (the first one wins). A page named like an earlier one (two
    ``page1.txt`` in different folders) is told apart by its folder.

    A missing path or a folder is an error; every other problem goes to
    ``problems`` (see :class:`Problems`).
    """
    problems = _strict(problems)
    seen: dict[str, str] = {}  # id -> where it was first read
    for path in paths:
        p = Path(path)
        if not p.exists():
            raise InputError(f"{p}: no such file")
        if p.is_dir():
            raise InputError(f"{p}: is a folder; give the .txt or .jsonl files in it")
        if p.suffix.lower() in JSONL_SUFFIXES:
            for article in read_jsonl(p, problems):
                where = f"{p}:{article.line}"
                if article.id in seen:
                    problems.report(
                        p, article.line, f"duplicate id {article.id!r} (first read at {seen[article.id]}); ids must be unique"
                    )
                    continue
                seen[article.id] = where
                yield article
            continue
        try:
            article = read_text(p, date)
        except InputError as exc:
            problems.report(p, None, str(exc).removeprefix(f"{p}: "))
            continue
        if article.id in seen:
            qualified = f"{p.parent.name}/{p.stem}" if p.parent.name else p.stem
            if qualified in seen or seen[article.id] == str(p):
                problems.report(p, None, f"read already (same id {article.id!r} as {seen[article.id]})")
                continue
            article = RawArticle(id=qualified, text=article.text, source=article.source, date=article.date)
        seen[article.id] = str(p)
        yield article


def read_text(path: Path, date: dt.date | None = None) -> RawArticle:
    """Read one page (plain text or HTML) whole."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    text = decode(data, str(path))
    return RawArticle(id=path.stem, text=text, source=str(path), date=date or date_from_filename(path))


def read_jsonl(path: Path, problems: Problems | None = None) -> Iterator[RawArticle]:
    """Stream a JSONL archive, one article a line (blank lines are skipped).

    Lines are UTF-8 as JSON requires, but a line in GB18030/GBK or Big5 is
    read too (archives converted by other tools often are); a UTF-16 archive
    needs its BOM.
    """
    problems = _strict(problems)
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    with fh:
        lines: Iterable[bytes] = fh
        if fh.peek(2)[:2] in (b"\xff\xfe", b"\xfe\xff"):
            lines = (line.encode("utf-8") for line in io.TextIOWrapper(fh, encoding="utf-16", errors="replace"))
        for lineno, raw in enumerate(lines, 1):
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            try:
                yield _article_from_json(raw, path, lineno)
            except InputError as exc:
                problems.report(path, lineno, str(exc))


def _json_line(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return decode(raw.rstrip(b"\r\n"), "line")
    except InputError:
        raise InputError("not UTF-8 (nor GB18030/GBK or Big5) text; save the archive as UTF-8") from None


def _article_from_json(raw: bytes, path: Path, lineno: int) -> RawArticle:
    """One archive line -> an article; :class:`InputError` (without file and line) if it is bad."""
    line = _json_line(raw)
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not a JSON object ({exc.msg.removesuffix(' at')} at column {exc.colno}); "
            "each line must be one whole article (is it cut short?)"
        ) from None
    except RecursionError:
        raise InputError("not a JSON object (nested too deeply); each line must be one article") from None
    if not isinstance(obj, dict):
        raise InputError(f"expected a JSON object with a 'text' field, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        got = "absent" if text is None else f"got {type(text).__name__}"
        raise InputError(f"field 'text' is missing or not a string ({got}); each line needs the article's text")
    if not text.strip():
        raise InputError("field 'text' is empty")
    fields: dict[str, str | None] = {}
    for key in ("id", "title", "url", "date"):
        value = obj.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (str, int))):
            raise InputError(f"field {key!r} must be a string, got {type(value).__name__}: {_short(value)}")
        fields[key] = None if value is None else _fix_surrogates(str(value))
    date = None
    if fields["date"] and fields["date"].strip():
        try:
            date = parse_date(fields["date"])
        except ValueError:
            raise InputError(f"bad date {fields['date']!r}; use YYYY-MM-DD") from None
    return RawArticle(
        id=fields["id"] or f"{path.stem}-{lineno}",
        text=_fix_surrogates(text),
        source=str(path),
        title=fields["title"],
        date=date,
        url=fields["url"],
        line=lineno,
    )


def _short(value: object, limit: int = 40) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"
