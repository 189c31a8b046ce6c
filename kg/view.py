"""Choosing what to draw: subgraphs of the networkx projection, and the evidence behind edges.

``kg viz`` narrows a graph before drawing it: by a SPARQL query, by the
events of a date range, around a named node, and (for big graphs) to the
best-connected nodes. Every function returns a new graph and leaves its
input alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from .errors import InputError, QueryError

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = [
    "Source",
    "around",
    "between",
    "evidence",
    "find_nodes",
    "from_query",
    "top_by_degree",
]


def _label(graph: nx.MultiDiGraph, node: Any) -> str:
    return str(graph.nodes[node].get("label") or node)


def find_nodes(graph: nx.MultiDiGraph, name: str) -> list[Any]:
    """Nodes named ``name`` (label or alias); failing that, those whose names contain it.

    >>> find_nodes(G, "张三")  # doctest: +SKIP
    ['https://w3id.org/kg-news/id/person/%E9%BB%84%E5%86%B2']
    """
    name = name.strip()
    exact, partial = [], []
    for node, attrs in graph.nodes(data=True):
        names = [str(attrs.get("label") or node), *(str(a) for a in attrs.get("aliases") or ())]
        if name in names:
            exact.append(node)
        elif name and any(name in n for n in names):
            partial.append(node)
    return sorted(exact or partial, key=str)


def around(graph: nx.MultiDiGraph, name: str, hops: int = 2) -> nx.MultiDiGraph:
    """The nodes within ``hops`` links (either direction) of the node(s) named ``name``.

    A name matching no node, or only parts of many, is an :class:`InputError`
    naming the candidates.
    """
    if hops < 0:
        raise InputError(f"--hops {hops}: the number of hops must be 0 or more")
    found = find_nodes(graph, name)
    if not found:
        raise InputError(f"{name!r}: no node of the graph has this name; check the spelling or try part of it")
    exact = [n for n in found if name.strip() in (_label(graph, n), *(graph.nodes[n].get("aliases") or ()))]
    if not exact and len(found) > 1:
        shown = "、".join(sorted({_label(graph, n) for n in found})[:10])
        raise InputError(f"{name!r} is part of {len(found)} names ({shown}); give the whole name")
    undirected = graph.to_undirected(as_view=True)
    keep: set[Any] = set()
    for node in found:
        keep.update(nx.single_source_shortest_path_length(undirected, node, cutoff=hops))
    return graph.subgraph(keep).copy()


def between(graph: nx.MultiDiGraph, start: dt.date | None = None, end: dt.date | None = None) -> nx.MultiDiGraph:
    """The events starting in ``start`` .. ``end`` (inclusive) and everything linked to them.

    Events without a start date and nodes linked to no such event are left out.
    """
    lo = start.isoformat() if start else ""
    hi = end.isoformat() if end else "9999"
    if start and end and start > end:
        raise InputError(f"--from {lo} is after --to {hi}; swap them")
    keep: set[Any] = set()
    for node, attrs in graph.nodes(data=True):
        day = str(attrs.get("start_date") or "")
        if attrs.get("type") == "Event" and day and lo <= day[:10] <= hi:
            keep.add(node)
            keep.update(nx.all_neighbors(graph, node))
    # A linked event outside the range is not part of the picture.
    keep = {n for n in keep if graph.nodes[n].get("type") != "Event" or _in(graph.nodes[n], lo, hi)}
    return graph.subgraph(keep).copy()


def _in(attrs: dict[str, Any], lo: str, hi: str) -> bool:
    day = str(attrs.get("start_date") or "")
    return bool(day) and lo <= day[:10] <= hi


def top_by_degree(graph: nx.MultiDiGraph, limit: int) -> nx.MultiDiGraph:
    """The ``limit`` nodes with the most links (ties by id), and the edges among them."""
    if graph.number_of_nodes() <= limit:
        return graph
    ranked = sorted(graph.nodes, key=lambda n: (-graph.degree(n), str(n)))
    return graph.subgraph(ranked[:limit]).copy()


def from_query(rdf_graph: "Graph", graph: nx.MultiDiGraph, query: str) -> nx.MultiDiGraph:
    """The part of ``graph`` (the projection of ``rdf_graph``) a SPARQL query picks.

    A CONSTRUCT (or DESCRIBE) query draws its triples: the nodes they link,
    with the projection's edges (and evidence) where a triple is one of them,
    and a plain edge named after the predicate otherwise. A SELECT query draws
    the nodes its results name, with the edges among them.
    """
    from rdflib import Literal, URIRef

    from .nx import EDGE_LABELS
    from .sparql import run_query

    result = run_query(rdf_graph, query)
    if result.type == "SELECT":
        picked = {_node_key(v) for row in result for v in row if v is not None}
        return graph.subgraph(k for k in picked if k in graph).copy()
    if result.type not in ("CONSTRUCT", "DESCRIBE"):
        raise QueryError("an ASK query selects nothing to draw; use CONSTRUCT or SELECT")
    out = nx.MultiDiGraph()
    names = {p: name for p, (name, _label) in EDGE_LABELS.items()}
    for s, p, o in sorted(result.graph, key=lambda t: tuple(map(str, t))):
        u, v = _node_key(s), _node_key(o)
        if isinstance(o, Literal) and not v.startswith("date:"):
            continue  # a name or other value: an attribute, not a node
        if u not in graph or v not in graph or not isinstance(s, URIRef):
            continue
        out.add_node(u, **graph.nodes[u])
        out.add_node(v, **graph.nodes[v])
        name = names.get(p)
        if name is not None and graph.has_edge(u, v, key=name):
            out.add_edge(u, v, key=name, **graph.edges[u, v, name])
        else:
            local = str(p).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
            out.add_edge(u, v, key=str(p), predicate=local, label=local, sentences=[], documents=[])
    return out


def _node_key(term: Any) -> str:
    """The projection's node id for an RDF term (dates are ``date:YYYY-MM-DD``)."""
    from rdflib import XSD, Literal

    if isinstance(term, Literal) and term.datatype == XSD.date:
        return f"date:{term}"
    return str(term)


