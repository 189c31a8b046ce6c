"""HTML input -> plain text, remembering where each character came from.

Scraped archives hold HTML: whole pages (``.html``) or article bodies with
``<p>``, ``<br>`` and entities in a JSONL ``text`` field. :func:`reduce`
drops tags, comments, scripts and styles, turns block tags into line breaks,
decodes entities and collapses the source's own line breaks (in HTML they
are spaces). :class:`OffsetMap` maps each character of the result back to
its offset in the HTML, so evidence still points into the raw input.

Text with entities but no tags (``&ldquo;``, ``&amp;``) has just its entities
decoded; its line breaks stay paragraph ends.
"""

from __future__ import annotations

import html
import re
from array import array
from bisect import bisect_right
from collections.abc import Sequence

_TAG_NAMES = (
    r"p|br|div|span|a|img|h[1-6]|table|tbody|thead|tr|td|th|li|ul|ol|strong|b|i|em|font|section|article|header"
    r"|footer|nav|main|aside|script|style|html|body|head|title|meta|link|center|blockquote|pre|hr|figure"
    r"|figcaption|sup|sub|u|iframe|noscript|form|input|button|label|select|option|dl|dt|dd"
)
_HAS_TAGS = re.compile(rf"<(?:/?(?:{_TAG_NAMES})\b[^<>]*>|!--|!doctype\b)", re.I)
_ENTITY = r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
_HAS_ENTITY = re.compile(_ENTITY)
_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|noscript|template|iframe|object|svg|select)\b[^>]*>.*?(?:</\1\s*>|\Z)"
    r"|<[!?/]?([A-Za-z][A-Za-z0-9-]*)[^>]*>"
    r"|" + _ENTITY,
    re.I | re.S,
)
_ENTITY_ONLY = re.compile(_ENTITY)
_BLOCK = frozenset(
    "p br div h1 h2 h3 h4 h5 h6 table tr li ul ol section article header footer nav main aside html body head "
    "title blockquote pre hr figure figcaption dl dt dd form center".split()
)
_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\f": " ", "\v": " "})


def kind(text: str) -> str:
    """``"html"`` (tags), ``"entities"`` (entities only) or ``"text"``.

    >>> kind("<p>正文</p>"), kind("他说&ldquo;好&rdquo;"), kind("a < b & c")
    ('html', 'entities', 'text')
    """
    if _HAS_TAGS.search(text):
        return "html"
    if _HAS_ENTITY.search(text):
        return "entities"
    return "text"


class OffsetMap:
    """Reduced-text offset -> raw offset, stored as segments (not one entry a character).

    A segment starting at reduced offset ``out[i]`` comes from raw offset
    ``raw[i]``; ``step[i]`` is 1 for copied text (offsets advance together)
    and 0 for an entity or a tag's line break (every character points at its
    start).
    """

    def __init__(self) -> None:
        self.out = array("q")
        self.raw = array("q")
        self.step = array("b")

    def add(self, out: int, raw: int, step: int) -> None:
        self.out.append(out)
        self.raw.append(raw)
        self.step.append(step)

    def __getitem__(self, offset: int) -> int:
        i = bisect_right(self.out, offset) - 1
        if i < 0:
            return offset
        return self.raw[i] + (offset - self.out[i]) * self.step[i]

    def map(self, offsets: Sequence[int]) -> list[int]:
        """Map many offsets; linear when they are in increasing order (a line's are)."""
        result = []
        out, raw, step = self.out, self.raw, self.step
        n = len(out)
        i = -1
        for o in offsets:
            if i < 0 or o < out[i]:
                i = bisect_right(out, o) - 1
                if i < 0:
                    result.append(o)
                    continue
            while i + 1 < n and out[i + 1] <= o:
                i += 1
            result.append(raw[i] + (o - out[i]) * step[i])
        return result


def reduce(text: str, mode: str | None = None) -> tuple[str, OffsetMap]:
    """Reduce HTML (or entity-escaped text) to plain text and the map back to ``text``.

    >>> reduce("<p>张三&amp;李四</p>\\n<p>出席。</p>")[0]
    '\\n张三&李四\\n \\n出席。\\n'
    """
    mode = mode or kind(text)
    pattern = _MARKUP if mode == "html" else _ENTITY_ONLY
    pieces: list[str] = []
    omap = OffsetMap()
    out = pos = 0

    def copy(start: int, end: int) -> None:
        nonlocal out
        if start < end:
            run = text[start:end]
            if mode == "html":
                run = run.translate(_BREAKS)
            omap.add(out, start, 1)
            pieces.append(run)
            out += end - start

    def point(value: str, at: int) -> None:
        nonlocal out
        if value:
            omap.add(out, at, 0)
            pieces.append(value)
            out += len(value)

    for m in pattern.finditer(text):
        copy(pos, m.start())
        token = m.group()
        if token.startswith("&"):
            point(html.unescape(token), m.start())
        elif mode == "html":
            name = (m.group(2) or "").lower()
            if name in _BLOCK:
                point("\n", m.start())
            elif name in ("td", "th"):
                point(" ", m.start())
        pos = m.end()
    copy(pos, len(text))
    return "".join(pieces), omap


def reduce_title(title: str) -> str:
    """A title with tags or entities, as plain text on one line."""
    mode = kind(title)
    if mode == "text":
        return title
    return " ".join(reduce(title, mode)[0].split())
