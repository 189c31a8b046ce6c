"""The data model every stage shares.

A :class:`Document` holds one article's cleaned text once. Everything found
in it -- :class:`Mention`, :class:`Event`, :class:`Relation` -- is a frozen
record pointing into that text by character offsets (end exclusive) and
carrying the id of the rule that made it, so any fact can be traced back to
the sentence and the rule behind it.
"""

from __future__ import annotations

import datetime as dt
from array import array
from dataclasses import dataclass, field

# Mention types, spelled as in `kg extract` output and the gold files.
PERSON = "Person"
ORGANIZATION = "Organization"
GOVERNMENT = "GovernmentOrganization"
PLACE = "Place"
EVENT = "Event"
DATE = "Date"
POSITION = "Position"
MENTION_TYPES = (PERSON, ORGANIZATION, GOVERNMENT, PLACE, EVENT, DATE, POSITION)

# Relation predicates (schema.org local names where schema.org has them).
ATTENDEE = "attendee"
ORGANIZER = "organizer"
LOCATION = "location"
START_DATE = "startDate"
END_DATE = "endDate"
SUPER_EVENT = "superEvent"
CONTAINED_IN = "containedInPlace"
HOLDS_POSITION = "holdsPosition"  # Person -> Position
POST_IN = "postIn"  # Position -> Organization
PREDICATES = (
    ATTENDEE,
    ORGANIZER,
    LOCATION,
    START_DATE,
    END_DATE,
    SUPER_EVENT,
    CONTAINED_IN,
    HOLDS_POSITION,
    POST_IN,
)


@dataclass(frozen=True, slots=True)
class RawArticle:
    """One article as read from a file, before cleaning.

    ``text`` is the raw text the offsets of the cleaned document map back to:
    the decoded file for ``.txt`` input, the ``text`` field for JSONL.
    """

    id: str
    text: str
    source: str
    title: str | None = None
    date: dt.date | None = None
    url: str | None = None
    line: int | None = None  # 1-based line number in a JSONL archive


@dataclass(frozen=True, slots=True)
class Document:
    """One cleaned article.

    ``text`` is the title (if any) on its first line, then the body paragraphs,
    one a line. ``raw_offsets[i]`` is the offset in the raw text of cleaned
    character ``i`` (``-1`` where the character does not come from the raw
    text, e.g. a JSONL title); it has ``len(text) + 1`` entries.
    """

    id: str
    text: str
    source: str
    title: str | None = None
    title_end: int = 0  # text[:title_end] is the title
    date: dt.date | None = None
    date_source: str = "none"  # given (--date, JSONL field, file name), text (inferred) or none
    url: str | None = None
    line: int | None = None
    subheads: tuple[str, ...] = ()
    raw_offsets: array = field(default_factory=lambda: array("l"), compare=False, repr=False)

    def raw_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Map a cleaned-text span to the raw text, or ``None`` if it is not from it.

        >>> doc.text[s:e]  # doctest: +SKIP
        '张三'
        >>> a, b = doc.raw_span(s, e); raw[a:b]  # may contain the line breaks OCR put in
        """
        if not self.raw_offsets or end <= start:
            return None
        a = self.raw_offsets[start]
        b = self.raw_offsets[end - 1]
        if a < 0 or b < 0:
            return None
        return a, b + 1


@dataclass(frozen=True, slots=True)
class Mention:
    """A typed span of a document's text.

    ``norm`` is the normalized value the span stands for: the canonical
    name for entities (上海 -> 上海市), an ISO date or interval for dates
    (``2024-07-04`` or ``2024-07-04/2024-07-06``), the title as a post for
    positions (浦东新区政协主席 -> 区政协主席).
    """

    start: int
    end: int
    type: str
    text: str
    rule: str
    norm: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """Identity inside a document: same base type and normalized name."""
        return (base_type(self.type), self.norm or self.text)


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened: a named event or one a trigger word implies.

    ``start``/``end`` is the anchor: the event's name where it is named, else
    its trigger word (会见, 调研). ``kind`` is a narrower class (Meeting,
    Forum, Conference, Visit, Ceremony, Exhibition, Activity, Event).
    """

    start: int
    end: int
    kind: str
    name: str
    rule: str
    named: bool = True


@dataclass(frozen=True, slots=True)
class Relation:
    """``subject predicate object``, found in ``text[start:end]`` by ``rule``.

    Subjects and objects are mentions or events of the same document; dates
    are Date mentions whose ``norm`` carries the value.
    """

    subject: Mention | Event
    predicate: str
    object: Mention | Event
    start: int
    end: int
    rule: str
    confidence: float = 0.8


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one document."""

    doc: Document
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    relations: tuple[Relation, ...] = ()
    sentences: tuple[tuple[int, int], ...] = ()  # sentence spans of doc.text, in order


def base_type(mention_type: str) -> str:
    """The schema.org base class a mention type belongs to (GovernmentOrganization -> Organization)."""
    return ORGANIZATION if mention_type == GOVERNMENT else mention_type
