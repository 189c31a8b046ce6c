"""Identity across articles: which nodes of a corpus are one thing, and its one name.

Per-article triples (:func:`kg.rdf.document_triples`) already share a node
wherever two articles use the same normalized name (a person in ten articles
is one IRI). This pass looks at the whole corpus for what one article cannot
know:

- a place written in a short form kg's divisions know (徐汇 -> 徐汇区) is
  the division's node;
- an organization written as an abbreviation of exactly one other
  organization of the corpus (北大 -> 北京大学, 世卫组织 -> 世界卫生组织;
  see :func:`abbreviations`) is that organization's node;
- a post (W3C ORG) follows its organization;
- a node keeps one ``schema:name``; its other names become
  ``schema:alternateName``.

The result depends only on the set of triples (not on their order), so
building articles together or one batch after another gives the same graph.
Persons are never merged or split by this pass: see README, "Identity".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, unquote

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import ORG

from . import lexicon
from .triples import decoder, encode

SDO_NAME = URIRef("https://schema.org/name")
SDO_ALT = URIRef("https://schema.org/alternateName")
_PLACE = URIRef("https://schema.org/Place")
_EVENT = URIRef("https://schema.org/Event")
_ORGS = (URIRef("https://schema.org/Organization"), URIRef("https://schema.org/GovernmentOrganization"))


@dataclass(frozen=True)
class Identity:
    """The outcome of :func:`resolve`: where each merged node goes and each node's name."""

    nodes: dict[URIRef, URIRef]  # alias node -> canonical node
    names: dict[URIRef, Literal]  # canonical node -> its one schema:name
    name: object = SDO_NAME  # the predicates, as the triples given to :meth:`triples` write them
    alt: object = SDO_ALT

    def node(self, term):
        """The canonical node of ``term`` (itself if it is not an alias)."""
        return self.nodes.get(term, term)

    def triples(self, t: tuple) -> tuple[tuple, ...]:
        """``t`` with nodes replaced by their canonical ones: none, one or two triples.

        A ``schema:name`` other than the node's name becomes
        ``schema:alternateName`` (and an alias node's name also states the
        canonical name, which no article may have written); an alternate name
        equal to the name is dropped.
        """
        s, p, o = t
        c = self.nodes.get(s, s)
        if not isinstance(o, Literal):
            o = self.nodes.get(o, o)
        if p == self.name or p == self.alt:
            name = self.names.get(c)
            if name is not None:
                if o == name:
                    return () if p == self.alt else ((c, p, o),)
                if p == self.name and s in self.nodes:
                    return (c, self.name, name), (c, self.alt, o)
                return ((c, self.alt, o),)
        if c is s and o is t[2]:
            return (t,)  # the same tuple: a corpus's linked graph shares most of its triples with the articles'
        return ((c, p, o),)


def _last(node: URIRef) -> str:
    return unquote(str(node).rsplit("/", 1)[-1])


def _sibling(node: URIRef, name: str) -> URIRef:
    """The IRI of the same kind as ``node`` for another name."""
    return URIRef(str(node).rsplit("/", 1)[0] + "/" + quote(name, safe=""))


def abbreviations(full: str, lex: lexicon.Lexicon | None = None) -> frozenset[str]:
    """The short forms of the organization name ``full`` (without ``full`` itself).

    ``full`` is read as place + body + suffix (北京 + 师范 + 大学, with a
    suffix from kg's organization rules); a short form keeps the place, its
    short form or its first character, keeps the body or takes the first
    character of each of its words (jieba's words, and two-character
    halves of four-character ones), and keeps the suffix, its first
    character or its words' first characters. A name with no suffix has no
    short form.

    >>> {"世卫组织", "世界卫生组"} <= abbreviations("世界卫生组织")  # doctest: +SKIP
    True
    """
    lex = lex or lexicon.load()
    suffix = next((x for x in lex.org_suffixes if full.endswith(x) and len(x) < len(full)), None)
    if suffix is None:
        return frozenset()
    rest = full[: -len(suffix)]
    place = next((rest[:i] for i in range(len(rest), 1, -1) if lex.is_place_name(rest[:i])), "")
    body = rest[len(place) :]
    places = {place, place[:1]} | (_short_places(lex).get(lex.canonical_place(place), set()) if place else set())
    bodies = {body} | ({_initials(body, fine) for fine in (False, True)} if body else set())
    suffixes = {suffix, suffix[0], _initials(suffix, False)}
    forms = {p + b + x for p in places for b in bodies for x in suffixes}
    return frozenset(f for f in forms if len(f) >= 2 and f != full and not lex.is_place_name(f))


_SHORT: dict[int, dict[str, set[str]]] = {}


