"""The named queries of examples/queries/ on the sample graph, with their parameters."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from kg.cli import main
from kg.errors import QueryError
from kg.rdf import SDO
from kg.sparql import parse_params, run_query

from conftest import ROOT, SAMPLE

QUERIES = ROOT / "examples" / "queries"
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
MEETING = "徐汇区委季度工作会议暨经济运行分析会、安全稳定形势研判会"
FORUM = "“加速‘人工智能+’构筑新质生产力”主题论坛"


def ask(g, query: str, **params) -> list[tuple[str, ...]]:
    result = run_query(g, str(QUERIES / f"{query}.rq"), parse_params(f"{k}={v}" for k, v in params.items()))
    return [tuple("" if v is None else str(v) for v in row) for row in result]


def test_every_named_query_is_tested():
    tested = {"attendance", "events-by-place-and-date", "forum-organizers", "co-attendance", "entity", "provenance"}
    assert {p.stem for p in QUERIES.glob("*.rq")} == tested


def test_who_attended_what(sample_graph):
    rows = ask(sample_graph, "attendance")
    assert len(rows) == 16
    assert ("曹立强", MEETING, "2024-07-04") in rows
    assert sum(1 for r in rows if r[1] == MEETING) == 13
    assert ask(sample_graph, "attendance", person="黄冲") == [
        ("黄冲", "座谈会", ""),  # 座谈会上，黄冲……
        ("黄冲", "黄冲慰问", ""),
        ("黄冲", "“满意在徐汇·服务在基层”大走访活动", "2024-07-04"),
    ]


def test_events_by_place_and_date_range(sample_graph):
    assert ask(sample_graph, "events-by-place-and-date", place="徐汇区") == [
        ("2024-07-04", "“满意在徐汇·服务在基层”大走访活动", "华发居民区"),
    ]
    in_shanghai = ask(sample_graph, "events-by-place-and-date", place="上海市")
    assert [r[1] for r in in_shanghai] == ["2024世界人工智能大会", "“满意在徐汇·服务在基层”大走访活动"]
    assert ask(sample_graph, "events-by-place-and-date", **{"from": "2024-07-05", "to": "2024-07-31"}) == [
        ("2024-07-05", FORUM, "西岸智塔西塔楼一层西岸厅"),
    ]
    assert ask(sample_graph, "events-by-place-and-date", place="上海市", to="2024-07-03") == []


def test_organizers_of_forums(sample_graph):
    assert ask(sample_graph, "forum-organizers") == [
        (FORUM, "上海交通大学", "Organization"),
        (FORUM, "上海人工智能实验室", "Organization"),
        (FORUM, "中央广播电视总台研究院", "Organization"),
    ]


def test_co_attendance_network(sample_graph):
    rows = ask(sample_graph, "co-attendance", person="曹立强")
    assert len(rows) == 12
    assert all(r[0] == "曹立强" and r[2] == "1" and r[3] == MEETING for r in rows)
    assert "王华" in {r[1] for r in rows} and "黄冲" not in {r[1] for r in rows}
    assert len(ask(sample_graph, "co-attendance")) == 13 * 12  # every ordered pair of the meeting


def test_everything_about_one_entity(sample_graph):
    rows = ask(sample_graph, "entity", name="黄冲")
    assert ("out", str(SDO.jobTitle), "区政协主席") in rows
    assert ("out", str(SDO.memberOf), "徐汇区政协") in rows
    assert ("out", "http://www.w3.org/ns/org#holds", "区政协主席") in rows
    assert ("in", str(SDO.attendee), "“满意在徐汇·服务在基层”大走访活动") in rows
    assert ("in", str(SDO.mentions), "https://w3id.org/kg-news/id/doc/xuhui-2024-07-05-3") in rows
    assert not any("evidence/" in r[2] for r in rows)  # the provenance layer stays out


def test_provenance_of_every_attendee_triple(sample_graph):
    """Document, sentence and offsets for each schema:attendee triple; the raw offsets slice the file."""
    rows = list(run_query(sample_graph, str(QUERIES / "provenance.rq")))
    attendees = {(s, o) for s, _, o in sample_graph.triples((None, SDO.attendee, None))}
    explained = {(sample_graph.value(predicate=SDO.name, object=r.event, any=True),
                  sample_graph.value(predicate=SDO.name, object=r.person, any=True)) for r in rows}
    assert explained == attendees and len(attendees) == 16
    raw = SAMPLE.read_text(encoding="utf-8")
    for r in rows:
        assert str(r.source) == str(SAMPLE) or str(r.source).endswith("examples/xuhui-2024-07-05.txt")
        assert r.published == Literal("2024-07-05", datatype=XSD_DATE)
        assert str(r.person) in str(r.sentence)
        assert int(r.end) - int(r.begin) == len(str(r.sentence))
        # The raw file has the line breaks and spaces the OCR put in; the characters are the same.
        piece = raw[int(r.rawBegin) : int(r.rawEnd)]
        assert re.sub(r"\s", "", piece) == re.sub(r"\s", "", str(r.sentence))
    why = ask(sample_graph, "provenance", person="曹立强")
    assert len(why) == 1
    event, person, article, headline, published, url, source, sentence, *_, rule, confidence = why[0]
    assert (event, person, headline) == (MEETING, "曹立强", MEETING + "举行")
    assert article == "https://w3id.org/kg-news/id/doc/xuhui-2024-07-05-2"
    assert sentence.startswith("区委书记曹立强") and rule == "role.attendee.出席" and float(confidence) > 0.5


def test_parameters():
    assert parse_params(["name=张三", "from=2024-07-01", "n=3", "x=<https://example.org/a>"]) == {
        "name": Literal("张三"),
        "from": Literal("2024-07-01", datatype=XSD_DATE),
        "n": Literal(3),
        "x": URIRef("https://example.org/a"),
    }
    with pytest.raises(QueryError, match="write NAME=VALUE"):
        parse_params(["张三"])


def test_unknown_parameter_is_an_error(sample_graph):
    with pytest.raises(QueryError, match=r"no variable \?nmae; its variables are .*\?name"):
        run_query(sample_graph, str(QUERIES / "entity.rq"), parse_params(["nmae=黄冲"]))


def test_query_command_with_parameters(sample_build):
    runner = CliRunner()
    result = runner.invoke(main, ["query", str(sample_build[0]), str(QUERIES / "attendance.rq"),
                                  "--param", "person=曹立强", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["person,event,date", f"曹立强,{MEETING},2024-07-04"]
    bad = runner.invoke(main, ["query", str(sample_build[0]), str(QUERIES / "attendance.rq"), "-p", "who=x"])
    assert bad.exit_code == 2 and "no variable ?who" in bad.output


@pytest.mark.parametrize("query, params", [
    ("attendance", {}),
    ("attendance", {"person": "黄冲"}),
    ("events-by-place-and-date", {"place": "上海市", "from": "2024-07-04"}),
    ("forum-organizers", {}),
    ("co-attendance", {"person": "曹立强"}),
    ("entity", {"name": "黄冲"}),
    ("provenance", {"person": "曹立强"}),
])
def test_the_store_answers_as_the_graph_does(sample_build, sample_graph, query, params):
    """`kg query OUTDIR` asks the Oxigraph store a build writes; the rows are rdflib's."""
    from kg.sparql import query_source

    out, _ = sample_build
    bindings = parse_params(f"{k}={v}" for k, v in params.items())
    from_store = query_source(out, str(QUERIES / f"{query}.rq"), bindings)
    rows = sorted(tuple("" if v is None else str(v) for v in row) for row in from_store)
    assert rows and rows == sorted(ask(sample_graph, query, **params))
