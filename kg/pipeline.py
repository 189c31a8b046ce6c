"""The pipeline: files -> documents -> extractions, one article at a time."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import time
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


def _extract_raw(raw: RawArticle) -> list[Extraction]:
    return [extract_document(doc) for doc in documents(raw)]


def extractions(
    paths: Iterable[str | Path],
    date: dt.date | None = None,
    jobs: int = 1,
    engine: str = "local",
    address: str | None = None,
    progress=None,
) -> Iterator[Extraction]:
    """:func:`extract_paths` over ``jobs`` processes (or a Ray cluster), in input order.

    ``progress``, if given, has ``update(1)`` called after each raw article.
    """
    from . import parallel, shards

    results = parallel.run(_extract_raw, read.read_articles(paths, date), jobs, engine, address)
    for exs in shards.counted(results, progress):
        yield from exs


def document_triples(
    paths: Iterable[str | Path],
    date: dt.date | None = None,
    base: str | None = None,
    jobs: int = 1,
    engine: str = "local",
    address: str | None = None,
    progress=None,
) -> Iterator[list[tuple]]:
    """The triples of each raw article, made where it is extracted, in input order.

    Each article's triples come from :func:`kg.rdf.add_extraction`; merging
    them (:func:`kg.shards.merge`) gives the graph a single process builds.
    """
    from . import parallel, rdf, shards

    base = base or rdf.DEFAULT_BASE
    jobs_ = ((raw, base) for raw in read.read_articles(paths, date))
    return shards.counted(parallel.run(shards.article_triples, jobs_, jobs, engine, address), progress)


@dataclass(frozen=True)
class Summary:
    """What a build did: articles read, entities by type, triples written, files."""

    articles: int
    counts: dict[str, int]
    triples: int
    files: tuple[Path, ...]

    def __str__(self) -> str:
        parts = ", ".join(f"{n} {k}" for k, n in self.counts.items()) or "no entities"
        files = ", ".join(str(f) for f in self.files)
        return f"{self.articles} articles -> {self.triples} triples ({parts}); wrote {files}"


def build(
    paths: Iterable[str | Path],
    outdir: str | Path,
    date: dt.date | None = None,
    base: str | None = None,
    jobs: int = 1,
    engine: str = "local",
    address: str | None = None,
    store: bool = True,
    progress=None,
) -> Summary:
    """Build the knowledge graph of ``paths`` into ``outdir``: graph.ttl, graph.html and store/.

    Articles are extracted by ``jobs`` processes of ``engine`` (see
    :func:`kg.parallel.run`); the graph is the same whichever runs them.
    ``store`` also writes ``store/``, an Oxigraph database for fast SPARQL
    (without it, a store left by an earlier build is removed, since it would
    no longer match). Every output is written atomically: an interrupted
    build leaves the previous ones as they were.
    """
    from . import html, nx, rdf, shards
    from . import store as ox_store

    paths = list(paths)
    with _stage("extract + triples"):
        g = shards.merge(document_triples(paths, date, base, jobs, engine, address, progress))
    n = len(set(g.subjects(rdf.RDF.type, rdf.SDO.NewsArticle)))
    out = Path(outdir)
    title = "kg: " + ", ".join(Path(p).name for p in paths)
    with ox_store.scratch(out / ".graph.nt") as nt:
        with _stage("n-triples"):
            ox_store.write_ntriples(g, nt)
            prefixes = ox_store.used_prefixes(g, nt)
        db = out / ox_store.STORE_DIR if store else None
        # pyoxigraph writes graph.ttl and the store from the N-Triples; with more than one job, in another
        # process while this one draws the page.
        with ox_store.writing(nt, out / "graph.ttl", prefixes, db, background=jobs > 1):
            with _stage("networkx"):
                projection = nx.to_networkx(g)
            with _stage("html"):
                page = html.write_html(projection, out / "graph.html", title=title)
    if not store:
        ox_store.remove_store(out / ox_store.STORE_DIR)
    ttl = out / "graph.ttl"
    counts: dict[str, int] = {}
    for _, attrs in projection.nodes(data=True):
        counts[attrs["type"]] = counts.get(attrs["type"], 0) + 1
    files = (ttl, page) + ((out / ox_store.STORE_DIR,) if store else ())
    return Summary(articles=n, counts=dict(sorted(counts.items())), triples=len(g), files=files)


@contextlib.contextmanager
def _stage(name: str):
    """Log how long a stage of the build took (logger ``kg.pipeline``, level INFO)."""
    t = time.perf_counter()
    yield
    logging.getLogger(__name__).info("%s: %.2f s", name, time.perf_counter() - t)


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
