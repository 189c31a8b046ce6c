"""The offline HTML page: one self-contained file for exploring a knowledge graph.

The page inlines vis-network (shipped inside the pyvis wheel) and fetches
nothing. The graph travels as JSON in a ``<script type="application/json">``
block and the page's own script builds every element with ``textContent``,
so names and sentences from the news (untrusted text) are never parsed as
HTML. The page offers a legend that doubles as a type filter, relation and
date filters, a search box, a side panel with each relation's source
sentences and documents, and a "neighbourhood" view.

Big graphs get a layout computed here (physics off in the browser) and are cut
to the best-connected ``MAX_NODES`` nodes, which the page header says.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, OutputError
from .outputs import write_atomic

if TYPE_CHECKING:
    import datetime as dt

    import networkx as nx
    from rdflib import Graph

    from .view import Source

__all__ = ["render_html", "write_html", "page_data", "viz", "Drawing", "MAX_NODES", "LARGE_GRAPH_NODES"]

# Above this many nodes the page draws the best-connected ones only: drawing
# and searching stay quick, and a build of a big archive does not stall here.
MAX_NODES = 5000
# Above this many nodes the browser's physics takes too long to settle (about
# a minute for 2,000 nodes), so positions are computed here and physics is off.
LARGE_GRAPH_NODES = 500

_SEED = 42
_MAX_SENTENCES = 5
_MAX_SENTENCE_CHARS = 300
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
_VIS = "templates/lib/vis-9.1.2"


@dataclass(frozen=True)
class _Style:
    zh: str
    en: str
    color: str
    shape: str  # a vis-network shape that scales with `size` and puts the label below
    symbol: str  # the same shape as a character, for the legend


_STYLES: dict[str, _Style] = {
    "Person": _Style("人物", "Person", "#4e79a7", "dot", "●"),
    "Organization": _Style("机构", "Organization", "#f28e2b", "square", "■"),
    "GovernmentOrganization": _Style("政府机构", "GovernmentOrganization", "#e15759", "triangle", "▲"),
    "Place": _Style("地点", "Place", "#59a14f", "triangleDown", "▼"),
    "Event": _Style("事件", "Event", "#9c4fb5", "star", "★"),
    "Date": _Style("日期", "Date", "#d4a017", "hexagon", "⬢"),
}
_OTHER = _Style("其他", "Other", "#9e9e9e", "diamond", "◆")


def render_html(
    graph: "nx.MultiDiGraph",
    *,
    title: str = "kg",
    source: "Graph | Source | None" = None,
    max_nodes: int = MAX_NODES,
) -> str:
    """Return a self-contained HTML page exploring ``graph``; same input, same text.

    ``graph`` is kg's networkx projection (:func:`kg.nx.to_networkx`).
    ``source``, the RDF graph it was projected from (or its
    :func:`kg.view.evidence`), pairs every sentence with its document's id,
    date and link; without it the page shows the projection's sentences and
    document titles.
    """
    data = page_data(graph, title=title, source=source, max_nodes=max_nodes)
    script, css = _vis_assets()
    parts = {
        # "/" too, so a URL in a title cannot read as a reference to fetch.
        "TITLE": html.escape(title, quote=True).replace("/", "&#47;"),
        "CSS": _CSS,
        "VIS_CSS": css,
        "VIS_JS": script,
        "DATA": _json_for_script(data),
        "SCRIPT": _PAGE_SCRIPT,
    }
    # One pass, so text inside one part is never taken for another part's placeholder.
    page = re.sub(r"%(TITLE|CSS|VIS_CSS|VIS_JS|DATA|SCRIPT)%", lambda m: parts[m[1]], _TEMPLATE)
    _check_offline(page)
    return page


def write_html(
    graph: "nx.MultiDiGraph",
    path: str | os.PathLike[str],
    *,
    title: str = "kg",
    source: "Graph | Source | None" = None,
    max_nodes: int = MAX_NODES,
) -> Path:
    """Render ``graph`` (see :func:`render_html`) and write it atomically to ``path``; return the path."""
    return write_atomic(path, render_html(graph, title=title, source=source, max_nodes=max_nodes))


@dataclass(frozen=True)
class Drawing:
    """What :func:`viz` drew: nodes and edges selected, of how many, into which file."""

    path: Path
    nodes: int
    edges: int
    total: int
    drawn: int

    def __str__(self) -> str:
        picked = f"{self.nodes} of {self.total} nodes" if self.nodes != self.total else f"{self.nodes} nodes"
        cut = f" (the {self.drawn} best-connected drawn)" if self.drawn < self.nodes else ""
        return f"{picked}, {self.edges} edges{cut}; wrote {self.path}"


def viz(
    graph_path: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    query: str | None = None,
    around: str | None = None,
    hops: int = 2,
    start: "dt.date | None" = None,
    end: "dt.date | None" = None,
    max_nodes: int = MAX_NODES,
    title: str | None = None,
) -> Drawing:
    """Draw (part of) a graph file into an HTML page at ``out``.

    Filters apply in this order: the SPARQL ``query`` (CONSTRUCT draws its
    triples, SELECT the nodes it names), the events starting between
    ``start`` and ``end`` with what they link, then the nodes within ``hops``
    of the one named ``around``.

    >>> viz("output/graph.ttl", "zhang.html", around="张三", hops=2)  # doctest: +SKIP
    """
    from . import view
    from .nx import to_networkx
    from .sparql import load_graph

    if max_nodes < 1:
        raise InputError(f"--max-nodes {max_nodes}: draw at least 1 node")
    rdf_graph = load_graph(graph_path)
    graph = to_networkx(rdf_graph)
    total = graph.number_of_nodes()
    notes = []
    if query is not None:
        graph = view.from_query(rdf_graph, graph, query)
        notes.append("查询 query")
    if start is not None or end is not None:
        graph = view.between(graph, start, end)
        notes.append(f"{start or '…'} – {end or '…'}")
    if around is not None:
        graph = view.around(graph, around, hops)
        notes.append(f"{around.strip()} ±{hops}")
    name = title or f"kg: {Path(graph_path).name}" + (f" ({'，'.join(notes)})" if notes else "")
    path = write_html(graph, out, title=name, source=rdf_graph, max_nodes=max_nodes)
    return Drawing(path=path, nodes=graph.number_of_nodes(), edges=graph.number_of_edges(), total=total,
                   drawn=min(max_nodes, graph.number_of_nodes()))


# --- the data the page draws -------------------------------------------------------------


def page_data(
    graph: "nx.MultiDiGraph",
    *,
    title: str = "kg",
    source: "Graph | Source | None" = None,
    max_nodes: int = MAX_NODES,
) -> dict[str, Any]:
    """The JSON object embedded in the page: nodes, edges, sentences, documents, legend."""
    from .view import Source, evidence, top_by_degree

    if source is not None and not isinstance(source, Source):
        source = evidence(source)
    shown = top_by_degree(graph, max_nodes)
    order = sorted(shown.nodes, key=str)
    ids = {node: f"n{i}" for i, node in enumerate(order)}
    large = len(order) > LARGE_GRAPH_NODES
    tables = _Tables(source)
    positions = _hub_layout(shown) if large else {}
    nodes = [_node(shown, node, ids[node], positions.get(node), tables) for node in order]
    edges = _edges(shown, ids, tables)
    types: dict[str, int] = {}
    for node in order:
        key = str(shown.nodes[node].get("type") or "Other")
        types[key] = types.get(key, 0) + 1
    relations: dict[str, list[Any]] = {}
    for edge in edges:
        for rel in edge["rels"]:
            relations.setdefault(rel["key"], [rel["label"], 0])[1] += 1
    return {
        "title": title,
        "total": {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()},
        "physics": not large,
        "nodes": nodes,
        "edges": edges,
        "sentences": tables.sentences,
        "docs": tables.docs,
        "types": [_type_entry(key, n) for key, n in sorted(types.items(), key=_type_order)],
        "relations": [{"key": k, "label": v[0], "count": v[1]} for k, v in sorted(relations.items())],
    }


class _Tables:
    """Sentences and documents stored once and referred to by index (a sentence backs many facts)."""

    def __init__(self, source: "Source | None") -> None:
        self.source = source
        self.sentences: list[str] = []
        self.docs: list[dict[str, str]] = []
        self._sentence_ids: dict[str, int] = {}
        self._doc_ids: dict[str, int] = {}

    def sentence(self, text: str) -> int:
        text = _shorten(text)
        if text not in self._sentence_ids:
            self._sentence_ids[text] = len(self.sentences)
            self.sentences.append(text)
        return self._sentence_ids[text]

    def doc(self, key: str) -> int:
        """Index of a document by IRI (with a source) or by the name the projection gives."""
        if key not in self._doc_ids:
            found = self.source.documents.get(key) if self.source else None
            if found is not None:
                url = found.url if re.match(r"https?://", found.url, re.I) else ""
                entry = {"id": found.id, "title": found.title, "date": found.date, "url": url}
            else:
                entry = {"id": key, "title": "", "date": "", "url": ""}
            self._doc_ids[key] = len(self.docs)
            self.docs.append(entry)
        return self._doc_ids[key]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _texts(value: Any) -> list[str]:
    """A list attribute as clean strings; a lone string counts as a one-item list."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    return [t for t in (_text(item) for item in items) if t]


