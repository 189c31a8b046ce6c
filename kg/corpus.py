"""A corpus: the triples of each article as extracted, and the graph they make together.

The graph of a corpus is a function of its set of articles: each article's
triples (:func:`kg.rdf.document_encoded`, keyed by the article's IRI) are
kept as extracted, and identities across articles (:mod:`kg.identity`) are
resolved over all of them whenever a graph is asked for. So adding articles
in batches (``kg build --into``) gives the graph a single build of them all
gives, and adding an article again with the same text changes nothing.

Triples are kept encoded (each term as its N-Triples text, :mod:`kg.triples`):
strings are several times quicker than rdflib's terms to pass between
processes, hash, compare and write.

The per-article triples are saved beside the graph as ``documents.jsonl.gz``
(one article a line: its IRI and its encoded triples, under ``"nt"``); that
file is what ``--into`` grows. (N-Quads would do, but parsing it with rdflib
is ten times slower.) Files of earlier versions, with triples as IRIs and
``[lexical form, datatype or @language]`` under ``"triples"``, still load.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef

from . import identity as idmod
from .errors import InputError
from .model import Extraction
from .outputs import atomic_path
from .rdf import DEFAULT_BASE, bind, doc_iri, document_encoded
from .triples import Triples, encode_triples

INDEX = "documents.jsonl.gz"


class Corpus:
    """Articles' triples by article IRI; :meth:`graph` links them into one graph.

    >>> c = Corpus()  # doctest: +SKIP
    >>> for ex in extract_paths(["a.jsonl"]): c.add(ex)
    >>> g = c.graph()
    """

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = base
        self.docs: dict[URIRef, tuple[tuple[str, str, str], ...]] = {}  # encoded triples, sorted
        self._identity: idmod.Identity | None = None
        self._saved: dict[URIRef, bytes] = {}  # an article's part of documents.jsonl.gz, if made already

    def __len__(self) -> int:
        return len(self.docs)

    def add(self, ex: Extraction) -> str:
        """Add (or replace) one article; returns ``added``, ``updated`` or ``unchanged``."""
        return self.add_triples(doc_iri(ex.doc, self.base), document_encoded(ex, self.base))

    def add_triples(self, doc: URIRef, triples: Iterable[tuple[str, str, str]], saved: bytes | None = None) -> str:
        """Add the encoded triples (:func:`kg.triples.encode_triples`) of article ``doc``, made elsewhere.

        ``saved`` is the article's part of documents.jsonl.gz (:func:`saved_form`), if
        the process that made the triples made it too.
        """
        new = tuple(triples)
        old = self.docs.get(doc)
        if old == new:
            return "unchanged"
        self.docs[doc] = new
        if saved is not None:
            self._saved[doc] = saved
        else:
            self._saved.pop(doc, None)
        self._identity = None
        return "added" if old is None else "updated"

    def identity(self) -> idmod.Identity:
        """Aliases and names over all articles (cached until an article changes)."""
        if self._identity is None:
            self._identity = idmod.resolve_encoded(t for ts in self.docs.values() for t in ts)
        return self._identity

    def document_graphs(self) -> Iterator[tuple[URIRef, set[tuple]]]:
        """(article IRI, its triples with identities linked), in IRI order."""
        ident = self.identity()
        for doc in sorted(self.docs):
            yield doc, _decoded({u for t in self.docs[doc] for u in ident.triples(t)})

    def triples(self) -> set[tuple]:
        """The linked graph as a plain set of triples (quicker than a Graph to compare)."""
        return _decoded(set(self._linked()))

    def _linked(self) -> Iterator[tuple[str, str, str]]:
        """Every article's encoded triples with identities linked (a triple may come more than once)."""
        ident = self.identity()
        return (u for ts in self.docs.values() for t in ts for u in ident.triples(t))

    def index(self) -> Triples:
        """The linked graph as a :class:`kg.triples.Triples`: what a build reads and writes, quicker than :meth:`graph`."""
        return Triples.from_encoded(set(self._linked()), namespaces=tuple(bind(Graph()).namespaces()))

    def graph(self) -> Graph:
        """The linked graph: the union of every article's linked triples.

        It is kept in rdflib's ``SimpleMemory`` store: a fifth smaller and
        faster to fill than the default (kg's graph needs no contexts), and it
        iterates subject by subject, so that a graph written from it has each
        subject's triples together.
        """
        return self.index().graph()

    def dataset(self) -> Dataset:
        """The linked graph as a dataset: one named graph (the article IRI) per article."""
        ds = Dataset()
        bind(ds)
        for doc, triples in self.document_graphs():
            g = ds.graph(doc)
            for t in triples:
                g.add(t)
        return ds

    def save(self, folder: str | Path) -> Path:
        """Write the per-article triples, as extracted, to ``folder/documents.jsonl.gz`` (atomically).

        The file is one gzip member per article (:func:`saved_form`; gzip reads
        them as one stream), made where the article's triples were made, so
        that a parallel build's workers compress it.
        """
        target = Path(folder) / INDEX
        with atomic_path(target) as tmp, open(tmp, "wb") as fh:
            for doc in sorted(self.docs):
                fh.write(self._saved.get(doc) or saved_form(doc, self.docs[doc]))
        return target

    @classmethod
    def load(cls, folder: str | Path, base: str | None = None) -> Corpus:
        """Read the corpus a build wrote into ``folder``.

        ``base`` (if given) must be the base IRI the folder was built with.
        """
        path = Path(folder) / INDEX
        if not path.exists():
            raise InputError(
                f"{path}: not found; --into needs a folder written by `kg build` (rebuild it with `kg build INPUT -o {folder}`)"
            )
        docs: dict[URIRef, tuple[tuple[str, str, str], ...]] = {}
        try:
            for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines():
                item = json.loads(line)
                if "nt" in item:
                    docs[URIRef(item["doc"])] = tuple(sorted({(s, p, o) for s, p, o in item["nt"]}))
                else:  # written by an earlier version
                    docs[URIRef(item["doc"])] = encode_triples((URIRef(s), URIRef(p), _decode(o)) for s, p, o in item["triples"])
        except (OSError, EOFError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}: damaged ({exc}); rebuild the folder with `kg build`") from None
        found = str(min(docs)).rsplit("/", 2)[0] + "/" if docs else None
        if base is not None and found is not None and found != base:
            raise InputError(f"{folder} was built with base IRI {found}, not {base}; pass --base {found} or leave --base out")
        corpus = cls(base or found or DEFAULT_BASE)
        corpus.docs = docs
        return corpus


