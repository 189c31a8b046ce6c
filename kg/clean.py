"""Cleaning: raw article text -> :class:`~kg.model.Document` s.

OCR'd newspaper pages break lines at the column width, scatter spaces
between characters, set subheads and headlines as lines of their own and put
continuation notes such as "（下转第3版）" in the flow. This stage

* normalizes full-width letters and digits and drops spaces between CJK
  characters (a space stays only between two ASCII words),
* reflows column lines into paragraphs where the text is column-broken,
* sets apart headlines, subheads and continuation markers,
* splits a page into articles (at continuation markers, mid-page headlines
  and datelines) and gives each the headline that fits it best,
* keeps, for every cleaned character, its offset in the raw text.

HTML input (tags, entities) is first reduced to text (:mod:`kg.markup`),
with offsets still into the HTML. Control and zero-width characters count as
spaces. A text longer than :data:`MAX_CHARS` is cleaned in parts cut at
paragraph or sentence ends, so memory stays bounded however long a line is.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field

from . import markup
from .model import Document, RawArticle

MAX_CHARS = 100_000  # longest text cleaned (and extracted) as one piece

# Full-width ASCII letters, digits and a few symbols -> ASCII; CJK punctuation stays.
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if chr(c) not in "，。！？：；（）＂＇～"}
_FULLWIDTH[0x3000] = 0x20
# Control characters (but line breaks) and zero-width marks are spaces: same length, so offsets hold.
_FULLWIDTH.update({c: 0x20 for c in [*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), *range(0x7F, 0xA0)]})
_FULLWIDTH.update({c: 0x20 for c in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)})
_FULLWIDTH_TABLE = str.maketrans({chr(k): chr(v) for k, v in _FULLWIDTH.items()})

_TOKEN = re.compile(r"\S+")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
_MARKER = re.compile(
    r"[（(]\s*(?:下转|上接|转|接|续|转自)\s*第?\s*[0-9一二三四五六七八九十百]+\s*版\s*[)）]"
    r"|[（(]\s*(?:下转|上接)\s*[A-Za-z]?\d+\s*[)）]"
)
_CLOSERS = "”’」』）)】》"
_TERMINAL = "。！？!?…"
_PUNCT = set("，、；：。！？!?…,.;:")
_DATELINE = re.compile(
    r"^(?:本报讯|本报[^，]{0,12}电|新华社[^，。]{0,20}电|[（(]记者|"
    r"(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:上午|下午|晚上|晚间|晚|早上|中午|凌晨|傍晚)?，)"
)
_CJK_SPACE_CJK = re.compile(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]")


@dataclass
class _Line:
    text: str
    offsets: list[int]
    indented: bool
    inner_cjk_space: bool  # raw line has a space between two CJK characters
    marker_after: bool = False  # a continuation marker ended this line


@dataclass
class _Block:
    lines: list[_Line] = field(default_factory=list)
    kind: str = "body"  # body, headline, subhead

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.lines)

    @property
    def offsets(self) -> list[int]:
        return [o for line in self.lines for o in line.offsets]

    @property
    def marker_after(self) -> bool:
        return bool(self.lines) and self.lines[-1].marker_after


def clean_line(raw: str, base: int = 0) -> tuple[str, list[int]]:
    """Normalize one line: full-width ASCII to ASCII, spaces dropped unless between ASCII words.

    Returns the text and, for each character, its offset in the raw text
    (``base`` is the line's own offset).

    >>> clean_line("7 月 4日 ， AI 女性 GPT 4")[0]
    '7月4日，AI女性GPT 4'
    """
    raw = raw.translate(_FULLWIDTH_TABLE)
    parts: list[str] = []
    offsets: list[int] = []
    prev_end = -1
    for m in _TOKEN.finditer(raw):
        if parts and _ASCII_WORD.match(parts[-1][-1]) and _ASCII_WORD.match(m.group()[0]):
            parts.append(" ")
            offsets.append(base + prev_end)
        parts.append(m.group())
        offsets.extend(range(base + m.start(), base + m.end()))
        prev_end = m.end()
    return "".join(parts), offsets


def _lines(raw: str, base: int = 0, omap: markup.OffsetMap | None = None) -> Iterator[_Line]:
    """Cleaned lines of ``raw`` (which starts at offset ``base``; ``omap`` maps offsets back to HTML)."""
    pos = base
    for line in raw.splitlines(keepends=True):
        start = pos
        pos += len(line)
        body = line.rstrip("\r\n")
        text, offsets = clean_line(body, start)
        marker = False
        m = _MARKER.search(text)
        while m:
            marker = True
            text = text[: m.start()] + text[m.end() :]
            offsets = offsets[: m.start()] + offsets[m.end() :]
            m = _MARKER.search(text)
        if not text:
            continue
        if omap is not None:
            offsets = omap.map(offsets)
        yield _Line(
            text=text,
            offsets=offsets,
            indented=body[:1].isspace(),
            inner_cjk_space=bool(_CJK_SPACE_CJK.search(body)),
            marker_after=marker,
        )


def _closed(text: str) -> bool:
    """Does the text end a sentence (。！？, possibly inside closing quotes)?"""
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL


def _is_column_text(lines: list[_Line]) -> bool:
    """Lines broken at a column width rather than at paragraph ends?"""
    if len(lines) < 4:
        return False
    open_lines = sum(1 for line in lines if not _closed(line.text))
    width = statistics.median(len(line.text) for line in lines)
    return width <= 40 and open_lines / len(lines) >= 0.4


def _blocks(lines: list[_Line], column: bool) -> list[_Block]:
    """Group lines into paragraphs (blocks)."""
    if not column:
        return [_Block([line]) for line in lines]
    width = statistics.median(len(line.text) for line in lines)
    too_long = width * 1.35

    def standalone(line: _Line) -> bool:
        # A line wider than the column is set in another measure: a headline.
        return len(line.text) > too_long and not any(ch in _PUNCT for ch in line.text[-1:])

    blocks: list[_Block] = []
    for line in lines:
        prev = blocks[-1].lines[-1] if blocks else None
        new = (
            prev is None
            or len(line.text) > too_long
            or _closed(prev.text)
            or prev.marker_after
            or line.indented
            or standalone(line)
            or standalone(prev)
            or (_is_heading_text(prev.text) and prev.inner_cjk_space and len(prev.text) < width)
        )
        if new:
            blocks.append(_Block([line]))
        else:
            blocks[-1].lines.append(line)
    return blocks


def _is_heading_text(text: str) -> bool:
    """No sentence punctuation at the end and no full stop inside: a title, not a sentence."""
    return bool(text) and text[-1] not in _PUNCT and not _closed(text) and "。" not in text and len(text) <= 60


def _classify(blocks: list[_Block]) -> None:
    """Mark each block body, subhead (a short title between body paragraphs) or headline."""
    heading = [_is_heading_text(b.text) for b in blocks]
    body_before = [False] * len(blocks)
    body_after = [False] * len(blocks)
    for i in range(1, len(blocks)):
        body_before[i] = body_before[i - 1] or not heading[i - 1]
    for i in range(len(blocks) - 2, -1, -1):
        body_after[i] = body_after[i + 1] or not heading[i + 1]
    for i, block in enumerate(blocks):
        if not heading[i]:
            block.kind = "body"
        elif body_before[i] and body_after[i] and len(block.text) <= 16 and not blocks[i - 1].marker_after:
            block.kind = "subhead"
        else:
            block.kind = "headline"


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1) if text[i].isalnum() and text[i + 1].isalnum()}


@dataclass
class _Article:
    blocks: list[_Block] = field(default_factory=list)
    headline: _Block | None = None
    subheads: list[str] = field(default_factory=list)


def _split(blocks: list[_Block], split_articles: bool) -> list[_Article]:
    """Split blocks into articles and attach headlines to them."""
    articles: list[_Article] = [_Article()]
    loose: list[_Block] = []  # headlines waiting for an article
    following: dict[int, _Article] = {}  # headline -> the article right after it
    for block in blocks:
        current = articles[-1]
        if block.kind == "subhead":
            current.subheads.append(block.text)
            continue
        if block.kind == "headline":
            loose.append(block)
            if split_articles and current.blocks:
                articles.append(_Article())
            following[id(block)] = articles[-1]
            continue
        starts_article = (
            split_articles
            and current.blocks
            and (current.blocks[-1].marker_after or _DATELINE.match(block.text))
        )
        if starts_article:
            articles.append(_Article())
        articles[-1].blocks.append(block)
    articles = [a for a in articles if a.blocks]
    if not articles:
        return []
    # Each headline goes to the article whose opening shares most of its character pairs.
    scored = []
    for h in loose:
        grams = _bigrams(h.text)
        if not grams:
            continue
        for idx, art in enumerate(articles):
            lead = "".join(b.text for b in art.blocks)[:300]
            share = len(grams & _bigrams(lead)) / len(grams)
            scored.append((share, -idx, id(h), h, art))
    taken: set[int] = set()
    for share, _, hid, h, art in sorted(scored, key=lambda s: (s[0], s[1]), reverse=True):
        if share < 0.3 or hid in taken or art.headline is not None:
            continue
        art.headline = h
        taken.add(hid)
    # A headline with little in common with any opening still heads the article right after it.
    for h in loose:
        art = following.get(id(h))
        if id(h) not in taken and art is not None and art.blocks and art.headline is None:
            art.headline = h
            taken.add(id(h))
    return articles


def clean(raw: RawArticle, split_articles: bool | None = None) -> list[Document]:
    """Clean one raw article into one or more documents.

    ``split_articles`` defaults to True for text pages and False for JSONL
    articles (which are one article already).
    """
    return list(iter_documents(raw, split_articles))


def iter_documents(raw: RawArticle, split_articles: bool | None = None) -> Iterator[Document]:
    """:func:`clean`, one document at a time.

    A text longer than :data:`MAX_CHARS` is cleaned part by part (cut at a
    paragraph or sentence end); its documents are numbered ``ID-1``, ``ID-2``…
    like the articles of a page, and keep offsets into the whole raw text.
    """
    if split_articles is None:
        split_articles = raw.line is None
    text, omap = raw.text, None
    mode = markup.kind(text)
    if mode != "text":
        text, omap = markup.reduce(text, mode)
    if len(text) <= MAX_CHARS:
        articles = _articles(text, 0, omap, raw.line is None, split_articles)
        for n, art in enumerate(articles, 1):
            yield _document(raw, art, raw.id if len(articles) == 1 else f"{raw.id}-{n}")
        return
    n = 0
    date = raw.date
    for start, end in _parts(text, MAX_CHARS):
        for art in _articles(text[start:end], start, omap, raw.line is None, split_articles):
            n += 1
            doc = _document(raw, art, f"{raw.id}-{n}", date)
            date = date or doc.date  # a part without a date of its own takes the first one found
            yield doc


def _articles(text: str, base: int, omap, page: bool, split_articles: bool) -> list[_Article]:
    lines = list(_lines(text, base, omap))
    if not lines:
        return []
    # A JSONL article's line breaks are paragraph ends; only pages can be column-broken.
    column = page and _is_column_text(lines)
    blocks = _blocks(lines, column)
    _classify(blocks)
    articles = _split(blocks, split_articles)
    if not articles:
        # Only title-like lines (no sentence ends anywhere): keep them as the text rather than lose them.
        for block in blocks:
            block.kind = "body"
        articles = [_Article(blocks=blocks)]
    return articles


def _parts(text: str, limit: int) -> Iterator[tuple[int, int]]:
    """Spans of at most ``limit`` characters covering ``text``, cut at a line break, else a sentence end, else a space."""
    start, n = 0, len(text)
    while n - start > limit:
        end = start + limit
        floor = start + limit // 2
        cut = text.rfind("\n", floor, end)
        if cut < 0:
            cut = max(text.rfind(p, floor, end) for p in "。！？!?；;")
        if cut < 0:
            cut = max(text.rfind(p, floor, end) for p in " \u3000，,")
        end = cut + 1 if cut >= 0 else end
        yield start, end
        start = end
    if start < n:
        yield start, n


def _document(raw: RawArticle, art: _Article, doc_id: str, part_date: dt.date | None = None) -> Document:
    pieces: list[str] = []
    offsets = array("l")
    title = raw.title
    if title is not None:
        title = clean_line(markup.reduce_title(title))[0]
        pieces.append(title)
        offsets.extend([-1] * len(title))
    elif art.headline is not None:
        title = art.headline.text
        pieces.append(title)
        offsets.extend(art.headline.offsets)
    title_end = len(title) if title else 0
    for block in art.blocks:
        if pieces:
            pieces.append("\n")
            offsets.append(offsets[-1] + 1 if offsets and offsets[-1] >= 0 else -1)
        pieces.append(block.text)
        offsets.extend(block.offsets)
    text = "".join(pieces)
    offsets.append(offsets[-1] + 1 if offsets and offsets[-1] >= 0 else -1)
    date, date_source = raw.date, ("given" if raw.date else "none")  # given: --date, JSONL field or file name
    if date is None and part_date is not None:  # a later part of a long text: the date found in the first
        date, date_source = part_date, "text"
    if date is None:
        date = infer_date(text)
        date_source = "text" if date else "none"
    return Document(
        id=doc_id,
        text=text,
        source=raw.source,
        title=title,
        title_end=title_end,
        date=date,
        date_source=date_source,
        url=raw.url,
        line=raw.line,
        subheads=tuple(art.subheads),
        raw_offsets=offsets,
    )


_FULL_DATE = re.compile(r"((?:19|20)\d\d)年(\d{1,2})月(\d{1,2})日")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:年)?(?=[\u4e00-\u9fff])")
_MONTH_DAY = re.compile(r"(?<!\d)(\d{1,2})月(\d{1,2})日")


def infer_date(text: str) -> dt.date | None:
    """Guess an undated article's date from its text.

    A full date (2024年7月4日) wins; else a year written before a name
    (2025全球数字经济大会) is joined with the first month and day.
    """
    try:
        m = _FULL_DATE.search(text)
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        y = _YEAR.search(text)
        md = _MONTH_DAY.search(text)
        if y and md:
            return dt.date(int(y[1]), int(md[1]), int(md[2]))
    except ValueError:
        return None
    return None