def _shorten(sentence: str) -> str:
    sentence = _text(sentence)
    return sentence if len(sentence) <= _MAX_SENTENCE_CHARS else sentence[:_MAX_SENTENCE_CHARS] + "…"


def _style(node_type: Any) -> _Style:
    return _STYLES.get(str(node_type), _OTHER)


def _type_order(item: tuple[str, int]) -> tuple[int, str]:
    keys = list(_STYLES)
    return (keys.index(item[0]) if item[0] in keys else len(keys), item[0])


def _type_entry(key: str, count: int) -> dict[str, Any]:
    style = _style(key)
    return {"key": key, "zh": style.zh, "en": style.en if style is not _OTHER else key, "color": style.color,
            "shape": style.shape, "symbol": style.symbol, "count": count}


def _node_size(degree: int, is_event: bool) -> float:
    size = 10 + 4 * math.sqrt(degree)
    if is_event:  # events are the hubs of a news graph: make them stand out
        size = size * 1.5 + 6
    return round(min(size, 60), 1)


def _node(graph: "nx.MultiDiGraph", node: Any, vis_id: str, xy: tuple[float, float] | None, tables: _Tables) -> dict[str, Any]:
    attrs = graph.nodes[node]
    key = str(attrs.get("type") or "Other")
    degree = graph.degree(node)
    item: dict[str, Any] = {
        "id": vis_id,
        "iri": str(node),
        "label": _text(attrs.get("label")) or str(node),
        "type": key,
        "degree": degree,
        "size": _node_size(degree, key == "Event"),
    }
    for name in ("aliases", "positions"):
        values = _texts(attrs.get(name))
        if values:
            item[name] = values
    for name, out in (("kind", "kind"), ("start_date", "start"), ("end_date", "end")):
        if _text(attrs.get(name)):
            item[out] = _text(attrs.get(name))
    mentioned = tables.source.mentions.get(str(node), []) if tables.source else _texts(attrs.get("documents"))
    if mentioned:
        item["docs"] = [tables.doc(d) for d in mentioned]
    if xy is not None:
        item["x"], item["y"] = xy
    return item


