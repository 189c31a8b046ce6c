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
from typing import TYPE_CHECKING, BinaryIO

from .errors import InputError, KgError, OutputError, QueryError
from .outputs import atomic_path, scratch

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.query import Result

    from .triples import Triples

STORE_DIR = "store"


def _ox():
    import pyoxigraph

    return pyoxigraph


def write_ntriples(g: Graph | Triples, path: str | os.PathLike[str], sort: bool = True, block: int = 50_000,
                   tee: BinaryIO | None = None) -> dict[str, str]:
    """Write ``g`` as N-Triples to ``path``, one triple a line, lines sorted; return the prefixes it uses.

    Sorted, the same graph gives the same file whatever order its triples
    were added in (a readable diff between builds), and each subject's
    triples come together, which Turtle written from the file groups
    (``sort=False`` is quicker, for readers that need no order). The
    prefixes are the graph's bound ones whose namespace occurs in the file
    (the ones Turtle written from it declares), found while writing it.
    ``tee``, if given, gets the same bytes as they are written (the store's
    writer reads them from a pipe).
    """
    from .triples import ntriples

    wanted = {p: "<" + str(ns) for p, ns in g.namespaces() if p}
    found: dict[str, str] = {}
    lines = ntriples(g, sort=sort)
    with open(path, "wb") as fh:
        while text := "".join(itertools.islice(lines, block)):
            for p, needle in list(wanted.items()):
                if needle in text:
                    found[p] = needle[1:]
                    del wanted[p]
            data = text.encode("utf-8")
            fh.write(data)
            if tee is not None:
                tee.write(data)
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
            background: bool = False, threads: int = 1):
    """Write ``g`` as Turtle to ``ttl_path`` and as a store to ``store_dir`` (either may be None) around the block.

    Both are made by pyoxigraph from the graph's sorted N-Triples
    (:func:`write_ntriples`), written to a scratch file first. Without
    ``background`` this process writes them all before the block. With it,
    everything is done while the block runs: a forked child (it reads the
    graph this process holds) writes the N-Triples, passing them as it goes
    to a new interpreter that loads them into the store (RocksDB must not be
    opened after a fork), then makes the Turtle. The files are complete when
    the block ends; if the block fails, the writers are stopped and nothing
    they were writing replaces a file. ``threads`` slices of N-Triples are
    loaded into the store at once (see :func:`write_store`).
    """
    if ttl_path is None and store_dir is None:
        yield
        return
    log, t = logging.getLogger("kg.pipeline"), time.perf_counter()
    target = Path(ttl_path if ttl_path is not None else store_dir)
    ttl = None if ttl_path is None else str(ttl_path)
    db = None if store_dir is None else str(store_dir)
    import multiprocessing

    if background and "fork" not in multiprocessing.get_all_start_methods():
        background = False  # no fork on this OS (Windows): the child could not read this process's graph
    if not background:
        with scratch(target.with_name(".graph.nt")) as nt:
            prefixes = write_ntriples(g, nt)
            if ttl is not None:
                turtle_from_ntriples(nt, ttl, prefixes)
            if db is not None:
                write_store(nt, db, threads=threads)
        log.info("n-triples + turtle + store: %.2f s", time.perf_counter() - t)
        yield
        return
    with scratch(target.with_name(".graph.nt")) as nt:
        ctx = multiprocessing.get_context("fork")
        receive, send = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_background, args=(g, str(nt), ttl, db, threads, send), daemon=True)
        child.start()
        send.close()
        try:
            yield
            child.join()
        except BaseException:
            child.terminate()  # it stops the store's writer, which removes its temporary folder
            child.join()
            raise
    try:
        error = receive.recv()
    except EOFError:  # the child sent nothing: all was written, or it died without a word
        error = None
    finally:
        receive.close()
    if error is None and child.exitcode:
        error = (str(target), f"the writer process failed (exit code {child.exitcode})")
    if error is not None:
        path, message = error
        raise OutputError(message if message.startswith("cannot write") else f"cannot write {path}: {message}")
    log.info("n-triples, turtle + store (in other processes): %.2f s", time.perf_counter() - t)


def _background(g, nt: str, ttl_path: str | None, store_dir: str | None, threads: int, send) -> None:
    """In a forked child: the N-Triples, streamed to a new interpreter building the store, then the Turtle.

    Sends ``(path, message)`` for the first output that failed; exits 0 when all were written.
    """
    import signal
    import subprocess
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the process group; the parent stops this child
    signal.signal(signal.SIGTERM, _exit_on_term)
    proc = None
    errors = tempfile.TemporaryFile()  # not a pipe: one left unread while this writes could fill and block the writer
    try:
        if store_dir is not None:
            proc = subprocess.Popen([sys.executable, "-c", _STORE_WRITER, store_dir, str(threads)], stdin=subprocess.PIPE, stderr=errors)
        try:
            prefixes = write_ntriples(g, nt, tee=proc.stdin if proc is not None else None)
            if proc is not None:
                proc.stdin.close()
        except BrokenPipeError:  # the store's writer stopped reading: it failed, and says why below
            prefixes = None
        if ttl_path is not None and prefixes is not None:
            turtle_from_ntriples(nt, ttl_path, prefixes)  # while the store's writer finishes
        if proc is not None:
            if proc.wait() or prefixes is None:
                errors.seek(0)
                lines = errors.read().decode("utf-8", "replace").strip().splitlines() or ["the store's writer process failed"]
                send.send((store_dir, lines[-1]))
    except KgError as exc:
        send.send((ttl_path or store_dir, str(exc)))
    except OSError as exc:
        send.send((nt, str(exc)))
    finally:
        if proc is not None:
            if proc.poll() is None:
                proc.terminate()  # it removes its temporary folder
                proc.wait()
            with contextlib.suppress(OSError):
                proc.stdin.close()
        errors.close()


