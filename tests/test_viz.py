"""Choosing what to draw (kg.view) and `kg viz`, on the sample's graph."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from click.testing import CliRunner

from kg import view
from kg.cli import main
from kg.errors import InputError, QueryError
from kg.nx import to_networkx


@pytest.fixture(scope="module")
def projection(sample_graph):
    return to_networkx(sample_graph)


def _labels(graph) -> set[str]:
    return {attrs["label"] for _, attrs in graph.nodes(data=True)}


def _page_labels(path) -> set[str]:
    page = path.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="kg-data">(.*?)</script>', page, re.S).group(1))
    return {n["label"] for n in data["nodes"]}


def test_find_nodes_whole_then_partial(projection):
    [huang] = view.find_nodes(projection, "黄冲")
    assert projection.nodes[huang]["type"] == "Person"
    assert {projection.nodes[n]["label"] for n in view.find_nodes(projection, "大走访")} == {"“满意在徐汇·服务在基层”大走访活动"}
    assert view.find_nodes(projection, "上海") == view.find_nodes(projection, "上海市")  # 上海 is an alias


def test_around_follows_links_both_ways(projection):
    one = view.around(projection, "黄冲", hops=1)
    assert _labels(one) == {"黄冲", "徐汇区政协", "“满意在徐汇·服务在基层”大走访活动", "座谈会", "黄冲慰问"}
    two = view.around(projection, "黄冲", hops=2)
    assert _labels(one) < _labels(two)
    assert {"华发居民区", "2024-07-04"} <= _labels(two)
    assert "曹立强" not in _labels(two)
    assert set(two.edges(keys=True)) <= set(projection.edges(keys=True))


def test_around_unknown_or_ambiguous_name(projection):
    with pytest.raises(InputError, match="no node"):
        view.around(projection, "不存在的人")
    with pytest.raises(InputError, match="王华、王志华"):
        view.around(projection, "王")


def test_between_keeps_events_of_the_days_and_their_links(projection):
    day = view.between(projection, dt.date(2024, 7, 5), dt.date(2024, 7, 5))
    events = {a["label"] for _, a in day.nodes(data=True) if a["type"] == "Event"}
    assert events == {"“加速‘人工智能+’构筑新质生产力”主题论坛"}
    assert "大走访活动" not in "".join(_labels(day))
    assert all(day.degree(n) > 0 for n in day)
    july = view.between(projection, dt.date(2024, 7, 1), None)
    assert {"“满意在徐汇·服务在基层”大走访活动", "黄冲"} <= _labels(july)
    assert "黄冲慰问" not in _labels(july)  # no start date
    with pytest.raises(InputError, match="swap"):
        view.between(projection, dt.date(2024, 8, 1), dt.date(2024, 7, 1))


def test_construct_query_draws_its_triples_with_evidence(sample_graph, projection):
    picked = view.from_query(
        sample_graph, projection, 'CONSTRUCT { ?e schema:attendee ?p } WHERE { ?e schema:attendee ?p ; schema:name ?n FILTER(CONTAINS(?n, "大走访")) }'
    )
    assert _labels(picked) == {"“满意在徐汇·服务在基层”大走访活动", "黄冲"}
    assert {k for _, _, k in picked.edges(keys=True)} == {"attendee"}
    assert all(attrs["sentences"] for _, _, attrs in picked.edges(data=True))


def test_construct_with_a_new_predicate_gets_a_plain_edge(sample_graph, projection):
    picked = view.from_query(
        sample_graph, projection,
        "CONSTRUCT { ?a kg:metWith ?b } WHERE { ?e schema:attendee ?a, ?b FILTER(STR(?a) < STR(?b)) }",
    )
    assert picked.number_of_edges() > 0
    assert {attrs["label"] for _, _, attrs in picked.edges(data=True)} == {"metWith"}


def test_select_query_picks_nodes(sample_graph, projection):
    picked = view.from_query(sample_graph, projection, "SELECT ?p WHERE { ?p a schema:Person }")
    assert {a["type"] for _, a in picked.nodes(data=True)} == {"Person"}
    assert "黄冲" in _labels(picked)
    with pytest.raises(QueryError, match="ASK"):
        view.from_query(sample_graph, projection, "ASK { ?s ?p ?o }")


def test_top_by_degree(projection):
    top = view.top_by_degree(projection, 3)
    assert _labels(top) == {"徐汇区委季度工作会议暨经济运行分析会、安全稳定形势研判会", "2024世界人工智能大会",
                            "“加速‘人工智能+’构筑新质生产力”主题论坛"}
    assert view.top_by_degree(projection, 1000) is projection


# --- the command ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def test_viz_around(runner, sample_build, tmp_path):
    out = tmp_path / "huang.html"
    result = runner.invoke(main, ["viz", str(sample_build[0]), "-o", str(out), "--around", "黄冲", "--hops", "1"])
    assert result.exit_code == 0, result.output
    assert re.fullmatch(rf"5 of \d+ nodes, 6 edges; wrote {re.escape(str(out))}", result.stdout.strip())
    assert _page_labels(out) == {"黄冲", "徐汇区政协", "“满意在徐汇·服务在基层”大走访活动", "座谈会", "黄冲慰问"}
    assert "黄冲 ±1" in out.read_text(encoding="utf-8").split("</title>")[0]


def test_viz_dates_and_query_together(runner, sample_build, tmp_path):
    out = tmp_path / "q.html"
    args = ["viz", str(sample_build[0] / "graph.ttl"), "-o", str(out), "--from", "2024-07-04", "--to", "2024-07-04",
            "--construct", "CONSTRUCT { ?e schema:attendee ?p . ?e schema:startDate ?d } WHERE { ?e schema:attendee ?p ; schema:startDate ?d }"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    labels = _page_labels(out)
    assert {"黄冲", "曹立强", "2024-07-04"} <= labels
    assert "“加速‘人工智能+’构筑新质生产力”主题论坛" not in labels


def test_viz_max_nodes_says_so(runner, sample_build, tmp_path):
    out = tmp_path / "top.html"
    result = runner.invoke(main, ["viz", str(sample_build[0]), "-o", str(out), "--max-nodes", "5"])
    assert result.exit_code == 0, result.output
    assert "(the 5 best-connected drawn)" in result.stdout
    assert len(_page_labels(out)) == 5


@pytest.mark.parametrize(
    "args, message",
    [
        (["--around", "不存在的人"], "no node of the graph has this name"),
        (["--query", "ASK { ?s ?p ?o }"], "use CONSTRUCT or SELECT"),
        (["--query", "SELEC ?x"], "bad SPARQL query"),
        (["--from", "2024-08-01", "--to", "2024-07-01"], "swap them"),
        (["--from", "July"], "YYYY-MM-DD"),
        (["--hops", "-1", "--around", "黄冲"], "-1"),
    ],
)
def test_viz_bad_options_one_line_error(runner, sample_build, tmp_path, args, message):
    out = tmp_path / "bad.html"
    result = runner.invoke(main, ["viz", str(sample_build[0]), "-o", str(out), *args])
    assert result.exit_code in (1, 2), result.output
    assert message in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_viz_missing_graph(runner, tmp_path):
    result = runner.invoke(main, ["viz", str(tmp_path / "none.ttl"), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_viz_empty_selection_warns(runner, sample_build, tmp_path):
    out = tmp_path / "empty.html"
    result = runner.invoke(main, ["viz", str(sample_build[0]), "-o", str(out), "--from", "2030-01-01"])
    assert result.exit_code == 0
    assert "selection is empty" in result.stderr and out.exists()
