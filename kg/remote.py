"""SPARQL servers: run Oxigraph's, push graphs to any, query any over the SPARQL 1.1 protocol.

``kg serve`` runs the server binary of the ``oxigraph`` package (not a
hand-written HTTP handler): SPARQL 1.1 Query, Update and Graph Store
Protocol on ``/query``, ``/update`` and ``/store``. ``kg push`` sends a graph
file with the Graph Store Protocol (HTTP POST to add, PUT to replace), which
Oxigraph, Fuseki, GraphDB and Virtuoso all speak.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from rdflib.query import Result

from .errors import InputError, KgError, QueryError

# Graph file suffix -> media type the Graph Store Protocol is sent.
MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".rdf": "application/rdf+xml",
    ".xml": "application/rdf+xml",
    ".jsonld": "application/ld+json",
    ".n3": "text/n3",
}


class RemoteError(KgError):
    """A SPARQL server cannot be reached or refused a request."""


def is_url(value: str) -> bool:
    """Whether ``value`` is an http(s) URL rather than a path."""
    return value.startswith(("http://", "https://"))


# --- serve -----------------------------------------------------------------------------


def oxigraph_binary() -> str:
    """The ``oxigraph`` server command (from the ``oxigraph`` PyPI package)."""
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if not found:
        raise KgError("the Oxigraph server is not installed; install it with: pip install 'kg[server]'")
    return found


def serve_command(path: str | os.PathLike[str], host: str = "127.0.0.1", port: int = 7878,
                  writable: bool = False) -> list[str]:
    """The command line that serves the store at ``path`` (a store folder or a build folder).

    Read-only unless ``writable``; a writable server on a folder with no
    store starts an empty one there.
    """
    from .store import STORE_DIR, is_store, store_path

    p = Path(path)
    db = store_path(p)
    if db is None:
        if not writable:
            raise InputError(f"{p}: no Oxigraph store here; build one with `kg build INPUT -o DIR` "
                             f"(it writes DIR/{STORE_DIR}), or add --writable to start an empty one")
        if p.is_dir() and (p / "graph.ttl").exists():
            db = p / STORE_DIR  # a build folder built with --no-store
        elif p.exists() and (not p.is_dir() or any(p.iterdir())) and not is_store(p):
            raise InputError(f"{p}: not an Oxigraph store and not empty; give a new folder for an empty store")
        else:
            db = p
    mode = "serve" if writable else "serve-read-only"
    return [oxigraph_binary(), mode, "--location", str(db), "--bind", f"{host}:{port}"]


def endpoints(host: str, port: int) -> dict[str, str]:
    """The URLs an Oxigraph server offers."""
    root = f"http://{host}:{port}"
    return {"query": f"{root}/query", "update": f"{root}/update", "store": f"{root}/store"}


# --- push ------------------------------------------------------------------------------


def _graph_file(path: str | os.PathLike[str]) -> Path:
    p = Path(path)
    if p.is_dir():
        p = p / "graph.ttl"
    if not p.is_file():
        raise InputError(f"{p}: no such graph file; build one with `kg build INPUT -o DIR`")
    if p.suffix.lower() not in MEDIA_TYPES:
        raise InputError(f"{p}: cannot push a {p.suffix or 'suffix-less'} file; "
                         f"give one of {', '.join(sorted(MEDIA_TYPES))}")
    return p


def graph_store_url(endpoint: str, graph: str | None = None) -> str:
    """The Graph Store Protocol URL of the default graph, or of the named ``graph``."""
    if not is_url(endpoint):
        raise InputError(f"{endpoint!r} is not an http(s) URL; give the server's graph store URL, "
                         "e.g. http://127.0.0.1:7878/store")
    param = "graph=" + urllib.parse.quote(graph, safe="") if graph else "default"
    return endpoint + ("&" if "?" in endpoint else "?") + param


def _opener(url: str, user: str | None, password: str | None):
    handlers = []
    if user:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, user, password or "")
        handlers += [urllib.request.HTTPBasicAuthHandler(manager), urllib.request.HTTPDigestAuthHandler(manager)]
    return urllib.request.build_opener(*handlers)


def _send(request: urllib.request.Request, opener, timeout: float) -> tuple[int, bytes]:
    try:
        with opener.open(request, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace").strip().splitlines()
        detail = f": {body[0][:200]}" if body else ""
        raise RemoteError(f"{request.get_method()} {request.full_url} failed with HTTP {exc.code} {exc.reason}{detail}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise RemoteError(f"cannot reach {request.full_url}: {reason}; is the server running?") from None


def push(path: str | os.PathLike[str], endpoint: str, graph: str | None = None, replace: bool = False,
         user: str | None = None, password: str | None = None, timeout: float = 600) -> str:
    """Send a graph file (or a build folder's graph.ttl) to a Graph Store Protocol endpoint.

    POST adds the triples to the target graph; ``replace`` PUTs them in its
    place. ``graph`` names the target graph (default: the default graph).
    Returns a one-line account of what was sent.
    """
    p = _graph_file(path)
    url = graph_store_url(endpoint, graph)
    size = p.stat().st_size
    headers = {"Content-Type": MEDIA_TYPES[p.suffix.lower()], "Content-Length": str(size)}
    opener = _opener(url, user, password)
    method = "PUT" if replace else "POST"
    with p.open("rb") as fh:
        # With credentials the request may be sent twice (after a 401 challenge), so it must be bytes.
        body = fh.read() if user else fh
        status, _ = _send(urllib.request.Request(url, data=body, headers=headers, method=method), opener, timeout)
    target = f"graph <{graph}>" if graph else "the default graph"
    done = f"replaced {target}" if replace else f"added to {target}"
    return f"pushed {p} ({size:,} bytes) to {endpoint}: {done} (HTTP {status})"


# --- query over the protocol ---------------------------------------------------------------


def query_endpoint(url: str, query: str, user: str | None = None, password: str | None = None,
                   timeout: float = 600) -> Result:
    """Run SPARQL on a remote endpoint (SPARQL 1.1 Protocol, POST) and return an rdflib result.

    The usual prefixes are predeclared. Results are asked for as SPARQL JSON
    (Virtuoso answers RDF/XML unless asked) and graphs as Turtle.
    """
    from .sparql import PREFIXES, query_text

    text = PREFIXES + query_text(query)
    headers = {
        "Content-Type": "application/sparql-query; charset=utf-8",
        "Accept": "application/sparql-results+json, text/turtle;q=0.9",
    }
    request = urllib.request.Request(url, data=text.encode("utf-8"), headers=headers, method="POST")
    try:
        status, body = _send(request, _opener(url, user, password), timeout)
    except RemoteError as exc:
        if " HTTP 400 " in str(exc):
            # Point at the user's text, not at the prefixes we put before it.
            shift = PREFIXES.count("\n")
            msg = re.sub(r"\b(\d+):(\d+)\b", lambda m: f"{max(1, int(m[1]) - shift)}:{m[2]}",
                         str(exc).split(": ", 1)[-1])
            raise QueryError(f"bad SPARQL query: {msg}") from None
        raise
    try:
        data = json.loads(body)
    except ValueError:
        from rdflib import Graph

        from .rdf import bind

        g = bind(Graph())
        try:
            g.parse(data=body, format="turtle")
        except Exception:
            raise RemoteError(f"{url} answered neither SPARQL JSON nor Turtle; is it a SPARQL query endpoint?") from None
        out = Result("CONSTRUCT")
        out.graph = g
        return out
    from rdflib.plugins.sparql.results.jsonresults import JSONResult

    return JSONResult(data)
