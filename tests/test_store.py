"""graph.ttl written by pyoxigraph, the Oxigraph store beside it, and `kg query` over the store."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from kg import pipeline, rdf, store
from kg.corpus import build_graph
from kg.cli import main

from conftest import SAMPLE

PERSONS = "SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name"


@pytest.fixture(scope="module")
def reference():
    """The sample's graph as rdflib builds it in memory."""
    return build_graph(pipeline.extract_paths([SAMPLE]))


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_turtle_is_the_graph_with_prefixes(sample_build, reference):
    out, _ = sample_build
    text = (out / "graph.ttl").read_text(encoding="utf-8")
    for prefix in ("schema:", "kg:", "nif:", "prov:", "xsd:"):
        assert f"@prefix {prefix} " in text
    assert "@prefix brick:" not in text  # only prefixes the graph uses
    back = Graph().parse(out / "graph.ttl", format="turtle")
    assert set(back) == set(reference)
    # Offsets keep their datatype in the file.
    assert any(o.datatype == rdf.XSD.nonNegativeInteger for o in back.objects(None, rdf.NIF.beginIndex))


def test_turtle_has_each_subject_once(sample_build):
    out, _ = sample_build
    subjects = [line.split(" ", 1)[0] for line in (out / "graph.ttl").read_text(encoding="utf-8").splitlines()
                if line.startswith("<")]
    assert len(subjects) == len(set(subjects)) > 100


def test_build_writes_a_store(sample_build, reference):
    out, summary = sample_build
    assert store.is_store(out / "store")
    assert store.store_path(out) == out / "store"
    db = store.open_store(out / "store")
    assert len(db) == len(reference)


def test_store_answers_like_the_graph_file(sample_build):
    out, _ = sample_build
    for query in (PERSONS,
                  "SELECT ?e (COUNT(?p) AS ?n) WHERE { ?e schema:attendee ?p } GROUP BY ?e ORDER BY DESC(?n) ?e",
                  'SELECT ?s WHERE { ?s schema:startDate ?d FILTER(?d >= "2024-07-05"^^xsd:date) } ORDER BY ?s'):
        from_store = _run("query", out, query, "-f", "csv")
        from_file = _run("query", out / "graph.ttl", query, "-f", "csv")
        assert from_store.exit_code == 0, from_store.output
        assert from_store.stdout == from_file.stdout
        assert len(list(csv.reader(io.StringIO(from_store.stdout)))) > 1


def test_store_query_formats(sample_build):
    out, _ = sample_build
    table = _run("query", out, PERSONS)
    assert table.exit_code == 0 and "曹立强" in table.stdout and table.stdout.rstrip().endswith("rows)")
    data = json.loads(_run("query", out / "store", PERSONS, "-f", "json").stdout)
    assert {"曹立强", "黄冲"} <= {b["name"]["value"] for b in data["results"]["bindings"]}
    assert _run("query", out, 'ASK { ?p schema:name "曹立强" }').stdout.strip() == "true"
    construct = _run("query", out, "CONSTRUCT { ?p a schema:Person } WHERE { ?p a schema:Person }")
    assert len(Graph().parse(data=construct.stdout, format="turtle")) == len(data["results"]["bindings"])


def test_store_query_error_is_one_line(sample_build):
    out, _ = sample_build
    result = _run("query", out, "SELECT ?x WHERE { ?x ?y }")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: bad SPARQL query") and "line 1, column" in lines[0]


def test_store_terms_are_rdflib_terms(sample_build):
    out, _ = sample_build
    res = store.query_store(store.open_store(out / "store"),
                            "SELECT ?p ?b WHERE { ?p nif:beginIndex ?b } LIMIT 1")
    row = next(iter(res))
    assert isinstance(row.p, URIRef) and isinstance(row.b, Literal)
    # Oxigraph keeps xsd:nonNegativeInteger as xsd:integer (documented in kg.store).
    assert row.b.datatype == rdf.XSD.integer and int(row.b) >= 0


def test_no_store_removes_a_stale_one(tmp_path):
    assert _run("build", SAMPLE, "-o", tmp_path).exit_code == 0
    assert store.is_store(tmp_path / "store")
    result = _run("build", SAMPLE, "-o", tmp_path, "--no-store")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "store").exists()
    assert str(tmp_path / "store") not in result.stdout
    # The folder is then queried from graph.ttl.
    assert "曹立强" in _run("query", tmp_path, PERSONS).stdout


def test_rebuild_replaces_the_store(tmp_path):
    assert _run("build", SAMPLE, "-o", tmp_path).exit_code == 0
    first = len(store.open_store(tmp_path / "store"))
    assert _run("build", SAMPLE, "-o", tmp_path).exit_code == 0
    assert len(store.open_store(tmp_path / "store")) == first
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary leftovers


