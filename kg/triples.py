"""A read-only table of triples: what a build needs of a graph, without rdflib's store.

rdflib's in-memory store keeps three indexes and adds a triple in about 7 µs,
so filling it dominated a build's time after extraction. The build only
reads its graph by predicate (:func:`kg.rdf.column`, the projection, the
page's evidence) and writes it as N-Triples, so :class:`Triples` keeps one
index, predicate -> subject -> objects, filled in a fraction of a
microsecond per triple, and formats N-Triples itself. :meth:`Triples.graph`
gives an rdflib graph where one is needed (JSON-LD, validation, SPARQL).

Between processes and in a corpus, triples travel *encoded*: each term as its
N-Triples text (``<iri>``, ``"text"@zh``, ``"5"^^<datatype>``; see
:func:`encode`). Plain strings pickle, hash and compare several times faster
than rdflib's terms, whose constructors check every IRI and literal again
when they are unpickled; the N-Triples file is then their lines, sorted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from rdflib import BNode, Graph, Literal, URIRef

T = TypeVar("T")


class Triples:
    """A set of triples indexed by predicate then subject, read with rdflib's ``Graph`` methods.

    It answers ``triples``, ``subjects``, ``objects``, ``value``,
    ``namespaces``, ``len``, ``in`` and iteration as a ``Graph`` holding the
    same triples does (without SPARQL or writing). Triples are held encoded
    (:func:`encode`); a term is decoded to rdflib's the first time it is read,
    so what no reader asks for (offsets, rule ids) is never decoded.

    >>> t = Triples({(URIRef("urn:a"), URIRef("urn:p"), Literal("x"))})
    >>> t.value(URIRef("urn:a"), URIRef("urn:p"))
    rdflib.term.Literal('x')
    """

    def __init__(self, triples: Iterable[tuple], namespaces: Iterable[tuple[str, URIRef]] = ()) -> None:
        self._by_predicate, self._len = _index(encode_triples(triples))  # distinct
        self._pending: set | frozenset | None = None
        self._namespaces = tuple(namespaces)
        self._term = decoder()
        self._columns: dict = {}
        self._memo: dict = {}

    @classmethod
    def from_encoded(cls, encoded: Iterable[tuple[str, str, str]], namespaces: Iterable[tuple[str, URIRef]] = ()) -> Triples:
        """The table of encoded triples (:func:`encode`), indexed when first read.

        Until then :attr:`encoded` and ``len`` answer from the set itself: a
        parallel build forks the process that writes the N-Triples first,
        and indexes the graph while that process writes.
        """
        table = cls((), namespaces)
        table._pending = encoded if isinstance(encoded, (set, frozenset)) else set(encoded)
        table._by_predicate, table._len = None, len(table._pending)
        return table

    @property
    def _index(self) -> dict:
        """predicate -> subject -> objects, made on first use."""
        if self._by_predicate is None:
            self._by_predicate, self._len = _index(self._pending)
            self._pending = None
        return self._by_predicate

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[tuple]:
        return self.triples((None, None, None))

    def __contains__(self, triple: tuple) -> bool:
        s, p, o = (encode(t) for t in triple)
        return o in self._index.get(p, {}).get(s, ())

    @property
    def encoded(self) -> Iterator[tuple[str, str, str]]:
        """The triples, encoded."""
        if self._by_predicate is None:
            return iter(self._pending)
        return ((s, p, o) for p, by_subject in self._index.items() for s, objects in by_subject.items() for o in objects)

    def triples(self, pattern: tuple) -> Iterator[tuple]:
        """The triples matching ``(s, p, o)``, where None matches anything."""
        s, p, o = (None if t is None else encode(t) for t in pattern)
        term = self._term
        for pred in (p,) if p is not None else tuple(self._index):
            by_subject = self._index.get(pred)
            if not by_subject:
                continue
            pred_term = term(pred)
            for subj, objects in by_subject.items() if s is None else ((s, by_subject.get(s, ())),):
                subj_term = None
                for obj in objects:
                    if o is None or obj == o:
                        if subj_term is None:
                            subj_term = term(subj)
                        yield subj_term, pred_term, term(obj)

    def column(self, predicate) -> dict:
        """subject -> object of ``predicate`` (of several, the least encoded), made once: the projection and the page both read them."""
        found = self._columns.get(predicate)
        if found is None:
            term = self._term
            found = self._columns[predicate] = {term(s): term(o) for s, o in self.links(predicate).items()}
        return found

    def memo(self, key: str, make: Callable[[], T]) -> T:
        """``make()``, made once for this table (what several readers derive from it, such as the evidence)."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def links(self, predicate) -> dict[str, str]:
        """Encoded subject -> one encoded object of ``predicate``, nothing decoded: for joins through nodes no one reads.

        Decode what the join ends on with :meth:`term`.
        """
        # Of several objects, the least encoded (as value()): the set they came from has no order.
        return {s: objects[0] if len(objects) == 1 else min(objects) for s, objects in self._index.get(encode(predicate), {}).items()}

    def term(self, text: str):
        """The rdflib term of an encoded term, the same object each time (the terms :meth:`triples` gives)."""
        return self._term(text)

    def subjects(self, predicate=None, object=None) -> Iterator:
        """Subjects of the matching triples (once per triple, as rdflib's)."""
        return (s for s, _, _ in self.triples((None, predicate, object)))

    def objects(self, subject=None, predicate=None) -> Iterator:
        """Objects of the matching triples."""
        return (o for _, _, o in self.triples((subject, predicate, None)))

    def value(self, subject, predicate, default=None):
        """One object of ``(subject, predicate)`` (the least encoded, if several), else ``default``."""
        objects = self._index.get(encode(predicate), {}).get(encode(subject))
        if not objects:
            return default
        return self._term(min(objects))

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        """The prefixes bound for writing (as ``Graph.namespaces``)."""
        return iter(self._namespaces)

    def graph(self) -> Graph:
        """The same triples in an rdflib graph, with the same prefixes."""
        g = Graph(store="SimpleMemory")
        for prefix, ns in self._namespaces:
            g.bind(prefix, ns, replace=True)
        g.store.addN((s, p, o, g) for s, p, o in self)
        return g