def _edges(graph: "nx.MultiDiGraph", ids: dict[Any, str], tables: _Tables) -> list[dict[str, Any]]:
    """One drawn edge per (source, target) pair, listing each fact on it (they would overlap)."""
    if graph.is_multigraph():
        all_edges = graph.edges(keys=True, data=True)
    else:  # tolerate a plain DiGraph too
        all_edges = ((u, v, 0, attrs) for u, v, attrs in graph.edges(data=True))
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for u, v, _key, attrs in sorted(all_edges, key=_edge_sort_key):
        rel_key = _text(attrs.get("predicate")) or _relation(attrs)
        rel: dict[str, Any] = {"key": rel_key, "label": _relation(attrs)}
        facts = tables.source.facts.get((str(u), str(v), rel_key)) if tables.source else None
        if facts:
            pairs_ = [(tables.sentence(s), tables.doc(d)) for s, d in facts if s]
        else:
            pairs_ = [(tables.sentence(s), -1) for s in _texts(attrs.get("sentences"))]
            docs = [tables.doc(d) for d in _texts(attrs.get("documents"))]
            if docs:
                rel["docs"] = docs
        rel["ev"] = [list(p) for p in pairs_[:_MAX_SENTENCES]]
        if len(pairs_) > _MAX_SENTENCES:
            rel["more"] = len(pairs_) - _MAX_SENTENCES
        group = pairs.setdefault((ids[u], ids[v]), [])
        if all(r["key"] != rel["key"] for r in group):
            group.append(rel)
    return [
        {"id": f"e{i}", "from": src, "to": dst, "label": "、".join(_unique(r["label"] for r in rels)), "rels": rels}
        for i, ((src, dst), rels) in enumerate(sorted(pairs.items(), key=lambda kv: (_num(kv[0][0]), _num(kv[0][1]))))
    ]


def _num(vis_id: str) -> int:
    return int(vis_id[1:])


def _unique(items: Any) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def _edge_sort_key(edge: tuple[Any, Any, Any, dict[str, Any]]) -> tuple[str, ...]:
    u, v, key, attrs = edge
    return (str(u), str(v), _text(attrs.get("predicate")), _relation(attrs), str(key))


def _relation(attrs: dict[str, Any]) -> str:
    return _text(attrs.get("label")) or _text(attrs.get("predicate")) or "关系"


def _json_for_script(data: dict[str, Any]) -> str:
    """JSON that cannot end its <script> element or spell a URL: "<", ">", "&" and "/" are escaped."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # These characters only occur inside JSON strings, where the escapes mean the same.
    return (
        text.replace("/", "\\/").replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


# --- layout ------------------------------------------------------------------------------


def _spiral(index: int, spacing: float) -> tuple[float, float]:
    """Point ``index`` of a sunflower spiral: evenly spread, no randomness."""
    radius = spacing * math.sqrt(index)
    angle = index * _GOLDEN_ANGLE
    return radius * math.cos(angle), radius * math.sin(angle)


def _hub_layout(graph: "nx.MultiDiGraph") -> dict[Any, tuple[float, float]]:
    """Deterministic O(nodes + edges) layout for big graphs (numpy is not a dependency).

    Hubs lie on a sunflower spiral: events in date order first, then the
    best-connected node of each component without events, biggest first, and
    lone nodes last, so the rim holds what is linked to nothing. The other
    nodes are placed breadth-first from the hubs, each at the centre of its
    placed neighbours on a small spiral of its own, so that the satellites of
    one hub do not pile up.
    """
    import networkx as nx

    undirected = graph.to_undirected(as_view=True)
    events = sorted(
        (n for n, attrs in graph.nodes(data=True) if attrs.get("type") == "Event"),
        key=lambda n: (_text(graph.nodes[n].get("start_date")), str(n)),
    )
    with_events = set()
    for hub in events:
        if hub not in with_events:
            with_events.update(nx.node_connected_component(undirected, hub))
    others = [sorted(c, key=str) for c in nx.connected_components(undirected) if not c & with_events]
    others.sort(key=lambda c: (-len(c), str(c[0])))
    extra = [min(c, key=lambda n: (-graph.degree(n), str(n))) for c in others]
    hubs = events + extra
    positions = {hub: _spiral(i, 260.0) for i, hub in enumerate(hubs)}
    crowd: dict[Any, int] = {}  # satellites already placed around each anchor
    frontier = list(hubs)
    while frontier:
        following = []
        for node in frontier:
            # Satellites start clear of their anchor's own symbol.
            base = _node_size(graph.degree(node), graph.nodes[node].get("type") == "Event") + 24
            for near in sorted(undirected.neighbors(node), key=str):
                if near in positions:
                    continue
                placed = [n for n in undirected.neighbors(near) if n in positions]
                cx = sum(positions[n][0] for n in placed) / len(placed)
                cy = sum(positions[n][1] for n in placed) / len(placed)
                k = crowd[node] = crowd.get(node, 0) + 1
                radius, angle = base + 36.0 * math.sqrt(k - 1), k * _GOLDEN_ANGLE
                positions[near] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
                following.append(near)
        frontier = following
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in positions.items()}


# --- the vis-network library, inlined ---------------------------------------------------

_URL_SCHEME = re.compile(r"\b(https?):(?:/|\\/)(?:/|\\/)", re.I)
_FETCHES = re.compile(r"\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//|url\(\s*[\"']?\s*(?:https?:)?//|@import\b", re.I)


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS from the pyvis wheel, made safe to inline."""
    from importlib.resources import files

    base = files("pyvis").joinpath(_VIS)
    try:
        script = base.joinpath("vis-network.min.js").read_text(encoding="utf-8")
        css = base.joinpath("vis-network.css").read_text(encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"vis-network is missing from the installed pyvis ({exc}); reinstall pyvis 0.3.2") from None
    script = re.sub(r"//# sourceMappingURL=\S*", "", script)
    css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
    # The library's only URLs are licence comments, error messages and the SVG
    # namespace, none of them fetched. In JS strings and comments "\/" means "/",
    # so this leaves the code as it was and no "http://" text in the page.
    script = _URL_SCHEME.sub(lambda m: f"{m.group(1)}:\\/\\/", script)
    if re.search(r"</script|<!--", script, re.I) or re.search(r"</style", css, re.I):
        raise OutputError("the vis-network bundled with pyvis cannot be inlined; reinstall pyvis 0.3.2")
    return script, css


