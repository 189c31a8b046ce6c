"""The pipeline: files -> documents -> extractions, one article at a time."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from . import clean, dates, events, mentions, read, segment
from .model import END_DATE, START_DATE, Document, Event, Extraction, RawArticle
from .rdf import DEFAULT_BASE, doc_iri, document_encoded


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
    paths: Iterable[str | Path],
    date: dt.date | None = None,
    problems: read.Problems | None = None,
    jobs: int = 1,
    engine: str = "local",
    address: str | None = None,
    progress=None,
) -> Iterator[Extraction]:
    """Read, clean and extract every article of every input, streaming, in input order.

    Articles are extracted by ``jobs`` processes of ``engine`` (see
    :func:`kg.parallel.run`). Bad inputs are skipped and reported to
    ``problems`` (see :class:`kg.read.Problems`); without it the first one
    raises. ``progress``, if given, has ``update(1)`` called after each raw
    article.

    >>> for ex in extract_paths(["examples/xuhui-2024-07-05.txt"]):  # doctest: +SKIP
    ...     print(ex.doc.id, len(ex.mentions))
    """
    yield from _run(paths, date, None, problems, jobs, engine, address, progress)


def article_triples(
    paths: Iterable[str | Path],
    date: dt.date | None = None,
    base: str = DEFAULT_BASE,
    problems: read.Problems | None = None,
    jobs: int = 1,
    engine: str = "local",
    address: str | None = None,
    progress=None,
) -> Iterator[tuple[URIRef, tuple[tuple[str, str, str], ...], bytes]]:
    """``(article IRI, encoded triples, saved form)`` for every article, made where it is extracted, in input order.

    The triples of each :func:`extract_paths` extraction, each term encoded
    as its N-Triples text (:func:`kg.rdf.document_encoded`): a worker sends back these
    strings rather than the extraction, which is several times larger to
    pickle, or rdflib's terms, which are slow to unpickle. The saved form is
    the article's part of documents.jsonl.gz (:func:`kg.corpus.saved_form`),
    compressed by the worker too.
    """
    yield from _run(paths, date, base, problems, jobs, engine, address, progress)


@dataclass(frozen=True)
class _Done:
    """What a worker sends back for one raw article: its results, or why kg failed on it."""

    source: str
    line: int | None
    items: tuple
    error: str | None = None


def _work(job: tuple[RawArticle, str | None, bool]) -> _Done:
    """Extract one raw article; with a base IRI, turn each document into its triples."""
    raw, base, catch = job
    try:
        exs = (extract_document(doc) for doc in documents(raw))
        items = tuple(exs) if base is None else tuple(_triples(ex, base) for ex in exs)
        return _Done(raw.source, raw.line, items)
    except Exception as exc:
        if not catch:
            raise
        return _Done(raw.source, raw.line, (), f"{type(exc).__name__}: {exc}")


def _triples(ex: Extraction, base: str) -> tuple[URIRef, tuple, bytes]:
    from .corpus import saved_form

    doc = doc_iri(ex.doc, base)
    triples = document_encoded(ex, base)
    return doc, triples, saved_form(doc, triples)


def _run(paths, date, base, problems, jobs, engine, address, progress) -> Iterator:
    from . import parallel

    # One article kg fails on must not cost the rest of the archive, unless asked to stop.
    catch = problems is not None and not problems.strict and problems.catch_errors
    work = ((raw, base, catch) for raw in read.read_articles(paths, date, problems))
    for done in parallel.run(_work, work, jobs, engine, address):
        if done.error is not None:
            problems.report(done.source, done.line, f"kg failed on this article ({done.error}); "
                            "skipped; please report it with the article")
        yield from done.items
        if progress is not None:
            progress.update(1)


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
    jobs: int = 1,
    engine: str = "local",
    address: str | None = None,
    store: bool = True,
    progress=None,
) -> Summary:
    """Build the knowledge graph of ``paths`` into ``outdir``: graph.ttl, graph.html and store/.

    ``into`` adds the articles to the graph an earlier build wrote into that
    folder (and writes there) without reading its articles again; an article
    already there is replaced, so adding it again unchanged changes nothing.
    ``formats`` picks the files (:data:`kg.export.FORMATS`; default ttl and
    html). ``outdir/documents.jsonl.gz`` keeps each article's triples for
    ``into``. ``store`` also writes ``store/``, an Oxigraph database for fast
    SPARQL (without it, a store left by an earlier build is removed, since it
    would no longer match). Every output is written atomically: an
    interrupted build leaves the previous ones as they were.

    Articles are extracted by ``jobs`` processes of ``engine`` (see
    :func:`kg.parallel.run`); the graph is the same whichever runs them.

    Bad inputs are skipped and reported to ``problems`` (without it, the
    first one raises). If the graph has no article, an existing graph is kept
    unless ``allow_empty``; if none could be read because every input was
    bad, nothing is written.
    """
    with _gc_paused():
        return _build(paths, outdir, date, base, into, formats, problems, allow_empty, jobs, engine, address, store, progress)


def _build(paths, outdir, date, base, into, formats, problems, allow_empty, jobs, engine, address, store, progress) -> Summary:
    from . import export, nx, parallel
    from .corpus import Corpus
    from .errors import InputError
    from .outputs import refuse_empty

    paths = list(paths)
    if into is not None:
        out = Path(into)
        corpus = Corpus.load(out, base)
    else:
        out = Path(outdir if outdir is not None else "output")
        corpus = Corpus(base or DEFAULT_BASE)
    added = 0
    with _stage("extract + triples"):
        for doc, triples, saved in article_triples(paths, date, corpus.base, problems, jobs, engine, address, progress):
            corpus.add_triples(doc, triples, saved)
            added += 1
    skipped = len(problems) if problems is not None else 0
    if added == 0 and skipped:
        raise InputError(f"no article could be read: {skipped} bad input{'s' if skipped != 1 else ''} skipped; nothing written")
    if len(corpus) == 0 and not allow_empty:
        refuse_empty([out / "graph.ttl"])
    with _stage("identity + graph"):
        g = corpus.index()
    formats = export.DEFAULT_FORMATS if formats is None else formats
    # Turtle and the store are written (with more than one job, by other processes) while the rest is made.
    with export.rdf_outputs(g, out, formats, store, background=jobs > 1, threads=min(jobs, parallel.cpu_count())) as written:
        with _stage("networkx"):
            projection = nx.to_networkx(g)
        with _stage("other files"):
            files = export.write_formats(corpus, out, formats, title="kg: " + ", ".join(Path(p).name for p in paths),
                                         graph=g, projection=projection, index=True, rdf=False)
    files += written
    counts: dict[str, int] = {}
    for _, attrs in projection.nodes(data=True):
        counts[attrs["type"]] = counts.get(attrs["type"], 0) + 1
    return Summary(articles=len(corpus), counts=dict(sorted(counts.items())), triples=len(g), files=files, skipped=skipped)


@contextlib.contextmanager
def _gc_paused():
    """Hold off Python's cyclic garbage collector while a build fills its graph.

    A build makes millions of small objects that live until it ends; each
    full collection walks all of them, which took half the time after
    extraction. kg's data holds no reference cycles, so little waits for the
    collection made when the build ends.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
            gc.collect()


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
                value = dates.role_value(value, r.predicate == END_DATE)
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