# A fresh interpreter building the store at sys.argv[1] from N-Triples on stdin, sys.argv[2] slices at once;
# a KgError as the last line on stderr.
_STORE_WRITER = """
import signal, sys
from kg.errors import KgError
from kg.store import _exit_on_term, write_store
signal.signal(signal.SIGTERM, _exit_on_term)
try:
    # Larger slices: less CPU than the default's (the build's other processes want the cores), more memory.
    write_store(sys.stdin.buffer, sys.argv[1], chunk_triples=100_000, threads=int(sys.argv[2]))
except KgError as exc:
    sys.exit(str(exc))
"""


def _exit_on_term(signum, frame):
    raise SystemExit(143)  # unwinds the scratch and temporary files' context managers


def write_store(nt: str | os.PathLike[str] | BinaryIO, path: str | os.PathLike[str], chunk_triples: int = 50_000,
                threads: int = 1) -> Path:
    """Build an Oxigraph store at ``path`` from an N-Triples file (a path, or a binary file open for reading), replacing any store there.

    The file is loaded in slices of ``chunk_triples`` lines, ``threads`` at
    once, and the database compacted for queries. The store is built in a
    temporary folder beside ``path`` and moved into place when complete, so
    an interrupted build leaves the old one usable.
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
        # buffers all it is given: in slices of N-Triples lines its memory stays flat (~100 MiB at
        # 50,000 lines, ~250 MiB at 200,000; not 1 GiB for 1.3 M triples). Small slices load soonest,
        # large ones take less CPU in all.
        with open(nt, "rb") if isinstance(nt, (str, os.PathLike)) else contextlib.nullcontext(nt) as fh:
            with contextlib.closing(_read_ahead(fh, chunk_triples, ahead=max(2, threads))) as slices:
                _load(store, slices, threads)  # closed on the way out, its reader stops even if a load failed
        # Each slice leaves its own sorted files, which every query then searches: compacted into one
        # run, queries took a half to a third of the time (0.5 s of compaction for 540,000 triples).
        store.optimize()
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


def _load(store, slices: Iterator[bytes], threads: int) -> None:
    """``bulk_load`` each slice of N-Triples into ``store``, ``threads`` at once.

    One bulk_load of a graph under a million triples runs on one core, and
    lets other threads run meanwhile; each writes its own sorted files into
    the database (as Oxigraph's loader does from its own threads for bigger
    inputs), so slices load side by side. The first error stops the others
    after their current slice and is raised.
    """
    ox = _ox()
    if threads <= 1:
        for chunk in slices:
            store.bulk_load(chunk, format=ox.RdfFormat.N_TRIPLES)
        return
    import threading

    lock, failed = threading.Lock(), []

    def work() -> None:
        try:
            while not failed:
                with lock:  # a generator must not be advanced by two threads at once
                    chunk = next(slices, None)
                if chunk is None:
                    return
                store.bulk_load(chunk, format=ox.RdfFormat.N_TRIPLES)
        except BaseException as exc:
            failed.append(exc)

    helpers = [threading.Thread(target=work, name=f"kg-store-load-{i}", daemon=True) for i in range(threads - 1)]
    for t in helpers:
        t.start()
    try:
        work()
    finally:
        failed.append(None)  # tells the helpers to stop (SIGTERM or Ctrl-C while this thread loaded)
        for t in helpers:
            t.join()
    errors = [e for e in failed if e is not None]
    if errors:
        raise errors[0]


def _read_ahead(fh: BinaryIO, lines: int, ahead: int = 2) -> Iterator[bytes]:
    """Slices of ``lines`` lines of ``fh``, the next read by a thread while the caller loads one.

    bulk_load lets other threads run, so a writer feeding ``fh`` through a
    pipe is not held up while a slice loads. At most ``ahead`` slices wait.
    """
    import queue
    import threading

    slices: queue.Queue = queue.Queue(maxsize=ahead)
    done = threading.Event()

    def offer(item) -> bool:
        """Queue ``item`` unless the caller has stopped; whether it was queued."""
        while not done.is_set():
            try:
                slices.put(item, timeout=0.1)
                return True
            except queue.Full:
                pass
        return False

    def read() -> None:
        try:
            while chunk := b"".join(itertools.islice(fh, lines)):
                if not offer(chunk):
                    return
            offer(None)
        except BaseException as exc:  # handed to the caller, raised there
            offer(exc)

    reader = threading.Thread(target=read, name="kg-store-reader", daemon=True)
    reader.start()
    try:
        while (item := slices.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        done.set()  # the reader stops, even if the caller stopped early
        reader.join(timeout=1.0)  # a reader blocked on a pipe ends when its writer does


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