def _check_offline(page: str) -> None:
    """Prove the page fetches nothing remote (a pyvis upgrade could bring new URLs)."""
    if _FETCHES.search(page) or re.search(r"https?://", page, re.I):
        raise OutputError("the HTML page would reference a remote resource; pyvis's vis-network changed unexpectedly")


# --- the page ----------------------------------------------------------------------------

_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%TITLE%</title>
<style>%VIS_CSS%</style>
<style>%CSS%</style>
<script>%VIS_JS%</script>
</head>
<body>
<header class="kg-header">
  <h1>%TITLE%</h1>
  <p id="kg-summary"></p>
  <div class="kg-tools">
    <form id="kg-search" role="search" autocomplete="off">
      <input id="kg-query" type="search" placeholder="搜索名称（可输入部分）Search names" aria-label="搜索 Search">
      <button type="submit">搜索</button>
      <ul id="kg-matches" hidden></ul>
    </form>
    <fieldset id="kg-dates" hidden>
      <legend>事件日期 Event dates</legend>
      <input id="kg-from" type="date" aria-label="起 From"> – <input id="kg-to" type="date" aria-label="止 To">
      <button type="button" id="kg-all-dates">全部</button>
      <div id="kg-timeline" aria-label="时间轴 Timeline"></div>
    </fieldset>
    <button type="button" id="kg-fit">全图 Fit</button>
  </div>
  <div class="kg-filters">
    <fieldset><legend>图例 · 类型 Legend · types</legend><ul id="kg-types" class="kg-legend"></ul></fieldset>
    <fieldset><legend>关系 Relations</legend><ul id="kg-relations" class="kg-legend"></ul></fieldset>
  </div>
</header>
<main class="kg-main">
  <div id="kg-network"></div>
  <aside id="kg-panel" aria-live="polite"><p class="kg-hint">点击节点查看名称、关系与来源句子。Click a node for its relations and sources.</p></aside>
</main>
<script type="application/json" id="kg-data">%DATA%</script>
<script>%SCRIPT%</script>
</body>
</html>
"""

_CSS = """
html, body { height: 100%; margin: 0; }
body { display: flex; flex-direction: column; color: #222;
  font-family: system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; }
