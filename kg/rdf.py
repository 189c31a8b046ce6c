"""Triples: extractions -> RDF in schema.org, with evidence for every fact.

The core graph is plain schema.org (``?event schema:attendee ?person``).
Beside it, each extracted triple has a ``kg:Evidence`` node: the statement
(``rdf:subject``/``rdf:predicate``/``rdf:object``), the ``kg:Sentence`` it
was read from (NIF offsets into the cleaned text, ``kg:rawBeginIndex`` into
the raw input, ``nif:referenceContext`` the article), the rule id and a
confidence.

IRIs are stable: a type and a normalized name (events also a date), so the
same input always gives the same graph and the same entity in two articles
is one node. The triples of one article depend on that article only
(:func:`document_encoded`; :func:`document_triples` as rdflib terms); what
needs the whole corpus -- aliases such as 北大 = 北京大学, one name per
node -- is :mod:`kg.identity`, a pass over the union.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from decimal import Decimal
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Graph, Namespace, URIRef
from rdflib.namespace import ORG, PROV

from . import dates as datemod
from . import lexicon
from .events import event_key, sentence_at, sentences
from .model import (
    ATTENDEE,
    CONTAINED_IN,
    END_DATE,
    GOVERNMENT,
    HOLDS_POSITION,
    LOCATION,
    ORGANIZATION,
    ORGANIZER,
    PERSON,
    PLACE,
    POST_IN,
    START_DATE,
    SUPER_EVENT,
    Document,
    Event,
    Extraction,
    Mention,
)
from .triples import decode, decoder, encode, lexical, literal_text
from .vocab import KG


class _Namespace(Namespace):
    """An rdflib Namespace that makes each term once (rdflib makes a new URIRef per attribute access)."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        if not name.startswith("_"):
            self.__dict__[name] = term
        return term


SDO = _Namespace("https://schema.org/")
NIF = _Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
# Terms of every fact's evidence, made once for the same reason.
_TYPE, _SUBJECT, _PREDICATE_OF, _OBJECT = RDF.type, RDF.subject, RDF.predicate, RDF.object
_EVIDENCE, _EVIDENCE_OF, _RULE, _CONFIDENCE = KG.Evidence, KG.evidence, KG.rule, KG.confidence
_DERIVED, _COUNT = PROV.wasDerivedFrom, XSD.nonNegativeInteger
DEFAULT_BASE = "https://w3id.org/kg-news/id/"

_CLASS = {PERSON: SDO.Person, ORGANIZATION: SDO.Organization, GOVERNMENT: SDO.Organization, PLACE: SDO.Place}
_PATH = {PERSON: "person", ORGANIZATION: "organization", GOVERNMENT: "organization", PLACE: "place"}
_EVENT_CLASS = {
    "Meeting": KG.Meeting,
    "Forum": KG.Forum,
    "Conference": KG.Conference,
    "Visit": KG.Visit,
    "Ceremony": KG.Ceremony,
    "Exhibition": KG.Exhibition,
    "Activity": KG.Activity,
}
_PREDICATE = {
    ATTENDEE: SDO.attendee,
    ORGANIZER: SDO.organizer,
    LOCATION: SDO.location,
    SUPER_EVENT: SDO.superEvent,
    CONTAINED_IN: SDO.containedInPlace,
}


# How far each mention rule is trusted to give the right type.
_TYPE_CONFIDENCE = {
    "person.after_title": 0.95,
    "person.list": 0.9,
    "person.repeat": 0.9,
    "person.nr_before_verb": 0.85,
    "person.before_verb": 0.8,
    "person.jieba_nr": 0.7,
    "place.lexicon": 0.9,
    "place.abbreviation": 0.9,
    "org.known": 0.95,
    "org.suffix": 0.8,
    "org.position_prefix": 0.85,
}


def bind(g: Graph) -> Graph:
    """Bind the prefixes kg uses."""
    g.bind("schema", SDO, replace=True)
    g.bind("kg", KG._NS)
    g.bind("prov", PROV)
    g.bind("nif", NIF)
    g.bind("org", ORG)
    return g


def _iri(base: str, path: str, name: str) -> URIRef:
    return URIRef(f"{base}{path}/{quote(name, safe='')}")


def doc_iri(doc: Document, base: str = DEFAULT_BASE) -> URIRef:
    """The IRI of an article."""
    return _iri(base, "doc", doc.id)


