"""The HTML view: offline, escaped, deterministic."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from kg import html as kg_html
from kg.html import render_html, write_html

EVIL = '<script>alert(1)</script>"quotes"&'
EX = "http://example.org/kg/"


def _graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node(EX + "p1", label="张三", type="Person", aliases=["老张"], positions=["某某局局长"], documents=["doc-1"])
    g.add_node(EX + "p2", label="李四", type="Person")
    g.add_node(EX + "o1", label="某某公司", type="Organization")
    g.add_node(EX + "g1", label="某某市政府", type="GovernmentOrganization")
    g.add_node(EX + "pl1", label="某某市", type="Place")
    g.add_node(
        EX + "e1", label="某某论坛", type="Event", kind="Forum", start_date="2024-05-01", end_date="2024-05-02"
    )
    g.add_node(EX + "d1", label="2024-05-01", type="Date")
    g.add_node(EX + "x1", label=EVIL, type="Mystery")
    sentence = "张三出席了某某论坛。"
    g.add_edge(EX + "p1", EX + "e1", predicate="attendee", label="出席", sentences=[sentence], documents=["doc-1"])
    g.add_edge(EX + "p1", EX + "e1", predicate="organizer", label="主办", sentences=[sentence])
    g.add_edge(EX + "p2", EX + "e1", predicate="attendee", label="出席", sentences=[f"李四说：{EVIL}"])
    g.add_edge(EX + "g1", EX + "e1", predicate="organizer", label="主办")
    g.add_edge(EX + "e1", EX + "pl1", predicate="location", label="地点")
    g.add_edge(EX + "e1", EX + "d1", predicate="startDate", label="日期")
    g.add_edge(EX + "p1", EX + "o1", predicate="memberOf", label="属于")
    g.add_edge(EX + "x1", EX + "pl1", predicate="containedInPlace", label="位于")
    return g


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(_graph(), title=f"测试 {EVIL}")


def _data_set(page: str, name: str) -> list[dict]:
    match = re.search(rf"{name} = new vis\.DataSet\((.*?)\);\n", page)
    assert match, f"no {name} DataSet in the page"
    return json.loads(match.group(1))


def test_nothing_remote(page: str) -> None:
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "@import" not in page
    assert not re.search(r"https?://", page, re.I)
    assert "bootstrap.min" not in page and "bootstrap.bundle" not in page
    assert "sourceMappingURL" not in page


def test_vis_network_is_inlined(page: str) -> None:
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script\s*>", page, re.S)
    assert all("src=" not in tag for tag in re.findall(r"<script\b[^>]*>", page))
    assert max(len(s) for s in scripts) > 300_000  # vis-network.min.js itself
    assert "new vis.Network" in page
    assert '<meta charset="utf-8">' in page
    assert page.startswith("<!DOCTYPE html>")


def test_labels_legend_and_styles(page: str) -> None:
    for label in ["张三", "李四", "某某公司", "某某市政府", "某某市", "某某论坛", "2024-05-01"]:
        assert label in page
    assert 'class="kg-legend"' in page
    for name in ["人物 Person", "机构 Organization", "政府机构 GovernmentOrganization", "地点 Place", "事件 Event", "日期 Date"]:
        assert name in page
    nodes = {n["label"]: n for n in _data_set(page, "nodes")}
    shapes = {nodes[name]["shape"] for name in ["张三", "某某公司", "某某市政府", "某某市", "某某论坛", "2024-05-01"]}
    assert len(shapes) == 6  # one shape per type
    assert nodes[EVIL]["color"] == kg_html._OTHER.color
    assert nodes["某某论坛"]["size"] > nodes["张三"]["size"] > nodes["李四"]["size"]


def test_edges_merge_parallel_facts_and_keep_sentences(page: str) -> None:
    edges = _data_set(page, "edges")
    labels = sorted(e["label"] for e in edges)
    assert "出席、主办" in labels  # 张三 → 某某论坛 carries two facts
    assert len(edges) == 7
    tips = " ".join(e["tip"] for e in edges)
    assert "张三出席了某某论坛。" in tips and "doc-1" in tips


def test_untrusted_text_is_escaped(page: str) -> None:
    assert "<script>alert(1)" not in page
    assert '"quotes"' not in page
    assert "<title>测试 &lt;script&gt;alert(1)&lt;&#47;script&gt;&quot;quotes&quot;&amp;</title>" in page
    tips = [item["tip"] for item in _data_set(page, "nodes") + _data_set(page, "edges")]
    evil_tips = [t for t in tips if "alert(1)" in t]
    assert len(evil_tips) == 3  # the node, the sentence, the edge leaving the node
    for tip in evil_tips:
        assert "&lt;script&gt;alert(1)&lt;&#47;script&gt;&quot;quotes&quot;&amp;" in tip
        assert "<script" not in tip and '"' not in tip


def test_deterministic() -> None:
    g = _graph()
    reversed_copy = nx.MultiDiGraph()
    reversed_copy.add_nodes_from(reversed(list(g.nodes(data=True))))
    reversed_copy.add_edges_from(reversed(list(g.edges(keys=True, data=True))))
    assert render_html(g) == render_html(g) == render_html(reversed_copy)


def test_large_graph_has_fixed_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kg_html, "LARGE_GRAPH_NODES", 5)
    page = render_html(_graph())
    nodes = _data_set(page, "nodes")
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes)
    assert len({(n["x"], n["y"]) for n in nodes}) == len(nodes)
    assert '"physics": {"enabled": false}' in page


def test_small_graph_settles_with_physics(page: str) -> None:
    assert all("x" not in n for n in _data_set(page, "nodes"))
    assert '"randomSeed": 42' in page
    assert 'network.once("stabilizationIterationsDone"' in page


def test_write_html_is_atomic(tmp_path) -> None:
    target = tmp_path / "out" / "graph.html"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    assert write_html(_graph(), target) == target
    text = target.read_text(encoding="utf-8")
    assert text == render_html(_graph())
    assert [p.name for p in target.parent.iterdir()] == ["graph.html"]  # no temp file left


def test_empty_graph() -> None:
    page = render_html(nx.MultiDiGraph())
    assert "图为空" in page and "The graph is empty" in page
    assert _data_set(page, "nodes") == [] and _data_set(page, "edges") == []
    assert not re.search(r"https?://", page)
