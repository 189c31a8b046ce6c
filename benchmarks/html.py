"""Benchmark the HTML page on a big graph: generation time, and time until it is interactive in Chromium.

Builds a graph from the first ``--articles`` articles of the CCTV archive in
../shared/data, draws its ``--nodes`` best-connected nodes, times
``kg.html.render_html`` (``--runs`` times: best–worst), then opens the page in headless
Chromium (networking off) and times until the page says it is drawn and
ready, and how long a search and a type filter take there. Prints one line
per figure; the figures go in benchmarks/README.md under "## HTML".

    python benchmarks/html.py                       # ~1,500 articles -> 5,000 drawn nodes
    python benchmarks/html.py --articles 0          # the whole archive, cut to 5,000 nodes

Needs /usr/bin/chromium and Playwright (`pip install -e '.[test]'`).
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is called html.py: keep its folder off the import path, or it would
# hide the standard library's html module from everything imported below.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse
import itertools
import platform
import subprocess
import tempfile
import time

ROOT = _HERE.parent
ARCHIVE = ROOT.parent / "shared" / "data" / "news_xwlb_2023h1.jsonl"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def build(articles: int):
    """(rdf graph, projection, articles read, seconds) for the first ``articles`` (0: all)."""
    from kg import nx as knx
    from kg import corpus, pipeline

    start = time.perf_counter()
    extractions = pipeline.extract_paths([ARCHIVE])
    if articles:
        extractions = itertools.islice(extractions, articles)
    extractions = list(extractions)
    g = corpus.build_graph(extractions)
    projection = knx.to_networkx(g)
    return g, projection, len(extractions), time.perf_counter() - start


def time_render(g, projection, nodes: int, runs: int) -> tuple[str, dict[str, float]]:
    from kg import html, view

    timings: dict[str, list[float]] = {"evidence": [], "layout": [], "render": []}
    page = ""
    for _ in range(runs):
        t0 = time.perf_counter()
        source = view.evidence(g)
        t1 = time.perf_counter()
        html._hub_layout(view.top_by_degree(projection, nodes))
        t2 = time.perf_counter()
        page = html.render_html(projection, title="benchmark", source=g, max_nodes=nodes)
        t3 = time.perf_counter()
        timings["evidence"].append(t1 - t0)
        timings["layout"].append(t2 - t1)
        timings["render"].append(t3 - t2)
    del source
    return page, {k: (min(v), max(v)) for k, v in timings.items()}


def time_browser(path: Path, runs: int) -> dict[str, tuple[float, float]]:
    """(best, worst) seconds over ``runs`` fresh browser contexts, per figure."""
    from playwright.sync_api import sync_playwright

    seen: dict[str, list[float]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page = context.new_page()
            start = time.perf_counter()
            page.goto(path.as_uri(), timeout=120_000)
            page.wait_for_function("window.kg && window.kg.ready", timeout=120_000, polling=50)
            figures = {"interactive": time.perf_counter() - start, "ready_in_page": page.evaluate("kg.readyAt") / 1000}
            label = page.evaluate("kg.data.nodes.reduce((a, n) => n.degree > a.degree ? n : a).label")
            t = time.perf_counter()
            page.fill("#kg-query", label)
            page.press("#kg-query", "Enter")
            page.wait_for_function("kg.network.getSelectedNodes().length === 1 && !kg.animating", polling=20)
            figures["search"] = time.perf_counter() - t
            t = time.perf_counter()
            page.locator('#kg-types input[value="Person"]').uncheck()
            page.evaluate("new Promise(r => { kg.network.once('afterDrawing', r); kg.network.redraw(); })")
            figures["filter"] = time.perf_counter() - t
            figures["drawn"] = page.evaluate("kg.nodes.length")
            context.close()
            for k, v in figures.items():
                seen.setdefault(k, []).append(v)
        browser.close()
    return {k: (min(v), max(v)) for k, v in seen.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1500, help="articles to read (0: the whole archive)")
    parser.add_argument("--nodes", type=int, default=5000, help="nodes to draw (the best-connected)")
    parser.add_argument("--runs", type=int, default=3, help="runs per timing; the best is reported")
    parser.add_argument("--keep", type=Path, help="also write the page here")
    args = parser.parse_args()
    if not ARCHIVE.exists():
        sys.exit(f"{ARCHIVE} is absent: the benchmark needs ../shared beside the checkout")
    sys.path.insert(0, str(ROOT))

    g, projection, read, seconds = build(args.articles)
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    print(f"machine: {platform.machine()}, {_cpus()} cores, Python {platform.python_version()}; commit {commit}")
    print(f"graph: {read} articles, {len(g)} triples -> {projection.number_of_nodes()} nodes, "
          f"{projection.number_of_edges()} edges (built in {seconds:.1f} s)")
    page, timings = time_render(g, projection, args.nodes, args.runs)
    print(f"html: {len(page.encode()) / 1e6:.1f} MB; render {_span(timings['render'])} s "
          f"(of which evidence {_span(timings['evidence'])} s, layout {_span(timings['layout'])} s); {args.runs} runs")
    with tempfile.TemporaryDirectory() as tmp:
        path = (args.keep or Path(tmp) / "graph.html").resolve()
        path.write_text(page, encoding="utf-8")
        browser = time_browser(path, args.runs)
    print(f"chromium: {browser['drawn'][0]:.0f} nodes drawn; interactive {_span(browser['interactive'])} s after "
          f"navigation (page's own clock {_span(browser['ready_in_page'])} s); search and focus "
          f"{_span(browser['search'])} s; type filter {_span(browser['filter'])} s; {args.runs} runs")


def _span(best_worst: tuple[float, float]) -> str:
    best, worst = best_worst
    return f"{best:.2f}" if f"{best:.2f}" == f"{worst:.2f}" else f"{best:.2f}–{worst:.2f}"


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 0


if __name__ == "__main__":
    main()