class _Writer:
    """Adds one extraction's triples to the set ``g``, each term encoded as its N-Triples text (:mod:`kg.triples`).

    Encoded directly: making rdflib's literals (which check and normalize
    their value) and then encoding them took a sixth of extraction's time.
    """

    def __init__(self, g, ex: Extraction, base: str) -> None:
        self.g, self.ex, self.base = g, ex, base
        self.doc = ex.doc
        self.doc_plain = str(doc_iri(self.doc, base))
        self.doc_iri = f"<{self.doc_plain}>"
        self.lex = lexicon.load()
        self.spans = list(ex.sentences) or sentences(self.doc.text)
        self.typed: set[str] = set()
        # position mention -> the relation naming its organization
        self.post_in = {r.subject: r for r in ex.relations if r.predicate == POST_IN}
        self.event_iris = self._event_iris()

    # -- nodes --------------------------------------------------------------

    def entity(self, m: Mention) -> str | None:
        """The node for a mention (adding its type and names), or None for generic words."""
        if m.type not in _CLASS:
            return None
        name = m.norm or m.text
        if m.type in (ORGANIZATION, GOVERNMENT) and _generic_org(name, self.lex):
            return None
        node = _node(self.base, _PATH[m.type], name)
        g = self.g
        if node not in self.typed:
            # The first mention in an article is the evidence for what the entity is.
            self.typed.add(node)
            cls = _e(SDO.GovernmentOrganization) if m.type == GOVERNMENT else _e(_CLASS[m.type])
            self.fact(node, _e(RDF.type), cls, (m.start, m.end), m.rule, _TYPE_CONFIDENCE.get(m.rule, 0.7))
        g.add((node, _e(RDF.type), _e(_CLASS[m.type])))
        g.add((node, _e(SDO.name), _lit(name)))
        if m.text != name:
            g.add((node, _e(SDO.alternateName), _lit(m.text)))
        g.add((self.doc_iri, _e(SDO.mentions), node))
        return node

    def _event_iris(self) -> dict[int, str]:
        """Events are named by kind of date: a conference by year, anything else by day."""
        start = {}
        for r in self.ex.relations:
            if r.predicate == START_DATE and isinstance(r.subject, Event):
                start[id(r.subject)] = datemod.start_end(r.object.norm)[0]
        people: dict[int, set[str]] = {}
        for r in self.ex.relations:
            if r.predicate in (ATTENDEE, ORGANIZER) and isinstance(r.subject, Event) and isinstance(r.object, Mention):
                people.setdefault(id(r.subject), set()).add(r.object.norm or r.object.text)
        fallback = self.doc.date.isoformat() if self.doc.date else "undated"
        out = {}
        for ev in self.ex.events:
            day = start.get(id(ev), fallback)
            when = day[:4] if ev.kind == "Conference" and day != "undated" else day
            if ev.named:
                key = event_key(ev.name)
            else:
                # An unnamed event (座谈会) is told apart by who took part, else by its article.
                who = sorted(people.get(id(ev), ()))[:3]
                key = ev.name + "|" + ("、".join(who) if who else self.doc.id)
            out[id(ev)] = _node(self.base, f"event/{when}", key)
        return out

    def event(self, ev: Event) -> str:
        node = self.event_iris[id(ev)]
        g = self.g
        if node not in self.typed:
            self.typed.add(node)
            cls = _e(_EVENT_CLASS.get(ev.kind, SDO.Event))
            self.fact(node, _e(RDF.type), cls, (ev.start, ev.end), ev.rule, 0.85 if ev.named else 0.75)
        g.add((node, _e(RDF.type), _e(SDO.Event)))
        if ev.kind in _EVENT_CLASS:
            g.add((node, _e(RDF.type), _e(_EVENT_CLASS[ev.kind])))
        g.add((node, _e(SDO.name), _lit(ev.name)))
        g.add((self.doc_iri, _e(SDO.mentions), node))
        return node

    def node(self, x: Mention | Event) -> str | None:
        return self.event(x) if isinstance(x, Event) else self.entity(x)

    def sentence(self, start: int, end: int) -> str:
        """The NIF node of the sentence around a span (added once)."""
        s, e = sentence_at(self.spans, start)
        if s == e:
            s, e = start, end
        node = f"<{self.doc_plain}#char={s},{e}>"
        g = self.g
        if node not in self.typed:
            self.typed.add(node)
            g.add((node, _e(_TYPE), _e(KG.Sentence)))
            g.add((node, _e(NIF.anchorOf), _lit(self.doc.text[s:e])))
            g.add((node, _e(NIF.beginIndex), _count(s)))
            g.add((node, _e(NIF.endIndex), _count(e)))
            g.add((node, _e(NIF.referenceContext), self.doc_iri))
            raw = self.doc.raw_span(s, e)
            if raw:
                g.add((node, _e(KG.rawBeginIndex), _count(raw[0])))
                g.add((node, _e(KG.rawEndIndex), _count(raw[1])))
        return node

    # -- facts --------------------------------------------------------------

    def fact(self, s, p, o, span: tuple[int, int], rule: str, confidence: float) -> None:
        """Assert ``s p o`` and its evidence."""
        g = self.g
        g.add((s, p, o))
        # The digest of the terms' plain forms (an IRI without <>, a literal's text), as kg has always made it.
        plain = f"{self.doc.id}|{s[1:-1]}|{p[1:-1]}|{_plain(o)}|{span[0]}"
        digest = hashlib.sha1(plain.encode()).hexdigest()[:20]
        ev = f"<{self.base}evidence/{digest}>"
        g.add((ev, _e(_TYPE), _e(_EVIDENCE)))
        g.add((ev, _e(_SUBJECT), s))
        g.add((ev, _e(_PREDICATE_OF), p))
        g.add((ev, _e(_OBJECT), o))
        g.add((ev, _e(_EVIDENCE_OF), self.sentence(*span)))
        g.add((ev, _e(_DERIVED), self.doc_iri))
        g.add((ev, _e(_RULE), _lit(rule)))
        g.add((ev, _e(_CONFIDENCE), _confidence(round(confidence, 2))))

    def article(self) -> None:
        doc, g, node = self.doc, self.g, self.doc_iri
        g.add((node, _e(RDF.type), _e(SDO.NewsArticle)))
        g.add((node, _e(SDO.identifier), _lit(doc.id)))
        if doc.title:
            g.add((node, _e(SDO.headline), _lit(doc.title)))
        if doc.date:
            g.add((node, _e(SDO.datePublished), _lit(doc.date.isoformat(), _e(XSD.date))))
        if doc.url:
            g.add((node, _e(SDO.url), _lit(doc.url, _e(XSD.anyURI))))
        source = doc.source if doc.line is None else f"{doc.source}:{doc.line}"
        g.add((node, _e(KG.sourceFile), _lit(source)))

    def write(self) -> None:
        self.article()
        for m in self.ex.mentions:
            self.entity(m)
        for ev in self.ex.events:
            self.event(ev)
        for r in self.ex.relations:
            self.relation(r)
        self.divisions()

    def relation(self, r) -> None:
        span = (r.start, r.end)
        if r.predicate in (START_DATE, END_DATE):
            value = datemod.role_value(r.object.norm, r.predicate == END_DATE)
            if value and datemod.is_day(value):
                pred = _e(SDO.startDate) if r.predicate == START_DATE else _e(SDO.endDate)
                self.fact(self.node(r.subject), pred, _lit(value, _e(XSD.date)), span, r.rule, r.confidence)
            return
        if r.predicate == HOLDS_POSITION:
            person = self.node(r.subject)
            self.fact(person, _e(SDO.jobTitle), _lit(r.object.norm or r.object.text), span, r.rule, r.confidence)
            post = self.post_in.get(r.object)
            org = self.node(post.object) if post is not None else None
            if org is not None:
                self.fact(person, _e(SDO.memberOf), org, span, post.rule, post.confidence)
                self.post(person, r.object.norm or r.object.text, org, span, r, post)
            return
        if r.predicate == POST_IN:
            return
        s, o = self.node(r.subject), self.node(r.object)
        if s is None or o is None or r.predicate not in _PREDICATE:
            return
        self.fact(s, _e(_PREDICATE[r.predicate]), o, span, r.rule, r.confidence)

    def post(self, person: str, title: str, org: str, span, held, post_in) -> None:
        """W3C ORG: the post (a title in one organization) and who holds it."""
        node = f"<{self.base}post/{org[1:-1].rsplit('/', 1)[-1]}/{quote(title, safe='')}>"
        g = self.g
        g.add((node, _e(RDF.type), _e(ORG.Post)))
        g.add((node, _e(SDO.name), _lit(title)))
        self.fact(node, _e(ORG.postIn), org, span, post_in.rule, post_in.confidence)
        self.fact(person, _e(ORG.holds), node, span, held.rule, held.confidence)

    def divisions(self) -> None:
        """A division named in the text lies in its parent divisions (浦东新区 ⊂ 上海市)."""
        first: dict[str, Mention] = {}
        for m in self.ex.mentions:
            if m.type == PLACE:
                first.setdefault(m.norm, m)
        for name, m in first.items():
            child = self.entity(m)
            parent = self.lex.parent_of(name)
            while parent and child is not None:
                node = _node(self.base, "place", parent)
                self.g.add((node, _e(RDF.type), _e(SDO.Place)))
                self.g.add((node, _e(SDO.name), _lit(parent)))
                self.fact(child, _e(SDO.containedInPlace), node, (m.start, m.end), "place.division_parent", 0.95)
                child, parent = node, self.lex.parent_of(parent)