def _short_places(lex: lexicon.Lexicon) -> dict[str, set[str]]:
    """Canonical place name -> its short forms (the lexicon's aliases reversed)."""
    if id(lex) in _SHORT:
        return _SHORT[id(lex)]
    out: dict[str, set[str]] = defaultdict(set)
    for short, name in lex.place_alias.items():
        out[name].add(short)
    _SHORT.clear()
    _SHORT[id(lex)] = out
    return out


def _initials(text: str, fine: bool) -> str:
    """First characters of the words of ``text`` (``fine``: four-character words as two halves)."""
    from . import segment

    base = segment.tokenizer().tokenizer
    words = []
    for w in base.lcut(text, HMM=False):
        if fine and len(w) == 4 and base.FREQ.get(w[:2]) and base.FREQ.get(w[2:]):
            words += [w[:2], w[2:]]
        else:
            words.append(w)
    return "".join(w[0] for w in words)


def resolve(triples: Iterable[tuple], lex: lexicon.Lexicon | None = None) -> Identity:
    """Find the aliases and names of a corpus from all its triples (any order)."""
    lex = lex or lexicon.load()
    types: dict[URIRef, set] = defaultdict(set)
    names: dict[URIRef, set[Literal]] = defaultdict(set)
    post_in: dict[URIRef, URIRef] = {}
    rdf_type, post_in_ = RDF.type, ORG.postIn  # looked up once: rdflib makes the term anew on each access
    for s, p, o in triples:
        if p == rdf_type:
            types[s].add(o)
        elif p == SDO_NAME:
            names[s].add(o)
        elif p == post_in_:
            post_in[s] = o
    nodes: dict[URIRef, URIRef] = {}
    orgs: dict[str, URIRef] = {}
    for node, ts in types.items():
        if not isinstance(node, URIRef):
            continue
        if _PLACE in ts:
            name = _last(node)
            canonical = lex.canonical_place(name)
            if canonical != name:
                nodes[node] = _sibling(node, canonical)
        elif any(t in ts for t in _ORGS):
            orgs[_last(node)] = orgs.get(_last(node), node)
    nodes.update(_org_aliases(orgs, lex))
    for post, org in post_in.items():
        target = nodes.get(org)
        if target is not None:
            # post/<organization>/<title>: the same title in the merged organization
            head, title = str(post).rsplit("/", 1)
            nodes[post] = URIRef(head.rsplit("/", 1)[0] + "/" + str(target).rsplit("/", 1)[-1] + "/" + title)
    merged: dict[URIRef, set[Literal]] = defaultdict(set)
    for node, ns in names.items():
        merged[nodes.get(node, node)] |= ns
    canonical = {node: _name(node, ns, _EVENT in types.get(node, ())) for node, ns in merged.items()}
    for target in set(nodes.values()):
        canonical[target] = Literal(_last(target))  # places, organizations, posts: named by their IRI
    return Identity(nodes=nodes, names=canonical)


def resolve_encoded(triples: Iterable[tuple[str, str, str]], lex: lexicon.Lexicon | None = None) -> Identity:
    """:func:`resolve` over encoded triples (:mod:`kg.triples`); the identity maps encoded terms too.

    Only the triples it reads (types, names, posts' organizations) are decoded, each once: a
    corpus's articles repeat most of them.
    """
    wanted = {encode(RDF.type), encode(SDO_NAME), encode(ORG.postIn)}
    found = {t for t in triples if t[1] in wanted}
    term = decoder()
    ident = resolve(((term(s), term(p), term(o)) for s, p, o in found), lex)
    return Identity(
        nodes={encode(a): encode(b) for a, b in ident.nodes.items()},
        names={encode(a): encode(b) for a, b in ident.names.items()},
        name=encode(SDO_NAME),
        alt=encode(SDO_ALT),
    )


def _org_aliases(orgs: dict[str, URIRef], lex: lexicon.Lexicon) -> dict[URIRef, URIRef]:
    fulls_of: dict[str, list[str]] = defaultdict(list)
    for name in sorted(orgs):
        for short in abbreviations(name, lex):
            if short in orgs:
                fulls_of[short].append(name)
    out = {}
    for short, fulls in fulls_of.items():
        # Only an unambiguous short form, and only onto a name that is no short form itself.
        if len(fulls) == 1 and fulls[0] not in fulls_of:
            out[orgs[short]] = orgs[fulls[0]]
    return out


def _name(node: URIRef, names: set[Literal], event: bool) -> Literal:
    """The name the IRI was made from; for an event (whose IRI drops a year) the longest, then first in order."""
    if not event:
        own = _last(node)
        for n in names:
            if str(n) == own:
                return n
    return min(names, key=lambda n: (-len(str(n)), str(n)))
