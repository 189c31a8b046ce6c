"""Every export format parses back with the same counts."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from rdflib import Dataset, Graph
from rdflib.namespace import PROV

from kg.corpus import Corpus
from kg.errors import InputError
from kg.export import FORMATS, export, parse_formats
from kg.nx import to_networkx

from conftest import SAMPLE


@pytest.fixture(scope="module")
def exported(sample_build, tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    files = export(sample_build[0], out, "all")
    return out, files


def test_all_formats_are_written(exported):
    out, files = exported
    assert [f.name for f in files] == [f"graph.{fmt}" for fmt in FORMATS]


@pytest.mark.parametrize("fmt,parser", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_rdf_formats_parse_back_to_the_same_graph(exported, sample_graph, fmt, parser):
    back = Graph().parse(exported[0] / f"graph.{fmt}", format=parser)
    assert len(back) == len(sample_graph)
    assert set(back) == set(sample_graph)


def test_jsonld_has_a_context(exported):
    doc = json.loads((exported[0] / "graph.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"]["@vocab"] == "https://schema.org/"
    assert "kg" in doc["@context"] and "@graph" in doc


@pytest.mark.parametrize("fmt,parser", [("trig", "trig"), ("nq", "nquads")])
def test_quad_formats_hold_a_named_graph_per_article(exported, sample_build, sample_graph, fmt, parser):
    ds = Dataset().parse(exported[0] / f"graph.{fmt}", format=parser)
    corpus = Corpus.load(sample_build[0])
    named = {g.identifier: g for g in ds.graphs() if g.identifier in corpus.docs}
    assert set(named) == set(corpus.docs) and len(named) == 3
    union = {t for g in named.values() for t in g}
    assert union == set(sample_graph)
    # An article's graph holds its own evidence, not the others'.
    for doc, g in named.items():
        assert set(g.objects(None, PROV.wasDerivedFrom)) == {doc}


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_tool_formats_parse_back_with_the_same_counts(exported, sample_graph, fmt, reader):
    G = to_networkx(sample_graph)
    back = reader(exported[0] / f"graph.{fmt}")
    assert back.number_of_nodes() == G.number_of_nodes()
    assert back.number_of_edges() == G.number_of_edges()
    labels = {d["label"] for _, d in back.nodes(data=True)}
    assert "曹立强" in labels
    person = next(n for n, d in back.nodes(data=True) if d["label"] == "黄冲")
    assert back.nodes[person]["positions"] == "区政协主席"  # lists joined into text


def test_formats_are_checked():
    assert parse_formats("TTL, nq,json-ld") == ("ttl", "nq", "jsonld")
    with pytest.raises(InputError, match="unknown output format 'rdfxml'"):
        parse_formats("ttl,rdfxml")


def test_a_graph_file_exports_but_not_to_named_graphs(sample_build, tmp_path):
    files = export(sample_build[0] / "graph.ttl", tmp_path, "nt,graphml")
    assert [f.name for f in files] == ["graph.nt", "graph.graphml"]
    with pytest.raises(InputError, match="nq needs a named graph per article"):
        export(sample_build[0] / "graph.ttl", tmp_path, "nq")


def test_exporting_into_a_build_folder_keeps_its_store(tmp_path):
    from kg.pipeline import build
    from kg.store import is_store

    build([SAMPLE], tmp_path)
    assert is_store(tmp_path / "store")
    export(tmp_path, tmp_path, ["nt"])
    assert is_store(tmp_path / "store") and (tmp_path / "graph.nt").exists()
    build([SAMPLE], tmp_path, store=False)  # a build without a store removes the one it no longer matches
    assert not (tmp_path / "store").exists()
