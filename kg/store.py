"""Fast RDF output and an on-disk SPARQL store, with pyoxigraph.

rdflib keeps the graph in memory for the work done in Python; writing it is
pyoxigraph's: ``graph.ttl`` through its Turtle serializer (rdflib's takes
minutes on an archive's graph), and ``store/``, a persistent Oxigraph
database (RocksDB) that ``kg query`` and ``kg serve`` answer SPARQL from
without parsing the graph again.

Oxigraph stores the integer types derived from ``xsd:integer`` (such as the
``xsd:nonNegativeInteger`` of NIF offsets) as ``xsd:integer``; the values and
comparisons are the same, the datatype IRI in results is the base one.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, OutputError, QueryError
from .outputs import atomic_path, scratch

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.query import Result

    from .triples import Triples

STORE_DIR = "store"


def _ox():
    import pyoxigraph

    return pyoxigraph


def write_ntriples(g: Graph | Triples, path: str | os.PathLike[str]) -> Path:
    """Write ``g`` as N-Triples to ``path``, one triple a line, lines sorted.

    Sorted, the same graph gives the same file whatever order its triples
    were added in (a readable diff between builds), and each subject's
    triples come together, which Turtle written from the file groups.
    """
    from .triples import ntriples

    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(ntriples(g))
    return Path(path)


def used_prefixes(g: Graph | Triples, nt_path: str | os.PathLike[str], block: int = 1 << 24) -> dict[str, str]:
    """The graph's bound prefixes whose namespace occurs in the N-Triples file ``nt_path``."""
    wanted = {p: b"<" + str(ns).encode() for p, ns in g.namespaces() if p}
    found: dict[str, str] = {}
    tail = b""
    with open(nt_path, "rb") as fh:
        while wanted and (chunk := fh.read(block)):
            text = tail + chunk
            for p, needle in list(wanted.items()):
                if needle in text:
                    found[p] = needle[1:].decode()
                    del wanted[p]
            tail = text[-256:]
    return found


