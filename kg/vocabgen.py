"""Generate :mod:`kg.vocab` from ``schema/kg.ttl``: ``python -m kg.vocabgen schema/kg.ttl > kg/vocab.py``.

The ontology file is the source of truth; the Python namespace is generated
from it (as rdflib does for its own namespaces) and a test checks they agree.
"""

from __future__ import annotations

import sys
from pathlib import Path

NS = "https://w3id.org/kg-news/ns#"


def render(ttl: str | Path) -> str:
    """The source of ``kg/vocab.py`` for the terms defined in ``ttl``."""
    from rdflib import RDF, RDFS, Graph, URIRef

    g = Graph().parse(str(ttl), format="turtle")
    terms = sorted(
        {str(s)[len(NS) :] for s in g.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(NS)}
    )
    lines = [
        '"""kg\'s own vocabulary. Generated from schema/kg.ttl by ``python -m kg.vocabgen``; do not edit."""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "",
        "class KG(DefinedNamespace):",
        '    """Terms of https://w3id.org/kg-news/ns# (schema/kg.ttl)."""',
        "",
        "    _fail = True",
        f'    _NS = Namespace("{NS}")',
        "",
    ]
    for term in terms:
        label = g.value(URIRef(NS + term), RDFS.label)
        lines.append(f"    {term}: URIRef  # {label}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render(sys.argv[1] if len(sys.argv) > 1 else "schema/kg.ttl"))