def saved_form(doc: URIRef, triples: tuple[tuple[str, str, str], ...]) -> bytes:
    """An article's line of documents.jsonl.gz, compressed as a gzip member of its own.

    No file name and no time in the gzip header: the same article gives the same bytes.
    """
    line = json.dumps({"doc": str(doc), "nt": triples}, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(line.encode("utf-8") + b"\n", compresslevel=1, mtime=0)


def _decoded(triples: set[tuple[str, str, str]]) -> set[tuple]:
    """Encoded triples as rdflib terms."""
    return set(Triples.from_encoded(triples))


def _decode(value) -> URIRef | Literal:
    """A term as an earlier version saved it: an IRI as a string, a literal as [lexical form, datatype or "@" + language]."""
    if isinstance(value, str):
        return URIRef(value)
    text, kind = value
    if kind.startswith("@"):
        return Literal(text, lang=kind[1:])
    return Literal(text, datatype=URIRef(kind) if kind else None)


def build_graph(extractions: Iterable[Extraction], base: str = DEFAULT_BASE) -> Graph:
    """One graph from many extractions, with identities across articles linked.

    >>> g = build_graph(extract_paths(["examples/xuhui-2024-07-05.txt"]))  # doctest: +SKIP
    """
    corpus = Corpus(base)
    for ex in extractions:
        corpus.add(ex)
    return corpus.graph()
