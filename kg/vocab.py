"""kg's own vocabulary. Generated from schema/kg.ttl by ``python -m kg.vocabgen``; do not edit."""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class KG(DefinedNamespace):
    """Terms of https://w3id.org/kg-news/ns# (schema/kg.ttl)."""

    _fail = True
    _NS = Namespace("https://w3id.org/kg-news/ns#")

    Activity: URIRef  # Activity
    Ceremony: URIRef  # Ceremony
    Conference: URIRef  # Conference
    Evidence: URIRef  # Evidence
    Exhibition: URIRef  # Exhibition
    Forum: URIRef  # Forum
    Meeting: URIRef  # Meeting
    Sentence: URIRef  # Sentence
    Visit: URIRef  # Visit
    confidence: URIRef  # confidence
    evidence: URIRef  # evidence sentence
    rawBeginIndex: URIRef  # raw begin index
    rawEndIndex: URIRef  # raw end index
    rule: URIRef  # rule
    sourceFile: URIRef  # source file