.kg-header { padding: 6px 14px; border-bottom: 1px solid #ddd; font-size: 13px; }
.kg-header h1 { font-size: 19px; margin: 2px 0 4px; }
.kg-header p { margin: 2px 0; color: #555; }
.kg-header p.kg-note { color: #a05a00; }
.kg-tools, .kg-filters { display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: flex-start; margin: 4px 0; }
fieldset { border: 1px solid #ddd; border-radius: 4px; padding: 2px 8px 4px; margin: 0; }
legend { color: #666; font-size: 12px; padding: 0 4px; }
#kg-search { position: relative; }
#kg-query { width: 16em; padding: 3px 6px; }
#kg-matches { position: absolute; z-index: 20; left: 0; top: 100%; min-width: 18em; max-height: 50vh; overflow: auto;
  margin: 2px 0; padding: 2px 0; list-style: none; background: #fff; border: 1px solid #bbb; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
#kg-matches li { padding: 3px 8px; cursor: pointer; }
#kg-matches li:hover, #kg-matches li.kg-active { background: #e8f0fe; }
#kg-matches li.kg-none { color: #888; cursor: default; }
#kg-matches .kg-symbol { margin-right: 4px; }
.kg-legend { display: flex; flex-wrap: wrap; gap: 2px 14px; margin: 0; padding: 0; list-style: none; }
.kg-legend label { cursor: pointer; white-space: nowrap; }
.kg-legend .kg-symbol { font-size: 15px; margin: 0 3px; }
.kg-count { color: #888; font-size: 11px; margin-left: 2px; }
#kg-timeline { display: flex; align-items: flex-end; gap: 1px; height: 28px; margin-top: 3px; max-width: 40em; }
#kg-timeline button { flex: 1 1 0; min-width: 3px; padding: 0; border: 0; background: #c9b3d6; cursor: pointer; }
#kg-timeline button:hover, #kg-timeline button.kg-on { background: #9c4fb5; }
.kg-main { flex: 1 1 auto; display: flex; min-height: 0; }
#kg-network { flex: 1 1 auto; min-width: 0; position: relative; }
#kg-panel { flex: 0 0 360px; overflow: auto; border-left: 1px solid #ddd; padding: 8px 12px; font-size: 13px; line-height: 1.5; }
#kg-panel h2 { font-size: 18px; margin: 4px 0; overflow-wrap: anywhere; }
#kg-panel h3 { font-size: 14px; margin: 10px 0 4px; border-bottom: 1px solid #eee; }
#kg-panel dl { margin: 4px 0; display: grid; grid-template-columns: max-content 1fr; gap: 2px 8px; }
#kg-panel dt { color: #666; }
#kg-panel dd { margin: 0; overflow-wrap: anywhere; }
#kg-panel .kg-iri { color: #888; font-size: 11px; }
#kg-panel ul { margin: 2px 0; padding-left: 1.1em; }
#kg-panel li.kg-rel { margin: 6px 0; }
#kg-panel blockquote { margin: 2px 0 2px 0; padding: 1px 6px; border-left: 3px solid #c9b3d6; background: #faf7fc; }
#kg-panel .kg-doc { color: #666; font-size: 12px; }
#kg-panel .kg-hint, #kg-panel .kg-more { color: #888; }
#kg-panel .kg-actions { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; margin: 6px 0; }
button.kg-link { border: 0; background: none; padding: 0; color: #1a56c4; cursor: pointer; font: inherit; text-decoration: underline; }
.kg-empty { color: #b00; font-size: 16px; }
div.vis-tooltip { max-width: 420px; white-space: pre-line; font-family: inherit; font-size: 13px; line-height: 1.5; }
"""

_PAGE_SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var kg = window.kg = {data: data, ready: false, animating: false};
  var byId = {}, edgeById = {}, edgesOf = {}, typeInfo = {};
  data.types.forEach(function (t) { typeInfo[t.key] = t; });
  data.nodes.forEach(function (n) { byId[n.id] = n; edgesOf[n.id] = []; });
  data.edges.forEach(function (e) {
    edgeById[e.id] = e;
    edgesOf[e.from].push(e);
    if (e.to !== e.from) edgesOf[e.to].push(e);
  });
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, text, cls) {
    var x = document.createElement(tag);
    if (text !== undefined && text !== null) x.textContent = text;
    if (cls) x.className = cls;
    return x;
  }
  function typeName(key) {
    var t = typeInfo[key];
    return t ? t.zh + " " + t.en : key;
  }
  function symbol(key) {
    var t = typeInfo[key], s = el("span", t ? t.symbol : "◆", "kg-symbol");
    s.style.color = t ? t.color : "#9e9e9e";
    return s;
  }
  function dates(n) {
    if (!n.start) return "";
    return n.end && n.end !== n.start ? n.start + " – " + n.end : n.start;
  }

  // --- the network -------------------------------------------------------------------
  function nodeTip(n) {
    var lines = [n.label, typeName(n.type) + (n.kind ? " · " + n.kind : "")];
    if (n.aliases) lines.push("别名：" + n.aliases.slice(0, 5).join("、"));
    if (n.positions) lines.push("职务：" + n.positions.slice(0, 3).join("、"));
    if (n.start) lines.push("日期：" + dates(n));
    lines.push(n.degree + " 条关系 · 点击查看来源");
    return lines.join("\n");
  }
  function edgeTip(e) {
    var lines = [byId[e.from].label + " → " + e.label + " → " + byId[e.to].label];
    e.rels.forEach(function (r) {
      if (r.ev.length) lines.push("“" + data.sentences[r.ev[0][0]] + "”");
    });
    return lines.join("\n");
  }
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var t = typeInfo[n.type], color = t ? t.color : "#9e9e9e";
    var item = {
      id: n.id, label: n.label, shape: t ? t.shape : "diamond", size: n.size, title: nodeTip(n),
      color: {background: color, border: color, highlight: {background: color, border: "#222"},
              hover: {background: color, border: "#222"}},
      // Bigger labels on hubs: they stay readable when zoomed out, the rest appear on zoom.
      font: {size: Math.min(12 + 2 * Math.sqrt(n.degree), 30)}
    };
    if (n.x !== undefined) { item.x = n.x; item.y = n.y; }
    return item;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return {id: e.id, from: e.from, to: e.to, label: e.label, title: edgeTip(e)};
  }));
  var large = !data.physics;
  var options = {
    nodes: {borderWidth: 1, font: {face: "system-ui, 'WenQuanYi Micro Hei', sans-serif"},
            scaling: {label: {drawThreshold: 7}}},
    edges: {
      arrows: {to: {enabled: true, scaleFactor: 0.5}},
      color: {color: "#a0a0a0", highlight: "#333333", hover: "#333333"},
      font: {size: 11, align: "middle", strokeWidth: 3, color: "#555555"},
      smooth: large ? false : {enabled: true, type: "continuous"}
    },
    physics: large ? {enabled: false} : {
      enabled: true, solver: "forceAtlas2Based",
      forceAtlas2Based: {gravitationalConstant: -80, springLength: 120, avoidOverlap: 0.3},
      stabilization: {enabled: true, iterations: 400, fit: true}
    },
    layout: {randomSeed: 42, improvedLayout: !large},
    interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: large, hideEdgesOnZoom: large}
  };
  var network = new vis.Network($("kg-network"), {nodes: nodes, edges: edges}, options);
  kg.network = network; kg.nodes = nodes; kg.edges = edges;
  function ready() {
    if (kg.ready) return;
    kg.ready = true;
    kg.readyAt = performance.now();
    document.body.setAttribute("data-ready", "1");
  }
  if (!large && data.nodes.length) {
    // Let the layout settle, then freeze it so nodes stay where they were drawn.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: false});
      network.once("afterDrawing", ready);
      network.redraw();
    });
  } else {
    network.once("afterDrawing", ready);
  }
  network.on("animationFinished", function () { kg.animating = false; });

  // --- header: summary and legend/filters -------------------------------------------------
  var summary = $("kg-summary");
  function setSummary(visible) {
    summary.textContent = "";
    if (!data.nodes.length) {
      summary.appendChild(el("span", "图为空：没有可显示的节点。The graph is empty.", "kg-empty"));
      return;
    }
    var text = data.nodes.length + " 个节点，" + data.edges.length + " 条连线";
    if (visible !== undefined && visible !== data.nodes.length) text += "（当前显示 " + visible + " 个节点）";
    summary.appendChild(el("span", text + "。悬停查看简介，点击查看关系与来源句子；滚轮缩放，拖动平移。"));
    if (data.total.nodes > data.nodes.length) {
      summary.appendChild(el("p", "图共有 " + data.total.nodes + " 个节点，这里只画出关系最多的 " +
        data.nodes.length + " 个。The graph has " + data.total.nodes + " nodes; the " + data.nodes.length +
        " best-connected are drawn. Narrow it with kg viz --around/--from/--to/--query.", "kg-note"));
    }
  }
  var state = {types: {}, rels: {}, from: "", to: "", focus: null, hops: 1};
  kg.state = state;
  function checkList(listId, items, onChange, withSymbol) {
    var list = $(listId);
    items.forEach(function (item) {
      var li = el("li"), label = el("label"), box = el("input");
      box.type = "checkbox"; box.checked = true; box.value = item.key;
      box.addEventListener("change", function () { onChange(item.key, box.checked); });
      label.appendChild(box);
      if (withSymbol) label.appendChild(symbol(item.key));
      label.appendChild(el("span", withSymbol ? item.zh + " " + item.en : item.label));
      label.appendChild(el("span", String(item.count), "kg-count"));
      li.appendChild(label);
      list.appendChild(li);
    });
  }
  data.types.forEach(function (t) { state.types[t.key] = true; });
  data.relations.forEach(function (r) { state.rels[r.key] = true; });
  checkList("kg-types", data.types, function (key, on) { state.types[key] = on; apply(); }, true);
  checkList("kg-relations", data.relations, function (key, on) { state.rels[key] = on; apply(); }, false);

  // --- dates and timeline -------------------------------------------------------------------
  var eventDays = data.nodes.filter(function (n) { return n.type === "Event" && n.start; })
    .map(function (n) { return n.start.slice(0, 10); }).sort();
  if (eventDays.length) {
    var first = eventDays[0], last = eventDays[eventDays.length - 1];
    $("kg-dates").hidden = false;
    [$("kg-from"), $("kg-to")].forEach(function (input) { input.min = first; input.max = last; });
    $("kg-from").value = first; $("kg-to").value = last;
    state.from = first; state.to = last;
    var byMonth = (Date.parse(last) - Date.parse(first)) / 864e5 > 62;
    var buckets = {};
    eventDays.forEach(function (d) { var k = byMonth ? d.slice(0, 7) : d; buckets[k] = (buckets[k] || 0) + 1; });
    var keys = Object.keys(buckets).sort(), most = Math.max.apply(null, keys.map(function (k) { return buckets[k]; }));
    keys.forEach(function (k) {
      var bar = el("button");
      bar.type = "button";
      bar.title = k + "：" + buckets[k] + " 个事件";
      bar.style.height = Math.max(3, Math.round(28 * buckets[k] / most)) + "px";
      bar.addEventListener("click", function () {
        var lo = byMonth ? k + "-01" : k, hi = byMonth ? k + "-31" : k;
        setDates(lo < first ? first : lo, hi > last ? last : hi);
      });
      $("kg-timeline").appendChild(bar);
    });
    $("kg-from").addEventListener("change", function () { setDates($("kg-from").value, state.to); });
    $("kg-to").addEventListener("change", function () { setDates(state.from, $("kg-to").value); });
    $("kg-all-dates").addEventListener("click", function () { setDates(first, last); });
  }
  function setDates(lo, hi) {
    state.from = lo || ""; state.to = hi || "";
    $("kg-from").value = state.from; $("kg-to").value = state.to;
    Array.prototype.forEach.call($("kg-timeline").children, function (bar) {
      var k = bar.title.split("：")[0];
      bar.classList.toggle("kg-on", (k + "-31").slice(0, 10) >= state.from && k.slice(0, 10) <= state.to &&
        !(state.from === eventDays[0] && state.to === eventDays[eventDays.length - 1]));
    });
    apply();
  }

  // --- filtering ---------------------------------------------------------------------------
  function other(e, id) { return e.from === id ? e.to : e.from; }
  function relOn(e) { return e.rels.some(function (r) { return state.rels[r.key]; }); }
  function inDates(n) {
    if (n.type !== "Event" || !n.start) return true;
    var d = n.start.slice(0, 10);
    return (!state.from || d >= state.from) && (!state.to || d <= state.to);
  }
  function visibleNodes() {
    var show = {};
    data.nodes.forEach(function (n) {
      if (!state.types[n.type] || !inDates(n)) return;
      // A node all of whose events fall outside the dates goes with them.
      var events = edgesOf[n.id].map(function (e) { return byId[other(e, n.id)]; })
        .filter(function (m) { return m.type === "Event" && m.start; });
      if (n.type !== "Event" && events.length && !events.some(inDates)) return;
      show[n.id] = true;
    });
    kg.layers = null;
    if (state.focus && show[state.focus]) {
      var reach = {}, frontier = [state.focus];
      reach[state.focus] = true;
      kg.layers = [frontier];
      for (var hop = 0; hop < state.hops && frontier.length; hop++) {
        var next = [];
        frontier.forEach(function (id) {
          edgesOf[id].forEach(function (e) {
            var m = other(e, id);
            if (show[m] && !reach[m] && relOn(e)) { reach[m] = id; next.push(m); }
          });
        });
        if (next.length) kg.layers.push(next);
        frontier = next;
      }
      kg.parent = reach;
      show = {};
      Object.keys(reach).forEach(function (id) { show[id] = true; });
    }
    return show;
  }
  function apply() {
    var show = visibleNodes(), nodeUpdates = [], edgeUpdates = [], count = 0;
    data.nodes.forEach(function (n) {
      var hidden = !show[n.id];
      if (!hidden) count++;
      if (!!n.hidden !== hidden) { n.hidden = hidden; nodeUpdates.push({id: n.id, hidden: hidden}); }
    });
    data.edges.forEach(function (e) {
      var hidden = !(show[e.from] && show[e.to] && relOn(e));
      if (!!e.hidden !== hidden) { e.hidden = hidden; edgeUpdates.push({id: e.id, hidden: hidden}); }
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    if (kg.layers) layoutAround(kg.layers, kg.parent); else restoreLayout();
    kg.visible = count;
    setSummary(count);
  }
  kg.apply = apply;

  // The neighbourhood is laid out in rings around its centre (the global layout
  // scatters a busy node's neighbours); "show all" puts every node back.
  var home = null;
  function layoutAround(layers, parent) {
    if (!home) home = network.getPositions();
    var centre = home[layers[0][0]], angle = {}, radius = 0, updates = [];
    angle[layers[0][0]] = 0;
    updates.push({id: layers[0][0], x: centre.x, y: centre.y});
    layers.slice(1).forEach(function (layer) {
      layer.sort(function (a, b) {
        return angle[parent[a]] - angle[parent[b]] || (byId[a].label < byId[b].label ? -1 : 1);
      });
      radius = Math.max(radius + 200, layer.length * 70 / (2 * Math.PI));
      layer.forEach(function (id, i) {
        var a = angle[id] = 2 * Math.PI * i / layer.length;
        updates.push({id: id, x: centre.x + radius * Math.cos(a), y: centre.y + radius * Math.sin(a)});
      });
    });
    nodes.update(updates);
  }
  function restoreLayout() {
    if (!home) return;
    var saved = home;
    home = null;
    nodes.update(Object.keys(saved).map(function (id) { return {id: id, x: saved[id].x, y: saved[id].y}; }));
  }
  function showAll() {
    state.focus = null;
    Object.keys(state.types).forEach(function (k) { state.types[k] = true; });
    Object.keys(state.rels).forEach(function (k) { state.rels[k] = true; });
    document.querySelectorAll(".kg-legend input").forEach(function (box) { box.checked = true; });
    if (eventDays.length) setDates(eventDays[0], eventDays[eventDays.length - 1]); else apply();
  }

  // --- selecting and the side panel ---------------------------------------------------------
  function select(id, focus) {
    var n = byId[id];
    if (!n) return;
    if (n.hidden) showAll();
    network.selectNodes([id]);
    if (focus) {
      // vis-network animates frame by frame: on a big graph each frame is a full redraw, so jump.
      kg.animating = !large;
      network.focus(id, {scale: Math.max(network.getScale(), 1.2),
                         animation: large ? false : {duration: 400, easingFunction: "easeInOutQuad"}});
    }
    showPanel(id);
  }
  kg.select = select;
  function fitVisible() {
    // Not network.fit(): it measures nodes as last drawn, and nodes just moved
    // outside the view were not drawn there.
    var ids = nodes.getIds({filter: function (x) { return !x.hidden; }});
    if (!ids.length) return;
    var pos = network.getPositions(ids), box = $("kg-network");
    var xs = ids.map(function (id) { return pos[id].x; }), ys = ids.map(function (id) { return pos[id].y; });
    var minX = Math.min.apply(null, xs), maxX = Math.max.apply(null, xs);
    var minY = Math.min.apply(null, ys), maxY = Math.max.apply(null, ys), pad = 120;
    var scale = Math.min(box.clientWidth / (maxX - minX + 2 * pad), box.clientHeight / (maxY - minY + 2 * pad), 1.5);
    network.moveTo({position: {x: (minX + maxX) / 2, y: (minY + maxY) / 2}, scale: scale, animation: false});
  }
  kg.fit = fitVisible;
  function nodeLink(id) {
    var b = el("button", byId[id].label, "kg-link");
    b.type = "button";
    b.addEventListener("click", function () { select(id, true); });
    return b;
  }
  function docLine(index) {
    var d = data.docs[index], line = el("div", null, "kg-doc");
    line.appendChild(el("span", "文档 " + d.id + (d.title && d.title !== d.id ? "《" + d.title + "》" : "") +
      (d.date ? " " + d.date : "")));
    if (d.url && /^https?:\/\//i.test(d.url)) {
      var a = el("a", "原文");
      a.href = d.url; a.target = "_blank"; a.rel = "noopener noreferrer";
      line.appendChild(document.createTextNode(" · "));
      line.appendChild(a);
    }
    return line;
  }
  function showPanel(id) {
    var n = byId[id], panel = $("kg-panel");
    panel.textContent = "";
    var h = el("h2");
    h.appendChild(symbol(n.type));
    h.appendChild(el("span", n.label));
    panel.appendChild(h);
    var dl = el("dl");
    function row(name, value) {
      if (!value) return;
      dl.appendChild(el("dt", name));
      dl.appendChild(el("dd", value));
    }
    row("类型", typeName(n.type) + (n.kind ? " · " + n.kind : ""));
    row("名称", [n.label].concat(n.aliases || []).join("、"));
    row("别名", (n.aliases || []).join("、"));
    row("职务", (n.positions || []).join("、"));
    row("日期", dates(n));
    row("关系", String(edgesOf[id].length));
    panel.appendChild(dl);
    panel.appendChild(el("div", n.iri, "kg-iri"));

    var actions = el("div", null, "kg-actions"), near = el("button", "只看邻域 Neighbourhood"), hops = el("select");
    near.type = "button";
    [1, 2, 3].forEach(function (k) {
      var o = el("option", k + " 跳"); o.value = String(k); hops.appendChild(o);
    });
    hops.value = String(state.hops);
    near.addEventListener("click", function () {
      state.focus = id; state.hops = Number(hops.value); apply(); fitVisible();
    });
    var all = el("button", "显示全部 Show all");
    all.type = "button";
    all.addEventListener("click", function () { showAll(); fitVisible(); });
    actions.appendChild(near); actions.appendChild(hops); actions.appendChild(all);
    panel.appendChild(actions);

    panel.appendChild(el("h3", "关系与来源 Relations and sources"));
    var rels = el("ul");
    edgesOf[id].slice().sort(function (a, b) {
      var ka = a.label + byId[other(a, id)].label, kb = b.label + byId[other(b, id)].label;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    }).forEach(function (e) {
      // Facts of one edge read from the same sentences are listed once (出席、主办).
      var groups = [];
      e.rels.forEach(function (r) {
        var key = JSON.stringify([r.ev, r.docs || [], r.more || 0]);
        var g = groups.filter(function (x) { return x.key === key; })[0];
        if (g) g.labels.push(r.label); else groups.push({key: key, labels: [r.label], rel: r});
      });
      groups.forEach(function (g) {
        var r = g.rel, li = el("li", null, "kg-rel"), head = el("div");
        head.appendChild(e.from === id ? el("b", n.label) : nodeLink(e.from));
        head.appendChild(el("span", " → " + g.labels.join("、") + " → "));
        head.appendChild(e.to === id ? el("b", n.label) : nodeLink(e.to));
        li.appendChild(head);
        r.ev.forEach(function (pair) {
          li.appendChild(el("blockquote", data.sentences[pair[0]]));
          if (pair[1] >= 0) li.appendChild(docLine(pair[1]));
        });
        (r.docs || []).forEach(function (d) { li.appendChild(docLine(d)); });
        if (r.more) li.appendChild(el("div", "另有 " + r.more + " 句 (" + r.more + " more)", "kg-more"));
        rels.appendChild(li);
      });
    });
    if (!edgesOf[id].length) rels.appendChild(el("li", "（没有关系）", "kg-hint"));
    panel.appendChild(rels);
    if (n.docs && n.docs.length) {
      panel.appendChild(el("h3", "出现于 Mentioned in"));
      var docs = el("ul");
      n.docs.slice(0, 50).forEach(function (d) { var li = el("li"); li.appendChild(docLine(d)); docs.appendChild(li); });
      if (n.docs.length > 50) docs.appendChild(el("li", "另有 " + (n.docs.length - 50) + " 篇", "kg-more"));
      panel.appendChild(docs);
    }
  }
  network.on("click", function (params) {
    if (params.nodes.length) showPanel(params.nodes[0]);
  });

  // --- search ---------------------------------------------------------------------------------
  var names = data.nodes.map(function (n) {
    return {id: n.id, all: [n.label].concat(n.aliases || []).map(function (s) { return s.toLowerCase(); })};
  });
  function matches(query) {
    var q = query.trim().toLowerCase();
    if (!q) return [];
    var found = [];
    names.forEach(function (entry) {
      var rank = 3;
      entry.all.forEach(function (s) {
        if (s === q) rank = Math.min(rank, 0);
        else if (s.indexOf(q) === 0) rank = Math.min(rank, 1);
        else if (s.indexOf(q) > 0) rank = Math.min(rank, 2);
      });
      if (rank < 3) found.push({id: entry.id, rank: rank});
    });
    found.sort(function (a, b) {
      return a.rank - b.rank || byId[b.id].degree - byId[a.id].degree || (byId[a.id].label < byId[b.id].label ? -1 : 1);
    });
    return found.map(function (f) { return f.id; });
  }
  kg.matches = matches;
  var list = $("kg-matches");
  function showMatches(ids) {
    list.textContent = "";
    ids.slice(0, 20).forEach(function (id) {
      var li = el("li");
      li.appendChild(symbol(byId[id].type));
      li.appendChild(el("span", byId[id].label));
      if (byId[id].hidden) li.appendChild(el("span", " （已隐藏）", "kg-count"));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); list.hidden = true; select(id, true); });
      list.appendChild(li);
    });
    if (ids.length > 20) list.appendChild(el("li", "另有 " + (ids.length - 20) + " 个结果", "kg-none"));
    if (!ids.length) list.appendChild(el("li", "没有匹配的名称 No match", "kg-none"));
    list.hidden = false;
  }
  $("kg-query").addEventListener("input", function () {
    var q = $("kg-query").value;
    if (q.trim()) showMatches(matches(q)); else list.hidden = true;
  });
  $("kg-query").addEventListener("blur", function () { list.hidden = true; });
  $("kg-search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var found = matches($("kg-query").value);
    if (found.length) { list.hidden = true; select(found[0], true); } else showMatches(found);
  });
  $("kg-fit").addEventListener("click", fitVisible);
  setSummary();
})();
"""
