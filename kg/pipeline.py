"""The pipeline: files -> documents -> extractions, one article at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import clean, events, mentions, read, segment
from .model import Document, Extraction, RawArticle


def extract_document(doc: Document) -> Extraction:
    """Mentions, events and relations of one cleaned document."""
    toks = segment.tokens(doc.text)
    found = mentions.find_mentions(doc, toks)
    evs, rels = events.extract(doc, found)
    return Extraction(doc=doc, mentions=tuple(found), events=tuple(evs), relations=tuple(rels))


def documents(raw: RawArticle) -> list[Document]:
    """Clean one raw article into documents (a page may hold several articles)."""
    return clean.clean(raw)


def extract_paths(paths: Iterable[str | Path], date: dt.date | None = None) -> Iterator[Extraction]:
    """Read, clean and extract every article of every input, streaming.

    >>> for ex in extract_paths(["examples/xuhui-2024-07-05.txt"]):  # doctest: +SKIP
    ...     print(ex.doc.id, len(ex.mentions))
    """
    for raw in read.read_articles(paths, date):
        for doc in documents(raw):
            yield extract_document(doc)
