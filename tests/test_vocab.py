"""kg/vocab.py is generated from schema/kg.ttl; the two must agree."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, Graph, URIRef

from kg import vocabgen
from kg.vocab import KG
from conftest import ROOT

TTL = ROOT / "schema" / "kg.ttl"


def test_generated_module_is_up_to_date():
    assert (ROOT / "kg" / "vocab.py").read_text(encoding="utf-8") == vocabgen.render(TTL), (
        "regenerate with: python -m kg.vocabgen schema/kg.ttl > kg/vocab.py"
    )


def test_namespace_is_closed():
    assert str(KG.Evidence) == "https://w3id.org/kg-news/ns#Evidence"
    with pytest.raises(AttributeError):
        KG.NoSuchTerm  # noqa: B018


def test_every_term_has_bilingual_labels_and_a_comment():
    g = Graph().parse(TTL)
    for term in g.subjects(RDF.type, None):
        if not str(term).startswith(vocabgen.NS):
            continue
        langs = {label.language for label in g.objects(term, RDFS.label)}
        assert {"en", "zh"} <= langs, term
        assert g.value(term, RDFS.comment) is not None, term


def test_graph_uses_only_defined_kg_terms(sample_graph):
    defined = {str(t) for t in Graph().parse(TTL).subjects(RDF.type, None)}
    used = {str(x) for triple in sample_graph for x in triple if isinstance(x, URIRef) and str(x).startswith(vocabgen.NS)}
    assert used <= defined, used - defined


def test_event_kinds_specialize_schema_event():
    g = Graph().parse(TTL)
    SDO = "https://schema.org/"
    for kind in ("Meeting", "Forum", "Conference", "Visit", "Ceremony", "Activity"):
        assert (KG[kind], RDFS.subClassOf, URIRef(SDO + "Event")) in g
