"""Write a corpus's graph in the formats people load it with.

RDF: Turtle (``ttl``), N-Triples (``nt``), JSON-LD with a context
(``jsonld``), and TriG / N-Quads (``trig``, ``nq``) with a named graph per
article (the article's IRI), whose union is the graph. For graph tools: GraphML
(``graphml``) and GEXF for Gephi (``gexf``) of the networkx projection
(:func:`kg.nx.to_networkx`), and the offline page (``html``). Every file is
``graph.<format>`` in the output folder, written atomically.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

from .corpus import Corpus
from .errors import InputError
from .outputs import write_atomic

FORMATS = ("ttl", "nt", "trig", "nq", "jsonld", "graphml", "gexf", "html")
DEFAULT_FORMATS = ("ttl", "html")
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
    graph: Graph | None = None,
    projection=None,
) -> tuple[Path, ...]:
    """Write ``graph.<fmt>`` for each format into ``outdir``; returns the files in the order asked.

    ``graph`` and ``projection`` are the corpus's graph and its networkx
    projection, if the caller has them already. Without a corpus (a graph
    read from a file) there are no per-article graphs, so no TriG or N-Quads.
    """
    import networkx as nx_

    from . import html, nx

    out = Path(outdir)
    formats = parse_formats(formats)
    g = graph
    dataset = None
    files = []
    for fmt in formats:
        target = out / f"graph.{fmt}"
        if fmt in ("trig", "nq"):
            if corpus is None:
                raise InputError(f"{fmt} needs a named graph per article: export a build folder (it keeps documents.jsonl.gz), not a single graph file")
            dataset = dataset if dataset is not None else corpus.dataset()
            files.append(write_atomic(target, _serialize(dataset, fmt)))
            continue
        g = g if g is not None else corpus.graph()  # type: ignore[union-attr]
        if fmt == "jsonld":
            files.append(write_atomic(target, g.serialize(format="json-ld", context=CONTEXT, auto_compact=True)))
        elif fmt in _RDFLIB:
            files.append(write_atomic(target, _serialize(g, fmt)))
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
