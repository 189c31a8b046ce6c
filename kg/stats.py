"""What a graph holds: counts by class and property, the best-connected entities, components."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx
from rdflib import RDF, Graph


@dataclass(frozen=True)
class Stats:
    """Figures of one graph (see :func:`graph_stats`)."""

    triples: int
    classes: tuple[tuple[str, int], ...]  # (class, instances), most first
    properties: tuple[tuple[str, int], ...]  # (property, triples), most first
    top: tuple[tuple[str, str, int], ...]  # (label, type, degree), highest first
    entities: int  # nodes of the projection, dates left out
    components: tuple[int, ...]  # sizes of the connected components, largest first

    def as_dict(self) -> dict:
        return {
            "triples": self.triples,
            "classes": dict(self.classes),
            "properties": dict(self.properties),
            "top": [{"label": label, "type": kind, "degree": d} for label, kind, d in self.top],
            "entities": self.entities,
            "components": {"count": len(self.components), "sizes": list(self.components)},
        }

    def __str__(self) -> str:
        lines = [f"{self.triples} triples", "", "classes:"]
        lines += [f"  {n:>8}  {name}" for name, n in self.classes]
        lines += ["", "properties:"]
        lines += [f"  {n:>8}  {name}" for name, n in self.properties]
        lines += ["", f"top {len(self.top)} entities by degree (relations, dates left out):"]
        lines += [f"  {d:>8}  {label} ({kind})" for label, kind, d in self.top]
        sizes = ", ".join(str(s) for s in self.components[:10]) + (", ..." if len(self.components) > 10 else "")
        lines += ["", f"{self.entities} entities in {len(self.components)} connected components; largest: {sizes or '-'}"]
        return "\n".join(lines)


def graph_stats(g: Graph, top: int = 10) -> Stats:
    """Count ``g``'s classes and properties; rank its entities by degree and find its components.

    Degrees and components are over the networkx projection (:func:`kg.nx.to_networkx`)
    without date nodes, which would tie together everything of one day.
    """
    from .nx import to_networkx

    def short(term) -> str:
        try:
            return g.namespace_manager.normalizeUri(term)
        except Exception:  # an IRI no prefix fits
            return str(term)

    classes = Counter(short(o) for o in g.objects(None, RDF.type))
    properties = Counter(short(p) for p in g.predicates(None, None, unique=False))
    G = to_networkx(g)
    G.remove_nodes_from([n for n, a in G.nodes(data=True) if a.get("type") == "Date"])
    ranked = sorted(G.nodes, key=lambda n: (-G.degree(n), G.nodes[n]["label"], n))[:top]
    comps = sorted((len(c) for c in nx.weakly_connected_components(G)), reverse=True)
    return Stats(
        triples=len(g),
        classes=tuple(sorted(classes.items(), key=lambda kv: (-kv[1], kv[0]))),
        properties=tuple(sorted(properties.items(), key=lambda kv: (-kv[1], kv[0]))),
        top=tuple((G.nodes[n]["label"], G.nodes[n]["type"], G.degree(n)) for n in ranked),
        entities=G.number_of_nodes(),
        components=tuple(comps),
    )
