"""The pipeline: files -> documents -> extractions, one article at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import clean, events, mentions, read, segment
from . import dates
from .model import END_DATE, START_DATE, Document, Event, Extraction, RawArticle


def extract_document(doc: Document) -> Extraction:
    """Mentions, events and relations of one cleaned document."""
    toks = segment.tokens(doc.text)
    found = mentions.find_mentions(doc, toks)
    spans = events.sentences(doc.text)
    evs, rels = events.extract(doc, found, spans)
    return Extraction(
        doc=doc, mentions=tuple(found), events=tuple(evs), relations=tuple(rels), sentences=tuple(spans)
    )


def documents(raw: RawArticle) -> Iterator[Document]:
    """Clean one raw article into documents (a page may hold several articles), one at a time."""
    return clean.iter_documents(raw)


def extract_paths(
    paths: Iterable[str | Path], date: dt.date | None = None, problems: read.Problems | None = None
) -> Iterator[Extraction]:
    """Read, clean and extract every article of every input, streaming.

    Bad inputs are skipped and reported to ``problems`` (see
    :class:`kg.read.Problems`); without it the first one raises.

    >>> for ex in extract_paths(["examples/xuhui-2024-07-05.txt"]):  # doctest: +SKIP
    ...     print(ex.doc.id, len(ex.mentions))
    """
    for raw in read.read_articles(paths, date, problems):
        try:
            for doc in documents(raw):
                yield extract_document(doc)
        except Exception as exc:
            if problems is None or problems.strict or not problems.catch_errors:
                raise
            # One article kg fails on must not cost the rest of the archive.
            problems.report(raw.source, raw.line, f"kg failed on this article ({type(exc).__name__}: {exc}); "
                            "skipped; please report it with the article")


@dataclass(frozen=True)
class Summary:
    """What a build did: articles read, entities by type, triples written, files."""

    articles: int
    counts: dict[str, int]
    triples: int
    files: tuple[Path, ...]
    skipped: int = 0  # bad inputs (files, archive lines) reported and left out

    def __str__(self) -> str:
        parts = ", ".join(f"{n} {k}" for k, n in self.counts.items()) or "no entities"
        files = ", ".join(str(f) for f in self.files)
        skipped = f"; skipped {self.skipped} bad input{'s' if self.skipped != 1 else ''}" if self.skipped else ""
        return f"{self.articles} articles -> {self.triples} triples ({parts}); wrote {files}{skipped}"


def build(
    paths: Iterable[str | Path],
    outdir: str | Path | None = None,
    date: dt.date | None = None,
    base: str | None = None,
    into: str | Path | None = None,
    formats: Iterable[str] | str | None = None,
    problems: read.Problems | None = None,
    allow_empty: bool = False,
) -> Summary:
    """Build the knowledge graph of ``paths`` into ``outdir``: graph.ttl and graph.html.

    ``into`` adds the articles to the graph an earlier build wrote into that
    folder (and writes there) without reading its articles again; an article
    already there is replaced, so adding it again unchanged changes nothing.
    ``formats`` picks the files (:data:`kg.export.FORMATS`; default ttl and
    html). ``outdir/documents.jsonl.gz`` keeps each article's triples for
    ``into``. Every file is written atomically: an interrupted build leaves
    the previous ones as they were.

    Bad inputs are skipped and reported to ``problems`` (without it, the
    first one raises). If the graph has no article, an existing graph is kept
    unless ``allow_empty``; if none could be read because every input was
    bad, nothing is written.
    """
    from . import export, nx, rdf
    from .corpus import Corpus
    from .errors import InputError
    from .outputs import refuse_empty

    if into is not None:
        out = Path(into)
        corpus = Corpus.load(out, base)
    else:
        out = Path(outdir if outdir is not None else "output")
        corpus = Corpus(base or rdf.DEFAULT_BASE)
    added = 0
    for ex in extract_paths(paths, date, problems):
        corpus.add(ex)
        added += 1
    skipped = len(problems) if problems is not None else 0
    if added == 0 and skipped:
        raise InputError(f"no article could be read: {skipped} bad input{'s' if skipped != 1 else ''} skipped; nothing written")
    if len(corpus) == 0 and not allow_empty:
        refuse_empty([out / "graph.ttl"])
    g = corpus.graph()
    projection = nx.to_networkx(g)
    files = export.write_formats(
        corpus,
        out,
        export.DEFAULT_FORMATS if formats is None else formats,
        title="kg: " + ", ".join(Path(p).name for p in paths),
        graph=g,
        projection=projection,
    )
    files += (corpus.save(out),)
    counts: dict[str, int] = {}
    for _, attrs in projection.nodes(data=True):
        counts[attrs["type"]] = counts.get(attrs["type"], 0) + 1
    return Summary(articles=len(corpus), counts=dict(sorted(counts.items())), triples=len(g), files=files, skipped=skipped)


def _ref(x) -> dict:
    if isinstance(x, Event):
        return {"event": x.name, "kind": x.kind, "start": x.start, "end": x.end}
    return {"text": x.text, "type": x.type, "start": x.start, "end": x.end, "norm": x.norm}


def as_json(ex: Extraction) -> dict:
    """A JSON-ready view of an extraction (`kg extract` prints one per article).

    Offsets are into ``text``, the article's cleaned text, end exclusive.
    """
    doc = ex.doc
    roles: dict[int, dict[str, list]] = {id(e): {} for e in ex.events}
    for r in ex.relations:
        if isinstance(r.subject, Event):
            value = r.object.name if isinstance(r.object, Event) else (r.object.norm or r.object.text)
            if r.predicate in (START_DATE, END_DATE):
                value = dates.start_end(value)[r.predicate == END_DATE]
            bucket = roles[id(r.subject)].setdefault(r.predicate, [])
            if value not in bucket:
                bucket.append(value)
    return {
        "id": doc.id,
        "title": doc.title,
        "date": doc.date.isoformat() if doc.date else None,
        "source": doc.source if doc.line is None else f"{doc.source}:{doc.line}",
        "url": doc.url,
        "text": doc.text,
        "mentions": [
            {"start": m.start, "end": m.end, "type": m.type, "text": m.text, "norm": m.norm, "rule": m.rule}
            for m in ex.mentions
        ],
        "events": [
            {"start": e.start, "end": e.end, "kind": e.kind, "name": e.name, "named": e.named, "rule": e.rule, **roles[id(e)]}
            for e in ex.events
        ],
        "relations": [
            {
                "subject": _ref(r.subject),
                "predicate": r.predicate,
                "object": _ref(r.object),
                "start": r.start,
                "end": r.end,
                "rule": r.rule,
                "confidence": r.confidence,
            }
            for r in ex.relations
        ],
    }