# --- evidence with its documents -------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """An article as the page shows it."""

    id: str
    title: str
    date: str
    url: str


@dataclass(frozen=True)
class Source:
    """What the RDF graph knows beyond the projection: which document each sentence is from.

    ``facts`` maps (source node, target node, predicate name) to
    (sentence, document IRI) pairs; ``mentions`` maps a node to the documents
    mentioning it.
    """

    documents: dict[str, Document]
    facts: dict[tuple[str, str, str], list[tuple[str, str]]]
    mentions: dict[str, list[str]]


def evidence(rdf_graph: "Graph") -> Source:
    """Collect documents, per-fact (sentence, document) pairs and mentions from a kg graph.

    One pass per predicate rather than a lookup per node: this runs on graphs of
    hundreds of thousands of triples before every drawing.
    """
    from rdflib import RDF, Literal

    from .nx import EDGE_LABELS
    from .rdf import SDO, column, evidence_of

    documents = {}
    ids, titles = column(rdf_graph, SDO.identifier), column(rdf_graph, SDO.headline)
    dates, urls = column(rdf_graph, SDO.datePublished), column(rdf_graph, SDO.url)
    for doc in rdf_graph.subjects(RDF.type, SDO.NewsArticle):
        documents[str(doc)] = Document(
            id=str(ids.get(doc, "")) or str(doc).rsplit("/", 1)[-1],
            title=str(titles.get(doc, "")),
            date=str(dates.get(doc, "")),
            url=str(urls.get(doc, "")),
        )
    names = {p: name for p, (name, _label) in EDGE_LABELS.items()}
    facts: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for (s, p, o), pairs in evidence_of(rdf_graph).items():
        name = names.get(p)
        if name is None:
            continue
        target = f"date:{o}" if isinstance(o, Literal) else str(o)
        bucket = facts.setdefault((str(s), target, name), [])
        bucket += ((text or "", str(doc or "")) for text, doc in pairs)
    for key, bucket in facts.items():
        facts[key] = sorted(set(bucket))
    mentions: dict[str, list[str]] = {}
    for doc, _, node in rdf_graph.triples((None, SDO.mentions, None)):
        mentions.setdefault(str(node), []).append(str(doc))
    for docs in mentions.values():
        docs.sort()
    return Source(documents=documents, facts=facts, mentions=mentions)
