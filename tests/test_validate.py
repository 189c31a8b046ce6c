"""SHACL: built graphs conform; broken ones do not, with a readable report."""

from __future__ import annotations

from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from kg.cli import main
from kg.rdf import SDO
from kg.validate import validate

from conftest import ROOT


def _copy(g: Graph) -> Graph:
    out = Graph()
    out.namespace_manager = g.namespace_manager
    for t in g:
        out.add(t)
    return out


def test_the_sample_graph_conforms(sample_graph):
    report = validate(sample_graph)
    assert report.conforms, report.summary()
    # The third article of the page has no headline: a warning, not a violation.
    assert {p.severity for p in report.problems} <= {"Warning"}


def test_broken_graphs_do_not_conform(sample_graph):
    g = _copy(sample_graph)
    event = next(e for e, n in g.subject_objects(SDO.name) if "季度工作会议暨" in n)  # dated, 13 attendees
    person = min(g.objects(event, SDO.attendee))
    g.remove((event, SDO.attendee, person))  # evidence for a fact no longer asserted
    place = next(iter(g.subjects(SDO.containedInPlace, None)))
    g.add((event, SDO.attendee, place))  # an attendee that is no person
    g.set((event, SDO.startDate, Literal("7月4日")))  # not an xsd:date (and the date it replaces loses its fact)
    g.add((person, SDO.name, Literal("另一个名字")))  # two names
    report = validate(g)
    assert not report.conforms
    text = report.summary()
    assert text.startswith("does not conform: 5 violation(s)")
    assert "not asserted in the graph" in text
    assert "schema:attendee" in text and "schema:startDate" in text and "schema:name" in text


def test_kg_validate_command(sample_build, tmp_path):
    runner = CliRunner()
    ok = runner.invoke(main, ["validate", str(sample_build[0])])
    assert ok.exit_code == 0 and ok.output.startswith("conforms")
    g = _copy(Graph().parse(sample_build[0] / "graph.ttl"))
    g.add((URIRef("https://w3id.org/kg-news/id/person/x"), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), SDO.Person))
    bad = tmp_path / "bad.ttl"
    g.serialize(bad, format="turtle")
    result = runner.invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    assert result.output.startswith("does not conform: 1 violation(s)")
    assert "<https://w3id.org/kg-news/id/person/x> schema:name" in result.output
    missing = runner.invoke(main, ["validate", str(bad), "--shapes", str(tmp_path / "none.ttl")])
    assert missing.exit_code == 2  # click: no such file


def test_build_validate_option(tmp_path):
    result = CliRunner().invoke(main, ["build", str(ROOT / "examples" / "xuhui-2024-07-05.txt"), "-o", str(tmp_path),
                                       "--format", "ttl", "--validate"])
    assert result.exit_code == 0, result.output



def test_the_shapes_ship_inside_the_package():
    """kg/schema links to schema/, and pyproject puts schema/*.ttl in the wheel, so `kg validate` works installed."""
    from importlib.resources import files

    shapes = files("kg") / "schema" / "shapes.ttl"
    assert shapes.is_file() and "sh:NodeShape" in shapes.read_text(encoding="utf-8")
    assert '"schema/*.ttl"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