def _e(term: URIRef) -> str:
    """An IRI, encoded (:mod:`kg.triples`)."""
    found = _IRIS.get(term)
    if found is None:
        found = _IRIS[term] = f"<{term}>"
    return found


_IRIS: dict = {}


def _node(base: str, path: str, name: str) -> str:
    return f"<{base}{path}/{quote(name, safe='')}>"


@functools.lru_cache(maxsize=65536)
def _lit(value, datatype: str | None = None) -> str:
    """A literal, encoded: text, or the lexical form of a value of ``datatype`` (encoded)."""
    text = literal_text(str(value))
    return text if datatype is None else f"{text}^^{datatype}"


@functools.lru_cache(maxsize=256)
def _confidence(value: float) -> str:
    return _lit(Decimal(str(value)), _e(XSD.decimal))


def _count(n: int) -> str:
    return _lit(n, _e(_COUNT))


def _plain(term: str) -> str:
    """An encoded term's plain form: an IRI without <>, a literal's text."""
    return term[1:-1] if term[0] == "<" else str(decode(term))


def _generic_org(name: str, lex: lexicon.Lexicon) -> bool:
    """区委, 市政协: an organization word that names no particular body."""
    bare = name[1:] if name[:1] in lex.level_chars else name
    return name in lex.org_units or bare in lex.org_units or name in lex.not_orgs


