"""Projection of the RDF graph to networkx, for analysis and drawing.

Nodes are entities (persons, organizations, places, events) and dates; edges
are the core schema.org relations, each carrying the sentences and documents
its evidence points to. The provenance layer itself is not projected.
"""

from __future__ import annotations

import networkx as nx
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from .rdf import SDO, column, evidence_of
from .vocab import KG

# Relations drawn as edges, with their Chinese labels.
EDGE_LABELS = {
    SDO.attendee: ("attendee", "出席"),
    SDO.organizer: ("organizer", "主办"),
    SDO.location: ("location", "地点"),
    SDO.superEvent: ("superEvent", "属于"),
    SDO.containedInPlace: ("containedInPlace", "位于"),
    SDO.memberOf: ("memberOf", "任职于"),
    SDO.startDate: ("startDate", "开始"),
    SDO.endDate: ("endDate", "结束"),
}
_TYPES = [
    (SDO.Event, "Event"),
    (SDO.Person, "Person"),
    (SDO.GovernmentOrganization, "GovernmentOrganization"),
    (SDO.Organization, "Organization"),
    (SDO.Place, "Place"),
]
_KINDS = {KG.Meeting: "Meeting", KG.Forum: "Forum", KG.Conference: "Conference", KG.Visit: "Visit",
          KG.Ceremony: "Ceremony", KG.Exhibition: "Exhibition", KG.Activity: "Activity"}


def node_type(g: Graph, node) -> str | None:
    """The kg mention type of an RDF node (most specific first), or None."""
    types = set(g.objects(node, RDF.type))
    return next((name for cls, name in _TYPES if cls in types), None)


def _objects(g: Graph, pred) -> dict:
    """subject -> the set of its objects of ``pred``, in one pass."""
    out: dict = {}
    for s, _, o in g.triples((None, pred, None)):
        out.setdefault(s, set()).add(o)
    return out


def _titles(g: Graph) -> dict:
    """article -> its headline, else its identifier."""
    return {**column(g, SDO.identifier), **column(g, SDO.headline)}


def _evidence(g: Graph, titles: dict) -> dict[tuple, tuple[list[str], list[str]]]:
    """(s, p, o) -> (sentences, document titles) from the evidence nodes."""
    out: dict[tuple, tuple[list[str], list[str]]] = {}
    for key, pairs in evidence_of(g).items():
        sents = sorted({text for text, _ in pairs if text is not None})
        docs = sorted({str(titles.get(doc) or doc) for _, doc in pairs if doc is not None})
        out[key] = (sents, docs)
    return out


def to_networkx(g: Graph) -> nx.MultiDiGraph:
    """Project an RDF graph built by kg to a MultiDiGraph.

    Node attributes: ``label``, ``type``, ``aliases``, ``positions``, ``kind``,
    ``start_date``, ``end_date``, ``documents``. Edge attributes:
    ``predicate``, ``label``, ``sentences``, ``documents``.

    >>> G = to_networkx(build_graph(...))  # doctest: +SKIP
    >>> G.nodes[iri]["label"]
    '张三'
    """
    G = nx.MultiDiGraph()
    titles = _titles(g)
    evidence = _evidence(g, titles)
    docs_of: dict = {}
    for doc, _, node in g.triples((None, SDO.mentions, None)):
        docs_of.setdefault(node, set()).add(str(titles.get(doc) or doc))
    # One pass per predicate, not a lookup per node: this runs on graphs of millions of triples.
    types, aliases, titles_held = _objects(g, RDF.type), _objects(g, SDO.alternateName), _objects(g, SDO.jobTitle)
    names, labels = column(g, SDO.name), column(g, RDFS.label)
    starts, ends = column(g, SDO.startDate), column(g, SDO.endDate)
    for node in sorted((s for s in types if isinstance(s, URIRef)), key=str):
        kind = next((name for cls, name in _TYPES if cls in types[node]), None)
        if kind is None:
            continue
        label = names.get(node, labels.get(node))
        attrs = {
            "label": str(label) if label is not None else str(node).rsplit("/", 1)[-1],
            "type": kind,
            "aliases": sorted(str(a) for a in aliases.get(node, ())),
            "documents": sorted(docs_of.get(node, ())),
        }
        if kind == "Person":
            attrs["positions"] = sorted(str(t) for t in titles_held.get(node, ()))
        if kind == "Event":
            attrs["kind"] = next((v for k, v in _KINDS.items() if k in types[node]), "Event")
            start, end = starts.get(node), ends.get(node)
            if start is not None:
                attrs["start_date"] = str(start)
            if end is not None:
                attrs["end_date"] = str(end)
        G.add_node(str(node), **attrs)
    for pred, (name, label) in EDGE_LABELS.items():
        for s, _, o in g.triples((None, pred, None)):
            if str(s) not in G:
                continue
            if isinstance(o, Literal):
                target = f"date:{o}"
                if target not in G:
                    G.add_node(target, label=str(o), type="Date", aliases=[], documents=[])
            elif str(o) in G:
                target = str(o)
            else:
                continue
            sents, docs = evidence.get((s, pred, o), ([], []))
            G.add_edge(str(s), target, key=name, predicate=name, label=label, sentences=sents, documents=docs)
    return G
