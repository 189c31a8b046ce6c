"""SPARQL on a graph of at least a million triples: rdflib in memory vs pyoxigraph (memory, disk).

    python benchmarks/sparql.py GRAPH           # GRAPH: a graph.ttl/.nt or a build folder
    python benchmarks/sparql.py output/ --min-triples 1000000

A graph smaller than ``--min-triples`` is grown by copies whose article,
evidence and sentence IRIs are renamed (the entities stay shared, as in an
archive with more articles about the same people), so any build will do;
the 12 MB build of benchmarks/build.py (``--keep DIR``) is already 1.3 M.

Each engine runs in a fresh interpreter: load time, memory after loading
(RSS growth) and the time of each query. The queries are every
``examples/queries/*.rq`` plus a few representative ones of this file.
Prints a Markdown section for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, header, python, run_measured  # noqa: E402

PREFIXES = """PREFIX schema: <https://schema.org/>
PREFIX kg: <https://w3id.org/kg-news/ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

QUERIES = {
    "date-range filter (articles of one month)":
        'SELECT (COUNT(?a) AS ?n) WHERE { ?a schema:datePublished ?d '
        'FILTER(?d >= "2023-03-01"^^xsd:date && ?d < "2023-04-01"^^xsd:date) }',
    "2-hop count (events sharing an attendee, with a place)":
        "SELECT (COUNT(*) AS ?n) WHERE { ?e1 schema:attendee ?p . ?e2 schema:attendee ?p . ?e2 schema:location ?l }",
    "entities by type":
        "SELECT ?t (COUNT(?s) AS ?n) WHERE { ?s a ?t } GROUP BY ?t ORDER BY DESC(?n)",
    "attendance with its evidence sentence (first 100)":
        "SELECT ?event ?person ?sentence WHERE { ?e schema:attendee ?p ; schema:name ?event . ?p schema:name ?person . "
        "?ev rdf:subject ?e ; rdf:predicate schema:attendee ; rdf:object ?p ; kg:evidence/nif:anchorOf ?sentence } "
        "ORDER BY ?event ?person LIMIT 100",
}

ENGINE = r"""
import json, sys, time, resource
def rss():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20
engine, nt, qfile = sys.argv[1:4]
queries = json.load(open(qfile, encoding="utf-8"))
before = rss()
t0 = time.perf_counter()
if engine == "rdflib":
    from rdflib import Graph
    g = Graph().parse(nt, format="nt")
    run = lambda q: len(list(g.query(q)))
else:
    import pyoxigraph as ox
    if engine == "pyoxigraph-memory":
        g = ox.Store()
        g.load(path=nt, format=ox.RdfFormat.N_TRIPLES)
    else:
        import shutil, tempfile
        from kg.store import write_store
        d = tempfile.mkdtemp(prefix="kg-bench-store-")
        write_store(nt, d + "/store")  # as `kg build` writes OUTDIR/store
        g = ox.Store.read_only(d + "/store")
    run = lambda q: len(list(g.query(q)))
load = time.perf_counter() - t0
mem = rss() - before
times = {}
for name, q in queries.items():
    t = time.perf_counter(); n = run(q); times[name] = [time.perf_counter() - t, n]
print(json.dumps({"load": load, "mem": mem, "queries": times}))
if engine == "pyoxigraph-disk":
    shutil.rmtree(d, ignore_errors=True)
"""


def grow(graph: Path, dest: Path, min_triples: int) -> int:
    """Write ``graph`` as N-Triples to ``dest``, copied with renamed article IRIs until ``min_triples``."""
    import pyoxigraph as ox

    nt = ox.serialize(ox.parse(path=str(graph)), format=ox.RdfFormat.N_TRIPLES)
    n = nt.count(b"\n")
    copies = max(1, -(-min_triples // n))
    with dest.open("wb") as out:
        out.write(nt)
        for k in range(1, copies):
            out.write(nt.replace(b"/id/doc/", b"/id/doc/copy%d-" % k).replace(b"/id/evidence/", b"/id/evidence/copy%d-" % k))
    store = ox.Store()  # distinct triples: the copies share their entities
    store.load(path=str(dest), format=ox.RdfFormat.N_TRIPLES)
    return len(store)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("graph", type=Path, help="graph file (.ttl, .nt) or build folder")
    ap.add_argument("--min-triples", type=int, default=1_000_000)
    ap.add_argument("--engines", nargs="+", default=["rdflib", "pyoxigraph-memory", "pyoxigraph-disk"])
    args = ap.parse_args()
    graph = args.graph / "graph.ttl" if args.graph.is_dir() else args.graph
    queries = {f"{p.stem} (examples/queries)": PREFIXES + p.read_text(encoding="utf-8")
               for p in sorted((ROOT / "examples" / "queries").glob("*.rq"))}
    queries.update({k: PREFIXES + v for k, v in QUERIES.items()})
    lines = [header("SPARQL: rdflib vs pyoxigraph")]
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        nt = Path(tmp) / "graph.nt"
        n = grow(graph, nt, args.min_triples)
        qfile = Path(tmp) / "queries.json"
        qfile.write_text(json.dumps(queries), encoding="utf-8")
        lines.append(f"Graph: {n:,} triples ({graph}, grown to at least {args.min_triples:,}); "
                     f"N-Triples {nt.stat().st_size / 2**20:.0f} MiB.\n")
        res = {}
        for engine in args.engines:
            res[engine] = json.loads(run_measured(python(ENGINE, engine, str(nt), str(qfile)))["stdout"])
    engines = list(res)
    lines.append("| | " + " | ".join(engines) + " |")
    lines.append("|---|" + "---:|" * len(engines))
    lines.append("| load | " + " | ".join(f"{res[e]['load']:.1f} s" for e in engines) + " |")
    lines.append("| memory after load | " + " | ".join(f"{res[e]['mem']:,.0f} MiB" for e in engines) + " |")
    for name in queries:
        cells = []
        for e in engines:
            t, rows = res[e]["queries"][name]
            cells.append(f"{t:.3f} s ({rows} rows)")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("\nLoad: rdflib `Graph.parse` of N-Triples; pyoxigraph-memory `Store().load`; pyoxigraph-disk "
                 "`kg.store.write_store` (`bulk_load` in slices, then compacted) and reopened read-only, as `kg build` writes "
                 "and `kg query` reads OUTDIR/store.")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
