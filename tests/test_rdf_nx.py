"""RDF output is valid and round-trips; the networkx projection carries what the page shows."""

from __future__ import annotations

import re

from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from kg.nx import to_networkx
from kg.rdf import SDO


def test_iris_are_plain_ascii_uris(sample_graph):
    for triple in sample_graph:
        for term in triple:
            if isinstance(term, URIRef):
                assert re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[!#$%&'()*+,\-./0-9:;=?@A-Z_a-z~]*", str(term)), term


def test_round_trips_through_ntriples_and_jsonld(sample_graph):
    for fmt in ("nt", "json-ld", "xml"):
        back = Graph().parse(data=sample_graph.serialize(format=fmt), format=fmt)
        assert isomorphic(back, sample_graph), fmt


def test_core_triples_stand_without_the_provenance_layer(sample_graph):
    """Plain s-p-o queries work: attendee triples are asserted, not only reified."""
    attendees = list(sample_graph.triples((None, SDO.attendee, None)))
    assert len(attendees) >= 14


def test_networkx_projection(sample_graph):
    G = to_networkx(sample_graph)
    by_label = {attrs["label"]: (node, attrs) for node, attrs in G.nodes(data=True)}
    node, attrs = by_label["黄冲"]
    assert attrs["type"] == "Person" and attrs["positions"] == ["区政协主席"]
    persons = [n for n, a in G.nodes(data=True) if a["type"] == "Person"]
    assert len(persons) == 14
    edges = [d for _, _, d in G.in_edges(node, data=True) if d["predicate"] == "attendee"]
    assert edges and all(d["label"] == "出席" and d["sentences"] for d in edges)
    assert any("黄冲带领" in s for d in edges for s in d["sentences"])
    # Events are hubs: the work meeting links its 13 attendees and its date.
    meeting = next(n for n, a in G.nodes(data=True) if a["type"] == "Event" and "季度工作会议" in a["label"])
    assert G.nodes[meeting]["start_date"] == "2024-07-04"
    assert sum(1 for _, _, d in G.out_edges(meeting, data=True) if d["predicate"] == "attendee") == 13
