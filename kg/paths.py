"""How two entities are connected: shortest paths over the networkx projection."""

from __future__ import annotations

import networkx as nx

from .errors import KgError


class NotFound(KgError):
    """No entity of that name, or no path between two entities."""


def find_node(G: nx.MultiDiGraph, key: str) -> str:
    """The node an IRI or a name (schema:name or an alternate name) stands for.

    A name several nodes carry is an error listing their IRIs, so the
    user can pick one.
    """
    if key in G:
        return key
    hits = sorted(n for n, a in G.nodes(data=True) if a.get("label") == key)
    if not hits:
        hits = sorted(n for n, a in G.nodes(data=True) if key in a.get("aliases", ()))
    if not hits:
        raise NotFound(f"no entity named {key!r} in the graph; give a name exactly as written (a schema:name or alternate name) or an IRI")
    if len(hits) > 1:
        listed = ", ".join(f"{h} ({G.nodes[h]['type']})" for h in hits[:5])
        raise NotFound(f"{key!r} names {len(hits)} entities: {listed}; pass one IRI instead")
    return hits[0]


def shortest_paths(G: nx.MultiDiGraph, a: str, b: str, limit: int = 5, dates: bool = False) -> list[list[str]]:
    """Up to ``limit`` shortest paths (lists of nodes) between nodes ``a`` and ``b``, edges taken either way.

    Date nodes are left out unless ``dates``: two events of one day are no real link.
    """
    H = G.to_undirected(as_view=False)
    if not dates:
        H.remove_nodes_from([n for n, d in G.nodes(data=True) if d.get("type") == "Date" and n not in (a, b)])
    try:
        paths = nx.all_shortest_paths(H, a, b)
        out = []
        for p in paths:
            out.append(p)
            if len(out) >= limit:
                break
        return sorted(out, key=lambda p: [G.nodes[n]["label"] for n in p])
    except nx.NetworkXNoPath:
        raise NotFound(f"{G.nodes[a]['label']} and {G.nodes[b]['label']} are not connected in this graph") from None


def describe(G: nx.MultiDiGraph, path: list[str]) -> str:
    """A path as text: ``张三 -出席-> 会见 <-出席- 李四`` (edge labels in Chinese, arrows as the triples go)."""
    parts = [G.nodes[path[0]]["label"]]
    for u, v in zip(path, path[1:]):
        if G.has_edge(u, v):
            labels = sorted({d["label"] for d in G.get_edge_data(u, v).values()})
            parts.append(f"-{'/'.join(labels)}->")
        else:
            labels = sorted({d["label"] for d in G.get_edge_data(v, u).values()})
            parts.append(f"<-{'/'.join(labels)}-")
        parts.append(G.nodes[v]["label"])
    return " ".join(parts)