def turtle_from_ntriples(nt_path: str | os.PathLike[str], path: str | os.PathLike[str],
                         prefixes: dict[str, str]) -> Path:
    """Rewrite an N-Triples file as Turtle at ``path``, atomically."""
    ox = _ox()
    target = Path(path)
    with atomic_path(target) as tmp:
        ox.serialize(ox.parse(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES), output=str(tmp),
                     format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    return target


@contextlib.contextmanager
def writing(g: Graph | Triples, ttl_path: str | os.PathLike[str] | None, store_dir: str | os.PathLike[str] | None,
            background: bool = False):
    """Write ``g`` as Turtle to ``ttl_path`` and as a store to ``store_dir`` (either may be None) around the block.

    Both are made by pyoxigraph from the graph's sorted N-Triples
    (:func:`write_ntriples`), which this process writes to a scratch file
    first. With ``background`` new interpreters (one for each) make them while the block
    runs (pyoxigraph holds the GIL, so a thread would not overlap; a forked
    process would copy the graph's memory page by page as it read it, and
    must not open RocksDB); otherwise they are written before it. The files
    are complete when the block ends; if the block fails, the writer is
    stopped and nothing it was writing replaces a file.
    """
    if ttl_path is None and store_dir is None:
        yield
        return
    log, t = logging.getLogger("kg.pipeline"), time.perf_counter()
    target = Path(ttl_path if ttl_path is not None else store_dir)
    with scratch(target.with_name(".graph.nt")) as nt:
        write_ntriples(g, nt)
        args = [str(nt), None if ttl_path is None else str(ttl_path), used_prefixes(g, nt),
                None if store_dir is None else str(store_dir)]
        if not background:
            _from_ntriples(*args)
            log.info("n-triples + turtle + store: %.2f s", time.perf_counter() - t)
            yield
            return
        log.info("n-triples: %.2f s", time.perf_counter() - t)
        import json
        import subprocess
        import sys

        t = time.perf_counter()
        # Turtle and the store each in their own interpreter: the store takes longest, Turtle need not wait for it.
        jobs = [(ttl_path, [args[0], args[1], args[2], None]), (store_dir, [args[0], None, {}, args[3]])]
        procs = [(path, subprocess.Popen([sys.executable, "-c", _WRITER, json.dumps(a)], stderr=subprocess.PIPE))
                 for path, a in jobs if path is not None]
        try:
            yield
            errors = [(path, proc.communicate()[1], proc.returncode) for path, proc in procs]
        except BaseException:
            for _, proc in procs:
                proc.terminate()  # it removes its temporary files, as this process does
                proc.wait()
            raise
        for path, err, code in errors:
            if code:
                lines = err.decode("utf-8", "replace").strip().splitlines() or ["the writer process failed"]
                raise OutputError(f"cannot write {path}: {lines[-1]}")
        log.info("turtle + store (in other processes): %.2f s", time.perf_counter() - t)


def _from_ntriples(nt_path, ttl_path, prefixes, store_dir) -> None:
    if ttl_path is not None:
        turtle_from_ntriples(nt_path, ttl_path, prefixes)
    if store_dir is not None:
        write_store(nt_path, store_dir)


# A fresh interpreter running _from_ntriples: its arguments as JSON; a KgError as the last line on stderr.
_WRITER = """
import json, signal, sys
from kg.errors import KgError
from kg.store import _exit_on_term, _from_ntriples
signal.signal(signal.SIGTERM, _exit_on_term)
try:
    _from_ntriples(*json.loads(sys.argv[1]))
except KgError as exc:
    sys.exit(str(exc))
"""


def _exit_on_term(signum, frame):
    raise SystemExit(143)  # unwinds the scratch and temporary files' context managers


def write_store(nt_path: str | os.PathLike[str], path: str | os.PathLike[str], chunk_triples: int = 50_000) -> Path:
    """Build an Oxigraph store at ``path`` from an N-Triples file, replacing any store there.

    The store is built in a temporary folder beside ``path`` and moved into
    place when complete, so an interrupted build leaves the old one usable.
    """
    ox = _ox()
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}; check the folder is writable") from exc
    try:
        store = ox.Store(str(tmp))
        # bulk_load writes sorted files directly (~6x faster than a transactional load on disk) but
        # buffers all it is given: in slices of N-Triples lines its memory stays flat (~100 MiB, not
        # 1 GiB for 1.3 M triples), and it is no slower.
        with open(nt_path, "rb") as fh:
            while chunk := b"".join(itertools.islice(fh, chunk_triples)):
                store.bulk_load(chunk, format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        del store  # closes the database before it moves
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            if old.exists():
                shutil.rmtree(old)
            os.replace(target, old)
        os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write the store {target}: {exc}") from exc
        raise
    return target


def remove_store(path: str | os.PathLike[str]) -> None:
    """Remove a store that a new build no longer matches."""
    p = Path(path)
    if is_store(p):
        shutil.rmtree(p)


def is_store(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is an Oxigraph store folder (a RocksDB database)."""
    p = Path(path)
    return p.is_dir() and (p / "CURRENT").is_file() and any(p.glob("MANIFEST-*"))


def store_path(path: str | os.PathLike[str]) -> Path | None:
    """The store to use for ``path``: the path itself, or a build folder's ``store/``, else None."""
    p = Path(path)
    if is_store(p):
        return p
    if p.is_dir() and is_store(p / STORE_DIR):
        return p / STORE_DIR
    return None


def open_store(path: str | os.PathLike[str]):
    """Open a store for reading."""
    ox = _ox()
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise InputError(f"{path}: cannot open the store: {str(exc).splitlines()[0]}") from None


def to_rdflib(term):
    """An Oxigraph term as the rdflib term of the same value."""
    from rdflib import BNode, Literal, URIRef

    ox = _ox()
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise QueryError(f"unsupported term in a result: {term!r}")


def query_store(store, query: str, params: dict | None = None) -> Result:
    """Run SPARQL on an Oxigraph store; the result is an rdflib result (same formatting as in memory).

    The usual prefixes (schema:, kg:, prov:, nif:, org:, rdf:, rdfs:, xsd:)
    are predeclared, as for in-memory graphs; ``params`` binds variables
    (:func:`kg.sparql.with_values`), as :func:`kg.sparql.run_query` does.
    """
    from rdflib import Graph, Variable
    from rdflib.query import Result

    ox = _ox()
    from .sparql import PREFIXES, check_params, query_text, with_values

    text = query_text(query)
    params = params or {}
    check_params(text, params)
    prefixes = dict(
        (line.split()[1].rstrip(":"), line.split()[2].strip("<>")) for line in PREFIXES.splitlines() if line.strip()
    )
    try:
        # Oxigraph's own substitutions only bind variables the query projects; VALUES binds any.
        res = store.query(with_values(text, params), prefixes=prefixes)
    except SyntaxError as exc:
        msg = re.sub(r"error at (\d+):(\d+): (.*)", r"\3 (line \1, column \2)", str(exc).splitlines()[0])
        raise QueryError(f"bad SPARQL query: {msg}") from None
    except OSError as exc:
        raise QueryError(f"the query failed: {str(exc).splitlines()[0]}") from None
    if isinstance(res, ox.QueryBoolean):
        out = Result("ASK")
        out.askAnswer = bool(res)
        return out
    if isinstance(res, ox.QuerySolutions):
        names = [v.value for v in res.variables]
        out = Result("SELECT")
        out.vars = [Variable(n) for n in names]
        out.bindings = [
            {Variable(n): to_rdflib(sol[n]) for n in names if sol[n] is not None} for sol in res
        ]
        return out
    g = Graph()
    from .rdf import bind

    bind(g)
    for t in res:
        g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    out = Result("CONSTRUCT")
    out.graph = g
    return out
