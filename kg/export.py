"""Write a corpus's graph in the formats people load it with.

RDF: Turtle (``ttl``), N-Triples (``nt``), JSON-LD with a context
(``jsonld``), and TriG / N-Quads (``trig``, ``nq``) with a named graph per
article (the article's IRI), whose union is the graph. For graph tools: GraphML
(``graphml``) and GEXF for Gephi (``gexf``) of the networkx projection
(:func:`kg.nx.to_networkx`), and the offline page (``html``). Every file is
``graph.<format>`` in the output folder, written atomically.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import Graph

from . import store as ox_store
from .corpus import Corpus
from .errors import InputError
from .outputs import write_atomic
from .triples import Triples, ntriples

FORMATS = ("ttl", "nt", "trig", "nq", "jsonld", "graphml", "gexf", "html")
DEFAULT_FORMATS = ("ttl", "html")
BACKGROUND_TRIPLES = 100_000  # from this size, Turtle and the store are written by other processes
_RDFLIB = {"ttl": "turtle", "nt": "nt", "trig": "trig", "nq": "nquads", "jsonld": "json-ld"}

# The JSON-LD context: schema.org terms bare ("name", "attendee"), kg's and others' prefixed.
CONTEXT = {
    "@vocab": "https://schema.org/",
    "schema": "https://schema.org/",
    "kg": "https://w3id.org/kg-news/ns#",
    "prov": "http://www.w3.org/ns/prov#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "org": "http://www.w3.org/ns/org#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def parse_formats(text: str | Iterable[str]) -> tuple[str, ...]:
    """``"ttl,nt"`` -> ``("ttl", "nt")``, checked; ``all`` means every format."""
    items = text.split(",") if isinstance(text, str) else list(text)
    out: list[str] = []
    for item in (i.strip().lower().lstrip(".") for i in items):
        item = {"turtle": "ttl", "ntriples": "nt", "nquads": "nq", "json-ld": "jsonld"}.get(item, item)
        if item == "all":
            out.extend(f for f in FORMATS if f not in out)
        elif item not in FORMATS:
            raise InputError(f"unknown output format {item!r}; use a comma-separated list of {', '.join(FORMATS)} (or all)")
        elif item not in out:
            out.append(item)
    if not out:
        raise InputError(f"no output format given; use a comma-separated list of {', '.join(FORMATS)}")
    return tuple(out)


def _projection_for_files(G):
    """A copy of the projection whose attributes are all str/int/float (GraphML and GEXF need that)."""
    H = G.copy()
    for _, attrs in list(H.nodes(data=True)) + [(None, d) for *_, d in H.edges(keys=True, data=True)]:
        for k, v in list(attrs.items()):
            if v is None:
                del attrs[k]
            elif isinstance(v, (list, tuple, set)):
                attrs[k] = " | ".join(str(x) for x in v)
    return H


def _serialize(g, fmt: str) -> bytes:
    data = g.serialize(format=_RDFLIB[fmt], encoding="utf-8")
    if fmt in ("nt", "nq"):
        # One statement a line: sorted, the same graph gives the same file (and a readable diff).
        lines = sorted(set(line for line in data.splitlines() if line.strip()))
        data = b"\n".join(lines) + b"\n" if lines else b""
    return data


def write_formats(
    corpus: Corpus | None,
    outdir: str | Path,
    formats: Iterable[str] | str = DEFAULT_FORMATS,
    title: str = "kg",
    graph: Graph | Triples | None = None,
    projection=None,
    store: bool | None = None,
    background: bool = False,
    index: bool = False,
    rdf: bool = True,
) -> tuple[Path, ...]:
    """Write ``graph.<fmt>`` for each format into ``outdir``; returns the files in the order asked.

    ``graph`` and ``projection`` are the corpus's graph and its networkx
    projection, if the caller has them already. Without a corpus (a graph
    read from a file) there are no per-article graphs, so no TriG or N-Quads.
    ``store=True`` also writes ``outdir/store``, an Oxigraph database (listed
    last); ``store=False`` removes a store there (a build's graph it no longer
    matches); ``None`` leaves it alone. ``index`` also writes the corpus's ``documents.jsonl.gz`` (for ``--into``).
    With ``rdf=False`` the caller writes Turtle and the store (:func:`rdf_outputs`).

    Turtle and the store are written by pyoxigraph from N-Triples (rdflib's
    Turtle writer takes minutes on an archive's graph); with ``background``
    and a graph of :data:`BACKGROUND_TRIPLES` or more, by another interpreter
    while the other files are written.
    """
    out = Path(outdir)
    formats = parse_formats(formats)
    g = graph if graph is not None else (corpus.index() if corpus is not None else None)
    with rdf_outputs(g, out, formats, store, background) if rdf else contextlib.nullcontext(()) as written:
        files = _write_others(corpus, out, formats, title, g, projection)
        if index:
            files += (corpus.save(out),)
    return files + written


@contextlib.contextmanager
def rdf_outputs(g: Graph | Triples, outdir: str | Path, formats: Iterable[str] | str = DEFAULT_FORMATS, store: bool | None = None,
                background: bool = False, threads: int = 1) -> Iterator[tuple[Path, ...]]:
    """Write graph.ttl (if asked) and the store (``store=True``) around the block (see :func:`write_formats`).

    Yields the store's path in a tuple (empty unless ``store``; ``store=False``
    removes an old store in ``outdir``). With ``background`` they are written
    while the block runs; the store loads with ``threads`` threads.
    """
    out = Path(outdir)
    db = out / ox_store.STORE_DIR if store else None
    ttl = out / "graph.ttl" if "ttl" in parse_formats(formats) else None
    # A second interpreter costs more than it saves on a small graph.
    background = background and len(g) >= BACKGROUND_TRIPLES
    with ox_store.writing(g, ttl, db, background=background, threads=threads):
        yield (db,) if db is not None else ()
    if store is False:
        ox_store.remove_store(out / ox_store.STORE_DIR)


def _write_others(corpus, out: Path, formats: tuple[str, ...], title: str, g, projection) -> tuple[Path, ...]:
    """Every format but Turtle (written by :mod:`kg.store`), whose file is listed in its place."""
    import networkx as nx_

    from . import html, nx

    dataset = None
    files = []
    for fmt in formats:
        target = out / f"graph.{fmt}"
        if fmt == "ttl":
            files.append(target)
            continue
        if fmt in ("trig", "nq"):
            if corpus is None:
                raise InputError(f"{fmt} needs a named graph per article: export a build folder (it keeps documents.jsonl.gz), not a single graph file")
            dataset = dataset if dataset is not None else corpus.dataset()
            files.append(write_atomic(target, _serialize(dataset, fmt)))
            continue
        if fmt == "jsonld":
            rdf_graph = g.graph() if isinstance(g, Triples) else g
            files.append(write_atomic(target, rdf_graph.serialize(format="json-ld", context=CONTEXT, auto_compact=True)))
        elif fmt == "nt":
            files.append(write_atomic(target, "".join(ntriples(g))))
        else:
            projection = projection if projection is not None else nx.to_networkx(g)
            if fmt == "html":
                files.append(html.write_html(projection, target, title=title, source=g))
            else:
                H = _projection_for_files(projection)
                lines = nx_.generate_graphml(H) if fmt == "graphml" else nx_.generate_gexf(H)
                files.append(write_atomic(target, "\n".join(lines) + "\n"))
    return tuple(files)


def export(source: str | Path, outdir: str | Path, formats: Iterable[str] | str) -> tuple[Path, ...]:
    """Write a build folder's graph (or a graph file's) in other formats into ``outdir``."""
    from .sparql import load_graph

    src = Path(source)
    if src.is_dir() and (src / "documents.jsonl.gz").exists():
        return write_formats(Corpus.load(src), outdir, formats, title=f"kg: {src.name}")
    return write_formats(None, outdir, formats, title=f"kg: {src.name}", graph=load_graph(src))
