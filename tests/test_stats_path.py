"""kg stats and kg path on the sample graph."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.nx import to_networkx
from kg.paths import NotFound, describe, find_node, shortest_paths
from kg.stats import graph_stats

MEETING = "徐汇区委季度工作会议暨经济运行分析会、安全稳定形势研判会"


def test_stats(sample_graph):
    s = graph_stats(sample_graph, top=3)
    classes = dict(s.classes)
    assert classes["schema:Person"] == 14 and classes["schema:NewsArticle"] == 3 and classes["org:Post"] == 1
    assert dict(s.properties)["schema:attendee"] == 16
    assert s.triples == len(sample_graph)
    assert s.top[0] == (MEETING, "Event", 14)  # 13 attendees and an organizer
    assert sum(s.components) == s.entities
    assert s.components[0] < s.entities  # the page's three articles are not all one web
    text = str(s)
    assert "top 3 entities by degree" in text and f"14  {MEETING} (Event)" in text


def test_paths(sample_graph):
    G = to_networkx(sample_graph)
    a, b = find_node(G, "上海交通大学"), find_node(G, "华泾镇")
    (path,) = shortest_paths(G, a, b)
    assert describe(G, path) == (
        "上海交通大学 <-主办- “加速‘人工智能+’构筑新质生产力”主题论坛 -属于-> 2024世界人工智能大会 -地点-> 上海市 <-位于- 徐汇区 <-位于- 华泾镇"
    )
    assert find_node(G, "上海") == find_node(G, "上海市")  # an alternate name finds the node too
    two = shortest_paths(G, find_node(G, "曹立强"), find_node(G, "王华"))
    assert [describe(G, p) for p in two] == [f"曹立强 <-出席- {MEETING} -出席-> 王华"]
    with pytest.raises(NotFound, match="no entity named '张三'"):
        find_node(G, "张三")
    with pytest.raises(NotFound, match="黄冲 and 曹立强 are not connected"):
        shortest_paths(G, find_node(G, "黄冲"), find_node(G, "曹立强"))


def test_stats_and_path_commands(sample_build):
    runner = CliRunner()
    out = sample_build[0]
    stats = runner.invoke(main, ["stats", str(out), "--format", "json"])
    assert stats.exit_code == 0, stats.output
    data = json.loads(stats.output)
    assert data["classes"]["schema:Person"] == 14 and data["top"][0]["label"] == MEETING
    path = runner.invoke(main, ["path", str(out), "曹立强", "王华"])
    assert path.exit_code == 0 and path.output == f"曹立强 <-出席- {MEETING} -出席-> 王华\n"
    missing = runner.invoke(main, ["path", str(out), "曹立强", "张三"])
    assert missing.exit_code == 1 and missing.output.startswith("Error: no entity named '张三'")
    assert "Traceback" not in missing.output