def document_encoded(ex: Extraction, base: str = DEFAULT_BASE) -> tuple[tuple[str, str, str], ...]:
    """The triples of one article, each term encoded as its N-Triples text (:mod:`kg.triples`): each once, sorted.

    They depend on ``ex`` alone, so articles can be turned into triples in any
    order or in parallel and merged by set union.
    """
    out: set[tuple[str, str, str]] = set()
    _Writer(out, ex, base).write()
    return tuple(sorted(out))


def document_triples(ex: Extraction, base: str = DEFAULT_BASE) -> frozenset[tuple]:
    """The triples of one article (:func:`document_encoded`) as rdflib terms: its node, entities, events, facts and evidence."""
    term = decoder()
    return frozenset((term(s), term(p), term(o)) for s, p, o in document_encoded(ex, base))


def add_extraction(g: Graph, ex: Extraction, base: str = DEFAULT_BASE) -> None:
    """Add one article's triples (:func:`document_triples`) to ``g``, as extracted (no identity pass)."""
    for t in document_triples(ex, base):
        g.add(t)


def column(g: Graph, pred) -> dict:
    """subject -> object of ``pred`` in ``g``, in one pass (far quicker than a lookup per subject).

    A subject with several objects keeps the least in N-Triples form, whatever order the graph holds them in.
    """
    if hasattr(g, "column"):  # a kg.triples.Triples keeps its columns
        return g.column(pred)
    out: dict = {}
    for s, _, o in g.triples((None, pred, None)):
        if s not in out or encode(o) < encode(out[s]):
            out[s] = o
    return out


def evidence_of(g: Graph) -> dict[tuple, list[tuple[str | None, URIRef | None]]]:
    """(subject, predicate, object) -> its evidence: (sentence text, document) pairs, each once, sorted (None where unknown).

    One join over the ``kg:Evidence`` nodes. On a :class:`kg.triples.Triples`
    it runs through the encoded terms (:meth:`~kg.triples.Triples.links`) and
    decodes only the facts, sentences and documents it ends on: most of an
    archive's nodes are evidence and sentences that no one reads by name.

    >>> evidence_of(g)[(event, SDO.attendee, person)]  # doctest: +SKIP
    [('区委书记张三出席会议。', rdflib.term.URIRef('https://.../doc/a1'))]
    """
    if hasattr(g, "links"):
        # The projection and the page both ask. A sentence's text is read without making its Literal.
        return g.memo("evidence", lambda: _evidence_of(g.links, g.term, lexical))
    return _evidence_of(functools.partial(column, g), lambda x: x, str)


def _evidence_of(links: Callable[[URIRef], dict], term: Callable, text_of: Callable[..., str]) -> dict[tuple, list]:
    subjects, predicates, objects = links(RDF.subject), links(RDF.predicate), links(RDF.object)
    sentences, origins, anchors = links(KG.evidence), links(PROV.wasDerivedFrom), links(NIF.anchorOf)
    found: dict[tuple, set] = {}
    for ev, s in subjects.items():
        p, o = predicates.get(ev), objects.get(ev)
        if p is None or o is None:
            continue
        found.setdefault((s, p, o), set()).add((anchors.get(sentences.get(ev)), origins.get(ev)))
    out = {}
    for (s, p, o), pairs in found.items():
        decoded = {(None if text is None else text_of(text), None if doc is None else term(doc)) for text, doc in pairs}
        out[(term(s), term(p), term(o))] = sorted(decoded, key=lambda pair: (pair[0] or "", str(pair[1] or "")))
    return out


def label_of(g: Graph, node) -> str:
    """A node's schema:name (or rdfs:label), else the last part of its IRI."""
    for p in (SDO.name, RDFS.label):
        v = g.value(node, p)
        if v is not None:
            return str(v)
    return str(node).rsplit("/", 1)[-1]
