"""The build's light triple table and encoded terms: the same graph rdflib holds, written the same."""

from __future__ import annotations

import gzip
import json

from rdflib import Graph, Literal, URIRef

from kg.corpus import INDEX, Corpus
from kg.rdf import RDF, SDO, column, evidence_of
from kg.triples import Triples, decode, encode, ntriples


def test_terms_round_trip_through_their_encoding(sample_graph):
    odd = [Literal('他说："好\\n"\n第二行\r'), Literal("x", lang="zh"), Literal("7", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")), URIRef("urn:x")]
    terms = {t for triple in sample_graph for t in triple} | set(odd)
    assert len(terms) > 300
    for t in terms:
        back = decode(encode(t))
        assert back == t and type(back) is type(t), t


def test_ntriples_lines_parse_back_to_the_graph(sample_graph):
    data = "".join(ntriples(sample_graph)).encode("utf-8")
    assert data == b"".join(sorted(data.splitlines(keepends=True)))
    again = Graph().parse(data=data.decode("utf-8"), format="nt")
    assert set(again) == set(sample_graph)


def test_table_answers_as_the_rdflib_graph(sample_graph):
    table = Triples(sample_graph)
    assert len(table) == len(sample_graph) and set(table) == set(sample_graph)
    people = set(sample_graph.subjects(RDF.type, SDO.Person))
    assert people and set(table.subjects(RDF.type, SDO.Person)) == people
    for node in sorted(people)[:20]:
        assert table.value(node, SDO.name) == sample_graph.value(node, SDO.name)
        assert set(table.objects(node, SDO.jobTitle)) == set(sample_graph.objects(node, SDO.jobTitle))
        assert (node, RDF.type, SDO.Person) in table
    for p in (SDO.attendee, SDO.location, RDF.type):
        assert set(table.triples((None, p, None))) == set(sample_graph.triples((None, p, None)))
    assert set(table.graph()) == set(sample_graph)


def test_index_of_an_earlier_version_still_loads(sample_extractions, tmp_path):
    corpus = Corpus()
    for ex in sample_extractions:
        corpus.add(ex)
    expected = corpus.triples()
    # documents.jsonl.gz as kg wrote it before triples were kept encoded
    rows = []
    for doc in sorted(corpus.docs):
        triples = [[str(s), str(p), str(o) if isinstance(o, URIRef) else [str(o), "@" + o.language if o.language else str(o.datatype or "")]]
                   for s, p, o in (tuple(decode(x) for x in t) for t in corpus.docs[doc])]
        rows.append(json.dumps({"doc": str(doc), "triples": triples}, ensure_ascii=False))
    (tmp_path / INDEX).write_bytes(gzip.compress(("\n".join(rows) + "\n").encode("utf-8")))
    assert Corpus.load(tmp_path).triples() == expected


def test_columns_and_evidence_read_the_same_from_the_table_and_the_rdflib_graph(sample_graph):
    table = Triples(sample_graph)
    facts = evidence_of(sample_graph)
    assert len(facts) > 50 and evidence_of(table) == facts
    event, attendee = next((s, o) for s, p, o in facts if p == SDO.attendee)
    sentence, doc = facts[(event, SDO.attendee, attendee)][0]
    assert str(sample_graph.value(attendee, SDO.name)) in sentence and (doc, RDF.type, SDO.NewsArticle) in sample_graph
    for p in (SDO.startDate, SDO.name, RDF.type):
        assert column(table, p) == column(sample_graph, p)


def test_a_column_keeps_the_same_object_of_several_whatever_their_order():
    s, p = URIRef("urn:event"), SDO.startDate
    dates = [Literal("2024-07-05"), Literal("2024-07-01"), Literal("2024-07-03")]
    for order in (dates, dates[::-1], dates[1:] + dates[:1]):
        table = Triples((s, p, d) for d in order)
        g = Graph()
        for d in order:
            g.add((s, p, d))
        assert column(table, p) == column(g, p) == {s: Literal("2024-07-01")}
