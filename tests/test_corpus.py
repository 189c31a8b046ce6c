"""A graph grown in batches: shapes, one node per person, re-adding and adding articles."""

from __future__ import annotations

import pytest
from rdflib import Literal

from kg.corpus import INDEX, Corpus
from kg.errors import InputError
from kg.pipeline import build, extract_paths
from kg.rdf import RDF, SDO
from kg.sparql import load_graph
from kg.validate import validate

from conftest import SAMPLE, XWLB, shared_file


def _lines(tmp_path, name: str, start: int, stop: int):
    lines = shared_file(XWLB).read_text(encoding="utf-8").splitlines(keepends=True)[start:stop]
    path = tmp_path / name
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def batches(tmp_path_factory, sample_extractions):
    """Extractions of the sample, of xwlb articles 1-200 and of 201-300 (extracted once)."""
    tmp = tmp_path_factory.mktemp("xwlb")
    first = list(extract_paths([_lines(tmp, "first.jsonl", 0, 200)]))
    second = list(extract_paths([_lines(tmp, "second.jsonl", 200, 300)]))
    return sample_extractions, first, second


def _corpus(*batches) -> Corpus:
    c = Corpus()
    for batch in batches:
        for ex in batch:
            c.add(ex)
    return c


@pytest.fixture(scope="module")
def first_graph(batches):
    sample, first, _ = batches
    return _corpus(sample, first).graph()


def _person_nodes(g, name: str) -> set:
    return {n for n in g.subjects(SDO.name, Literal(name)) if (n, RDF.type, SDO.Person) in g}


def test_sample_and_200_articles_conform_with_one_node_per_leader(batches, first_graph, tmp_path):
    sample, first, second = batches
    g = first_graph
    report = validate(g)
    assert report.conforms, report.summary()
    for name in ("习近平", "韩正"):
        (node,) = _person_nodes(g, name)
        assert len(set(g.subjects(SDO.mentions, node))) > 1, name  # one node for many articles
        assert set(g.subjects(SDO.name, Literal(name))) == {node}
    assert len(_person_nodes(g, "李强")) == 1
    c = _corpus(sample, first)

    # Saved and loaded back, then the same 200 again: nothing changes.
    c.save(tmp_path)
    again = Corpus.load(tmp_path)
    assert {again.add(ex) for ex in first} == {"unchanged"}
    assert again.triples() == set(g)

    # 100 new articles on top equal all 300 at once.
    assert {again.add(ex) for ex in second} == {"added"}
    assert again.triples() == _corpus(sample, first, second).triples()


def test_li_qiang_is_one_node_among_the_first_200(first_graph):
    assert len(_person_nodes(first_graph, "李强")) == 1


def test_build_into_adds_articles_and_readding_changes_nothing(tmp_path):
    few = _lines(tmp_path, "few.jsonl", 300, 305)
    more = _lines(tmp_path, "more.jsonl", 305, 308)
    grown, whole = tmp_path / "grown", tmp_path / "whole"
    build([SAMPLE, few], grown, formats=("ttl", "nq"))
    before = (grown / "graph.ttl").read_bytes()
    build([few], into=grown, formats=("ttl", "nq"))
    assert (grown / "graph.ttl").read_bytes() == before
    summary = build([more], into=grown, formats=("ttl", "nq"))
    assert summary.articles == 3 + 5 + 3
    build([SAMPLE, few, more], whole, formats=("ttl", "nq"))
    assert set(load_graph(grown / "graph.ttl")) == set(load_graph(whole / "graph.ttl"))
    assert (grown / "graph.nq").read_bytes() == (whole / "graph.nq").read_bytes()  # lines sorted: diff-able
    assert (grown / INDEX).read_bytes() == (whole / INDEX).read_bytes()


def test_into_needs_a_build_folder(tmp_path):
    with pytest.raises(InputError, match="documents.jsonl.gz: not found"):
        build([SAMPLE], into=tmp_path)
    build([SAMPLE], tmp_path, formats=("ttl",))
    with pytest.raises(InputError, match="built with base IRI https://w3id.org/kg-news/id/"):
        build([SAMPLE], into=tmp_path, base="https://example.org/id/")
    (tmp_path / INDEX).write_bytes(b"not gzip")
    with pytest.raises(InputError, match="damaged"):
        build([SAMPLE], into=tmp_path)
