"""SPARQL over a graph file, with results as a table, CSV, TSV or JSON."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from .errors import InputError, QueryError
from .rdf import bind

PREFIXES = """PREFIX schema: <https://schema.org/>
PREFIX kg: <https://w3id.org/kg-news/ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX org: <http://www.w3.org/ns/org#>
"""
FORMATS = ("table", "csv", "tsv", "json")


def load_graph(path: str | Path) -> Graph:
    """Parse a graph file (format from its suffix: .ttl, .nt, .trig, .nq, .jsonld, .rdf)."""
    p = Path(path)
    if p.is_dir():
        p = p / "graph.ttl"
    if not p.exists():
        raise InputError(f"{p}: no such graph file; build one with `kg build INPUT -o DIR`")
    from rdflib.util import guess_format

    fmt = guess_format(str(p)) or "turtle"
    try:
        return bind(Graph()).parse(str(p), format=fmt)
    except Exception as exc:  # rdflib raises many kinds for a bad file
        raise InputError(f"{p}: not a readable {fmt} graph: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None


def query_text(query: str) -> str:
    """The query itself, or the contents of a ``.rq``/``.sparql`` file it names."""
    if query.strip().endswith((".rq", ".sparql")) and "\n" not in query.strip():
        p = Path(query.strip())
        if not p.exists():
            raise InputError(f"{p}: no such query file")
        from .read import decode

        try:
            return decode(p.read_bytes(), str(p))
        except OSError as exc:
            raise InputError(f"{p}: cannot read the query file: {exc.strerror}") from None
    return query


def parse_params(pairs: Iterable[str]) -> dict[str, Node]:
    """``["name=张三", "from=2023-01-01"]`` -> values to bind to ``?name``, ``?from``.

    A value in ``<...>`` or starting with ``http(s)://`` is an IRI, ``YYYY-MM-DD`` an
    ``xsd:date``, an integer an ``xsd:integer``; anything else a plain string
    (as schema:name values are).
    """
    out: dict[str, Node] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"bad parameter {pair!r}; write NAME=VALUE, e.g. --param name=张三")
        if value.startswith("<") and value.endswith(">"):
            out[name] = URIRef(value[1:-1])
        elif re.match(r"https?://", value):
            out[name] = URIRef(value)
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            out[name] = Literal(value, datatype=XSD.date)
        elif re.fullmatch(r"-?\d+", value):
            out[name] = Literal(int(value))
        else:
            out[name] = Literal(value)
    return out


def check_params(text: str, params: dict[str, Node]) -> None:
    """Fail, naming the query's variables, if a parameter names none of them."""
    for name in params:
        if not re.search(rf"[?$]{re.escape(name)}\b", text):
            used = sorted(set(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", text)))
            raise QueryError(f"the query has no variable ?{name}; its variables are {', '.join('?' + u for u in used) or 'none'}")


def with_values(text: str, params: dict[str, Node]) -> str:
    """The query with ``params`` bound by a ``VALUES`` block opening its ``WHERE`` (for endpoints).

    >>> with_values("SELECT ?e WHERE { ?e schema:name ?n }", {"n": Literal("会议")})
    'SELECT ?e WHERE { VALUES (?n) { ("会议") } ?e schema:name ?n }'
    """
    if not params:
        return text
    m = re.search(r"\bWHERE\s*\{", text, flags=re.I)
    if m is None:
        raise QueryError("--param needs the query to have a WHERE { ... } clause to bind its values in")
    names = " ".join("?" + n for n in params)
    values = " ".join(v.n3() for v in params.values())
    return f"{text[:m.end()]} VALUES ({names}) {{ ({values}) }}{text[m.end():]}"


def query_source(source: str | Path, query: str, params: dict[str, Node] | None = None) -> Result:
    """Run SPARQL over a graph file, a build folder, an Oxigraph store or an endpoint URL.

    A build folder with a store (``kg build`` writes ``store/``) is queried in
    the store, without parsing the graph; an ``http(s)://`` URL is asked over
    the SPARQL 1.1 Protocol.
    """
    from .remote import is_url, query_endpoint
    from .store import open_store, query_store, store_path

    params = params or {}
    if is_url(str(source)):
        text = query_text(query)
        check_params(text, params)
        return query_endpoint(str(source), with_values(text, params))
    if db := store_path(source):
        return query_store(open_store(db), query, params)
    return run_query(load_graph(source), query, params)


def run_query(graph: Graph, query: str, params: dict[str, Node] | None = None) -> Result:
    """Run SPARQL (the usual prefixes are predeclared) and return rdflib's result.

    ``params`` binds variables before the query runs (rdflib's ``initBindings``),
    so a named query can be asked about one person, place or date range.
    """
    text = query_text(query)
    params = params or {}
    check_params(text, params)
    try:
        return graph.query(PREFIXES + text, initBindings=params)
    except Exception as exc:
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        # Point at the user's text, not at the prefixes we put before it.
        shift = PREFIXES.count("\n")
        msg = re.sub(r"\(at char \d+\), \(line:(\d+), col:(\d+)\)",
                     lambda m: f"(line {int(m[1]) - shift}, column {m[2]})", msg)
        raise QueryError(f"bad SPARQL query: {msg}") from None


def format_result(result: Result, fmt: str = "table") -> str:
    """Render a result: an aligned table, CSV, TSV or SPARQL JSON."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if result.type == "ASK":
        return json.dumps({"boolean": bool(result.askAnswer)}) if fmt == "json" else str(bool(result.askAnswer)).lower()
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.serialize(format="turtle").decode("utf-8")
    if fmt == "json":
        return result.serialize(format="json").decode("utf-8")
    names = [str(v) for v in result.vars]
    rows = [["" if row[v] is None else str(row[v]) for v in result.vars] for row in result]
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows)
        return buf.getvalue()
    return _table(names, rows)


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _table(names: list[str], rows: list[list[str]]) -> str:
    widths = [max([_width(n)] + [_width(r[i]) for r in rows]) for i, n in enumerate(names)]

    def line(cells):
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(names), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