def _index(encoded: Iterable[tuple[str, str, str]]) -> tuple[dict, int]:
    """predicate -> subject -> [objects] of distinct triples, and their number."""
    index: dict = {}
    n = 0
    for s, p, o in encoded:
        by_subject = index.get(p)
        if by_subject is None:
            by_subject = index[p] = {}
        objects = by_subject.get(s)
        if objects is None:
            by_subject[s] = [o]
        else:
            objects.append(o)
        n += 1
    return index, n


def ntriples(triples: Iterable[tuple], sort: bool = True) -> Iterator[str]:
    r"""The N-Triples lines (with newline) of ``triples``, each once, sorted (as strings and as UTF-8 bytes).

    Lines are made one at a time from the sorted triples: the file of a big
    graph is never held whole in memory. ``sort=False`` leaves them in the
    order they come (of a :class:`Triples`, each once).

    >>> list(ntriples([(URIRef("urn:a"), URIRef("urn:p"), Literal('a "b"'))]))
    ['<urn:a> <urn:p> "a \\"b\\"" .\n']
    """
    encoded = triples.encoded if isinstance(triples, Triples) else encode_triples(triples)
    # Sorting the triples sorts their lines: every IRI ends in ">", which no IRI holds inside.
    for s, p, o in _sorted(encoded) if sort else encoded:
        yield f"{s} {p} {o} .\n"


def _sorted(encoded: Iterable[tuple[str, str, str]]) -> Iterator[tuple[str, str, str]]:
    """Encoded triples in order, grouped by subject first: half the time of sorting the triples whole.

    Most subjects hold a few triples, so most comparisons are of two subject
    IRIs alone rather than of tuples that share them.
    """
    by_subject: dict[str, list] = {}
    for t in encoded:
        group = by_subject.get(t[0])
        if group is None:
            by_subject[t[0]] = [t]
        else:
            group.append(t)
    for s in sorted(by_subject):
        group = by_subject.pop(s)
        if len(group) > 1:
            group.sort()
        yield from group


_CODES: dict = {}  # term -> its text, kept across calls (a process's articles share most terms)
_CODES_MAX = 500_000


def encode(term) -> str:
    """A term as its N-Triples text.

    >>> encode(URIRef("urn:a")), encode(Literal("二"))
    ('<urn:a>', '"二"')
    """
    found = _CODES.get(term)
    if found is None:
        if len(_CODES) > _CODES_MAX:
            _CODES.clear()
        found = _CODES[term] = _term(term)
    return found


def encode_triples(triples: Iterable[tuple]) -> tuple[tuple[str, str, str], ...]:
    """Triples of rdflib terms with each term encoded (:func:`encode`): each once, sorted."""
    return tuple(sorted({(encode(s), encode(p), encode(o)) for s, p, o in triples}))


def decoder() -> Callable[[str], object]:
    """A :func:`decode` that decodes each text once and gives the same term object for it after."""
    terms: dict[str, object] = {}

    def term(text: str):
        found = terms.get(text)
        if found is None:
            found = terms[text] = decode(text)
            if len(_CODES) < _CODES_MAX:
                _CODES[found] = text  # a reader passes the terms it was given back in patterns
        return found

    return term


def decode(text: str):
    """The rdflib term of an encoded term (:func:`encode`).

    >>> decode('"5"^^<http://www.w3.org/2001/XMLSchema#integer>').toPython()
    5
    """
    if text[0] == "<":
        return URIRef(text[1:-1])
    if text[0] == '"':
        value = lexical(text)
        rest = text[text.rfind('"') + 1 :]
        if rest.startswith("@"):
            return Literal(value, lang=rest[1:])
        if rest.startswith("^^<"):
            return Literal(value, datatype=URIRef(rest[3:-1]))
        return Literal(value)
    if text.startswith("_:"):
        return BNode(text[2:])
    raise ValueError(f"not an encoded RDF term: {text!r}")


def lexical(text: str) -> str:
    """The lexical form of an encoded literal (``str`` of its term), without making the term.

    >>> lexical('"他说\\"好\\""@zh')
    '他说"好"'
    """
    value = text[1 : text.rfind('"')]
    if "\\" in value:
        value = _UNESCAPE.sub(lambda m: _ESCAPES[m.group(1)], value)
    return value


_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "r": "\r", "t": "\t"}
_UNESCAPE = re.compile(r'\\([\\"nrt])')


def literal_text(text: str) -> str:
    """``text`` as a plain N-Triples literal: quoted, with \\, ", newlines and returns escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def _term(t) -> str:
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, Literal):
        quoted = literal_text(str(t))
        if t.language:
            return f"{quoted}@{t.language}"
        if t.datatype is not None:
            return f"{quoted}^^<{t.datatype}>"
        return quoted
    if isinstance(t, BNode):
        return f"_:{t}"
    raise ValueError(f"not an RDF term: {t!r}")