def test_turtle_and_store_written_by_another_interpreter(reference, tmp_path, monkeypatch):
    from kg import export

    monkeypatch.setattr(export, "BACKGROUND_TRIPLES", 0)
    with export.rdf_outputs(reference, tmp_path, ("ttl",), store=True, background=True, threads=2) as written:
        # The block runs while the child writes; its files are complete when the block ends.
        assert written == (tmp_path / "store",)
    assert set(Graph().parse(tmp_path / "graph.ttl", format="turtle")) == set(reference)
    assert len(store.open_store(tmp_path / "store")) == len(reference)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl", "store"]


def test_a_failed_build_stops_the_writer_and_keeps_the_old_files(reference, tmp_path, monkeypatch):
    from kg import export

    monkeypatch.setattr(export, "BACKGROUND_TRIPLES", 0)
    (tmp_path / "graph.ttl").write_text("old\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        with export.rdf_outputs(reference, tmp_path, ("ttl",), store=True, background=True):
            raise KeyboardInterrupt
    assert (tmp_path / "graph.ttl").read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]  # no store, no temporary file left


def test_a_writer_that_fails_is_reported(reference, tmp_path, monkeypatch):
    from kg import export
    from kg.errors import OutputError

    monkeypatch.setattr(export, "BACKGROUND_TRIPLES", 0)
    (tmp_path / "graph.ttl").mkdir()  # Turtle cannot replace a folder
    with pytest.raises(OutputError, match="cannot write .*graph.ttl"):
        with export.rdf_outputs(reference, tmp_path, ("ttl",), store=True, background=True):
            pass
    assert (tmp_path / "graph.ttl").is_dir()


def test_a_store_writer_that_fails_is_reported_with_its_reason(reference, tmp_path):
    from kg.errors import OutputError

    (tmp_path / "file").write_text("not a folder\n", encoding="utf-8")
    with pytest.raises(OutputError, match="cannot write .*file/store: ") as info:
        with store.writing(reference, tmp_path / "graph.ttl", tmp_path / "file" / "store", background=True):
            pass
    assert "\n" not in str(info.value)
    assert {p.name for p in tmp_path.iterdir()} <= {"file", "graph.ttl"}  # no scratch file left


def test_without_fork_the_rdf_files_are_written_in_process(reference, tmp_path, monkeypatch):
    import multiprocessing

    from kg import export

    monkeypatch.setattr(export, "BACKGROUND_TRIPLES", 0)
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])  # as on Windows
    with export.rdf_outputs(reference, tmp_path, ("ttl",), store=True, background=True):
        assert (tmp_path / "graph.ttl").exists()  # written before the block, in this process
    assert len(store.open_store(tmp_path / "store")) == len(reference)


def test_the_store_reads_its_triples_ahead_in_slices_and_stops_its_reader():
    import threading

    data = b"".join(f"<urn:s{i}> <urn:p> <urn:o> .\n".encode() for i in range(10))
    slices = list(store._read_ahead(io.BytesIO(data), 3))
    assert [s.count(b"\n") for s in slices] == [3, 3, 3, 1] and b"".join(slices) == data
    early = store._read_ahead(io.BytesIO(data * 1000), 3)
    next(early)
    early.close()  # the loader failed after one slice
    assert not [t for t in threading.enumerate() if t.name == "kg-store-reader"]


def test_the_store_loads_slices_side_by_side(reference, tmp_path):
    import threading

    nt = tmp_path / "graph.nt"
    store.write_ntriples(reference, nt)
    one = store.write_store(nt, tmp_path / "one", chunk_triples=40)
    many = store.write_store(nt, tmp_path / "many", chunk_triples=40, threads=3)
    quads = [sorted(map(str, store.open_store(path))) for path in (one, many)]
    assert len(quads[0]) == len(reference) and quads[0] == quads[1]
    assert not [t for t in threading.enumerate() if t.name.startswith("kg-store-")]


def test_a_slice_that_fails_stops_the_other_loaders(tmp_path):
    import threading

    good = b"".join(f"<urn:s{i}> <urn:p> <urn:o> .\n".encode() for i in range(200))
    with pytest.raises(SyntaxError):
        store.write_store(io.BytesIO(good + b"<urn:s> <urn:p> bad .\n" + good * 5), tmp_path / "store", chunk_triples=50, threads=2)
    assert not list(tmp_path.iterdir())  # the half-built store is removed
    assert not [t for t in threading.enumerate() if t.name.startswith("kg-store-")]
