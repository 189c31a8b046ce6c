"""The HTML view: offline, escaped, deterministic; its data as the page script reads it."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from kg import html as kg_html
from kg.html import page_data, render_html, write_html

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
    g.add_edge(EX + "p2", EX + "e1", predicate="attendee", label="出席", sentences=[f"李四说：{EVIL}</script>"])
    g.add_edge(EX + "g1", EX + "e1", predicate="organizer", label="主办")
    g.add_edge(EX + "e1", EX + "pl1", predicate="location", label="地点")
    g.add_edge(EX + "e1", EX + "d1", predicate="startDate", label="日期")
    g.add_edge(EX + "p1", EX + "o1", predicate="memberOf", label="属于")
    g.add_edge(EX + "x1", EX + "pl1", predicate="containedInPlace", label="位于")
    return g


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(_graph(), title=f"测试 {EVIL}")


def _embedded(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match, "no data block in the page"
    return json.loads(match.group(1))


def test_nothing_remote(page: str) -> None:
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "@import" not in page
    assert not re.search(r"https?://", page, re.I)  # not even the example IRIs
    assert "<link" not in page and "bootstrap" not in page.lower()
    assert "sourceMappingURL" not in page


def test_vis_network_is_inlined(page: str) -> None:
    tags = re.findall(r"<script\b[^>]*>", page)
    assert all("src=" not in tag for tag in tags)
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script\s*>", page, re.S)
    assert max(len(s) for s in scripts) > 300_000  # vis-network.min.js itself
    assert "new vis.Network" in page
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page


def test_data_survives_the_trip(page: str) -> None:
    """The embedded JSON is what page_data built: nothing lost to the escaping."""
    assert _embedded(page) == json.loads(json.dumps(page_data(_graph(), title=f"测试 {EVIL}")))


def test_types_legend_and_sizes(page: str) -> None:
    data = _embedded(page)
    nodes = {n["label"]: n for n in data["nodes"]}
    assert nodes["张三"]["type"] == "Person" and nodes["某某论坛"]["type"] == "Event"
    types = {t["key"]: t for t in data["types"]}
    assert [t["zh"] for t in data["types"]] == ["人物", "机构", "政府机构", "地点", "事件", "日期", "其他"]
    assert len({t["shape"] for t in types.values()}) == len({t["color"] for t in types.values()}) == 7
    assert types["Person"]["count"] == 2 and types["Mystery"]["en"] == "Mystery"
    assert nodes["某某论坛"]["size"] > nodes["张三"]["size"] > nodes["李四"]["size"]
    assert nodes["张三"]["aliases"] == ["老张"] and nodes["张三"]["positions"] == ["某某局局长"]
    assert nodes["某某论坛"]["start"] == "2024-05-01" and nodes["某某论坛"]["end"] == "2024-05-02"


def test_edges_merge_parallel_facts_and_keep_sentences(page: str) -> None:
    data = _embedded(page)
    label = {n["id"]: n["label"] for n in data["nodes"]}
    edges = {(label[e["from"]], label[e["to"]]): e for e in data["edges"]}
    assert len(edges) == 7
    both = edges[("张三", "某某论坛")]
    assert both["label"] == "出席、主办"
    assert [r["key"] for r in both["rels"]] == ["attendee", "organizer"]
    attend = both["rels"][0]
    assert [data["sentences"][s] for s, _ in attend["ev"]] == ["张三出席了某某论坛。"]
    assert [data["docs"][d]["id"] for d in attend["docs"]] == ["doc-1"]
    assert {r["key"]: r["label"] for r in data["relations"]}["attendee"] == "出席"


def test_untrusted_text_is_escaped(page: str) -> None:
    assert "<script>alert(1)" not in page
    assert '"quotes"' not in page
    assert "<title>测试 &lt;script&gt;alert(1)&lt;&#47;script&gt;&quot;quotes&quot;&amp;</title>" in page
    # Only our own script elements: the evil text ends none of them early.
    assert len(re.findall(r"</script>", page)) == 3
    data = _embedded(page)
    assert data["title"] == f"测试 {EVIL}"
    assert EVIL in [n["label"] for n in data["nodes"]]
    assert f"李四说：{EVIL}</script>" in data["sentences"]
    assert "innerHTML" not in kg_html._PAGE_SCRIPT  # the page builds text nodes only


def test_url_in_title_is_not_a_reference() -> None:
    page = render_html(_graph(), title="see https://example.org/")
    assert "<title>see https:&#47;&#47;example.org&#47;</title>" in page


def test_deterministic() -> None:
    g = _graph()
    reversed_copy = nx.MultiDiGraph()
    reversed_copy.add_nodes_from(reversed(list(g.nodes(data=True))))
    reversed_copy.add_edges_from(reversed(list(g.edges(keys=True, data=True))))
    assert render_html(g) == render_html(g) == render_html(reversed_copy)


def test_large_graph_has_fixed_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kg_html, "LARGE_GRAPH_NODES", 5)
    data = page_data(_graph())
    assert data["physics"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == len(data["nodes"])


def test_small_graph_settles_with_physics(page: str) -> None:
    data = _embedded(page)
    assert data["physics"] is True
    assert all("x" not in n for n in data["nodes"])


def test_too_many_nodes_keeps_the_best_connected() -> None:
    data = page_data(_graph(), max_nodes=3)
    assert [n["label"] for n in data["nodes"]].count("某某论坛") == 1
    assert len(data["nodes"]) == 3 and data["total"] == {"nodes": 8, "edges": 8}
    assert {n["label"] for n in data["nodes"]} == {"某某论坛", "张三", "某某市"}


def test_write_html_is_atomic(tmp_path) -> None:
    target = tmp_path / "out" / "graph.html"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    assert write_html(_graph(), target) == target
    assert target.read_text(encoding="utf-8") == render_html(_graph())
    assert [p.name for p in target.parent.iterdir()] == ["graph.html"]  # no temp file left


def test_empty_graph() -> None:
    page = render_html(nx.MultiDiGraph())
    data = _embedded(page)
    assert data["nodes"] == [] and data["edges"] == []
    assert "图为空" in kg_html._PAGE_SCRIPT
    assert not re.search(r"https?://", page)


def test_sample_page_pairs_sentences_with_documents(sample_build) -> None:
    """Built by the pipeline, every sentence of a relation names its article."""
    data = _embedded((sample_build[0] / "graph.html").read_text(encoding="utf-8"))
    label = {n["id"]: n["label"] for n in data["nodes"]}
    huang = next(n for n in data["nodes"] if n["label"] == "黄冲")
    visits = [e for e in data["edges"] if e["to"] == huang["id"] and "大走访活动" in label[e["from"]]]
    assert visits and visits[0]["rels"][0]["key"] == "attendee"
    sentence, doc = visits[0]["rels"][0]["ev"][0]
    assert "黄冲带领" in data["sentences"][sentence]
    assert data["docs"][doc]["id"].startswith("xuhui-2024-07-05") and data["docs"][doc]["date"] == "2024-07-05"
