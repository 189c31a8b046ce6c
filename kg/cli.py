"""The ``kg`` command line: thin click wrappers over kg's functions."""

from __future__ import annotations

import datetime as dt
import json
import signal
import sys

import click

from .errors import InputError, KgError, QueryError


class _QueryError(click.ClickException):
    exit_code = 2


def _date(ctx, param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    from .read import parse_date

    try:
        return parse_date(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2024-07-05") from None


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so half-written temporary files are removed on the way out."""


def _terminate(signum, frame):
    raise _Terminated()


def _base(ctx, param, value: str | None) -> str | None:
    """An absolute IRI to put names after: no spaces, quotes or angle brackets."""
    import re

    if value is not None and (not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:\S", value) or re.search(r'[\s<>"{}|\\^`]', value)):
        raise click.BadParameter(f"{value!r} is not an absolute IRI; use e.g. https://example.org/id/") from None
    return value


class _Group(click.Group):
    """Turns kg's own errors into one-line click errors (no traceback)."""

    def invoke(self, ctx):
        previous = signal.signal(signal.SIGTERM, _terminate)
        try:
            return super().invoke(ctx)
        except KgError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise (_QueryError if isinstance(exc, QueryError) else click.ClickException)(str(exc)) from None
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:
            # A failure kg did not foresee is still one line; --debug shows where it came from.
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise click.ClickException(
                f"kg failed unexpectedly ({type(exc).__name__}: {exc}); run `kg --debug ...` for the traceback "
                "and please report it"
            ) from None
        except KeyboardInterrupt as exc:
            what = "terminated" if isinstance(exc, _Terminated) else "interrupted"
            click.echo(f"kg: {what}; outputs already written are intact", err=True)
            sys.exit(143 if isinstance(exc, _Terminated) else 130)
        finally:
            signal.signal(signal.SIGTERM, previous)


def _problems(ctx: click.Context, strict: bool):
    """A collector that prints each bad input once, on one line, as it is found."""
    from .read import Problems

    debug = bool(ctx.obj and ctx.obj.get("debug"))
    return Problems(strict=strict, catch_errors=not debug,
                    on_problem=lambda p: click.echo(f"kg: skipped {p}", err=True))


@click.group(cls=_Group)
@click.version_option(package_name="kg")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.pass_context
def main(ctx, debug: bool) -> None:
    """kg: knowledge graphs from Chinese news -- who did what, where, when, with whom."""
    ctx.obj = {"debug": debug}


def _cores() -> int:
    from .parallel import cpu_count

    return cpu_count()


_JOBS = click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
                     help="Processes to extract with (default: all cores).")
_ENGINE = click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
                       help="local: processes on this machine; ray: tasks on a Ray cluster (pip install 'kg[ray]').")
_ADDRESS = click.option("--address", default=None, metavar="ADDRESS",
                        help="Ray cluster to join (e.g. auto, 10.0.0.5:6379, ray://head:10001); "
                             "default: start a local one with --jobs CPUs.")
_INPUTS = click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
_STRICT = click.option(
    "--strict", is_flag=True,
    help="Stop at the first bad input (a file that is not text, a bad archive line) instead of skipping it.",
)
_DATE = click.option(
    "--date", callback=_date, metavar="YYYY-MM-DD", help="Publication date of .txt pages (default: from the file name or text)."
)


_FORMATS_HELP = "Comma-separated output formats: ttl, nt, trig, nq, jsonld, graphml, gexf, html, or all."


@main.command()
@_INPUTS
@click.option("-o", "--out", "outdir", default=None, type=click.Path(file_okay=False),
              help="Folder for graph.ttl, graph.html and store/.  [default: output]")
@_DATE
@click.option("--base", default=None, metavar="IRI", callback=_base, help="Base IRI for entities (default https://w3id.org/kg-news/id/).")
@click.option("--into", default=None, type=click.Path(file_okay=False), metavar="GRAPH_DIR",
              help="Add INPUTS to the graph an earlier build wrote into GRAPH_DIR (and write there).")
@click.option("-f", "--format", "formats", default="ttl,html", show_default=True, metavar="LIST", help=_FORMATS_HELP)
@click.option("--validate", "check", is_flag=True, help="Check the graph against kg's SHACL shapes; fail if it does not conform.")
@_STRICT
@click.option("--allow-empty", is_flag=True,
              help="Let a build that finds no article replace an existing graph (kept otherwise).")
@_JOBS
@_ENGINE
@_ADDRESS
@click.option("--store/--no-store", default=True, show_default=True,
              help="Also write OUTDIR/store, an Oxigraph database that `kg query` and `kg serve` use.")
@click.pass_context
def build(ctx, inputs, outdir, date, base, into, formats, check, strict, allow_empty, jobs, engine, address, store) -> None:
    """Build the knowledge graph of INPUTS (.txt pages, .jsonl archives) into OUTDIR.

    Writes OUTDIR/graph.ttl (RDF, schema.org) and OUTDIR/graph.html (an offline
    interactive graph), other formats with --format, OUTDIR/store (a SPARQL
    database) and OUTDIR/documents.jsonl.gz (each article's triples, for
    --into); prints a summary. On a terminal a progress bar shows articles/s
    and time left. With --into, articles already in the graph are replaced: adding
    them again unchanged changes nothing. Bad inputs are reported on stderr,
    one line each, and skipped (--strict: the first one stops the build).
    """
    from .export import parse_formats
    from .pipeline import build as run
    from .progress import bar

    if into is not None and outdir is not None and outdir != into:
        raise click.UsageError("--into writes into GRAPH_DIR; leave out -o (or give the same folder)")
    progress = bar(inputs)
    try:
        summary = run(inputs, outdir, date=date, base=base, into=into, formats=parse_formats(formats),
                      problems=_problems(ctx, strict), allow_empty=allow_empty, jobs=jobs or _cores(),
                      engine=engine, address=address, store=store, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    if summary.articles == 0:
        click.echo("kg: warning: no article text found in the inputs; the graph is empty", err=True)
    click.echo(str(summary))
    if check:
        from .sparql import load_graph
        from .validate import validate as run_validate

        report = run_validate(load_graph(into or outdir or "output"))
        if not report.conforms:
            click.echo(report.summary(), err=True)
            raise click.ClickException("the graph does not conform to kg's shapes (see above)")


@main.command()
@_INPUTS
@_DATE
@_STRICT
@_JOBS
@click.pass_context
def extract(ctx, inputs, date, strict, jobs) -> None:
    """Print what is extracted from INPUTS: one JSON object per article.

    Each has the cleaned `text`, `mentions` (start, end, type, text), `events`
    and `relations`; offsets are into that article's cleaned text. Bad inputs
    are reported on stderr and skipped, as in `kg build`.
    """
    from .pipeline import as_json, extract_paths

    problems = _problems(ctx, strict)
    count = 0
    for ex in extract_paths(inputs, date, problems, jobs=jobs or _cores()):
        click.echo(json.dumps(as_json(ex), ensure_ascii=False))
        count += 1
    if count == 0 and len(problems):
        raise InputError(f"no article could be read: {len(problems)} bad input{'s' if len(problems) != 1 else ''} skipped")


class _GraphOrUrl(click.ParamType):
    """An existing path, or an http(s) SPARQL endpoint URL."""

    name = "graph"

    def convert(self, value, param, ctx):
        from pathlib import Path

        from .remote import is_url

        if is_url(value) or Path(value).exists():
            return value
        self.fail(f"{value!r} does not exist (give a graph file, build folder, store or endpoint URL)", param, ctx)


@main.command()
@click.argument("graph", type=_GraphOrUrl())
@click.argument("query")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="Output format.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE before the query runs (repeatable): a name, YYYY-MM-DD date, number or <IRI>.")
def query(graph, query, fmt, params) -> None:
    """Run a SPARQL QUERY (text or a .rq file) over GRAPH (a graph file or build folder).

    A build folder with a store (or a store folder) is queried in the store,
    without loading the graph; an http(s) URL is queried as a SPARQL endpoint.
    The prefixes schema:, kg:, prov:, nif:, org:, rdf:, rdfs:, xsd: are
    predeclared. Named queries ship in examples/queries/.

    \b
    Examples:
      kg query output/graph.ttl 'SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name }'
      kg query output examples/queries/provenance.rq --param person=张三
    """
    from .sparql import format_result, parse_params, query_source

    text = format_result(query_source(graph, query, parse_params(params)), fmt)
    click.echo(text, nl=not text.endswith("\n"))


@main.command()
@click.argument("graph", type=click.Path(exists=True))
@click.option("--shapes", default=None, type=click.Path(exists=True, dir_okay=False),
              help="SHACL shapes to check against (default: kg's schema/shapes.ttl).")
@click.option("--max", "limit", default=20, show_default=True, help="How many problems to list.")
@click.pass_context
def validate(ctx, graph, shapes, limit) -> None:
    """Check GRAPH (a graph file or build folder) against SHACL shapes.

    Prints a report; exits with 1 if the graph does not conform (warnings
    alone do not fail).
    """
    from .sparql import load_graph
    from .validate import load_shapes, validate as run

    report = run(load_graph(graph), load_shapes(shapes))
    click.echo(report.summary(limit))
    if not report.conforms:
        ctx.exit(1)


@main.command()
@click.argument("graph", type=click.Path(exists=True))
@click.option("-o", "--out", "outdir", required=True, type=click.Path(file_okay=False), help="Folder to write graph.<format> into.")
@click.option("-f", "--format", "formats", required=True, metavar="LIST", help=_FORMATS_HELP)
def export(graph, outdir, formats) -> None:
    """Write GRAPH (a build folder, or a graph file) in other formats into OUTDIR.

    TriG and N-Quads (a named graph per article) need a build folder.
    """
    from .export import export as run, parse_formats

    for path in run(graph, outdir, parse_formats(formats)):
        click.echo(str(path))


@main.command()
@click.argument("graph", type=click.Path(exists=True))
@click.option("--top", default=10, show_default=True, help="How many best-connected entities to list.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
def stats(graph, top, fmt) -> None:
    """Print what GRAPH holds: counts by class and property, top entities by degree, components."""
    from .sparql import load_graph
    from .stats import graph_stats

    result = graph_stats(load_graph(graph), top=top)
    click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) if fmt == "json" else str(result))


@main.command()
@click.argument("graph", type=click.Path(exists=True))
@click.argument("a")
@click.argument("b")
@click.option("--max", "limit", default=5, show_default=True, help="How many shortest paths to print.")
@click.option("--dates", is_flag=True, help="Let paths go through date nodes (two events of one day).")
def path(graph, a, b, limit, dates) -> None:
    """Print how entities A and B of GRAPH are connected (shortest paths).

    A and B are names (schema:name or an alternate name) or IRIs.

    \b
    Example:
      kg path output 张三 李四
    """
    from .nx import to_networkx
    from .paths import describe, find_node, shortest_paths
    from .sparql import load_graph

    G = to_networkx(load_graph(graph))
    for p in shortest_paths(G, find_node(G, a), find_node(G, b), limit=limit, dates=dates):
        click.echo(describe(G, p))


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.argument("pred", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as one JSON object.")
@click.option("--label", "labels", multiple=True, metavar="LABEL=Type",
              help="Map an NER label to a kg type, over the default map (e.g. scene=Place); LABEL= drops it. Repeatable.")
@click.option("--no-default-labels", is_flag=True, help="Start the label map empty: only --label entries count.")
@click.option("--merge-orgs/--split-orgs", default=None,
              help="Score Organization and GovernmentOrganization as one class "
                   "(default: merged when the gold set has no GovernmentOrganization).")
@click.option("--errors", is_flag=True, help="Also list what was missed and what was wrong, one line each.")
def eval_(gold, pred, as_json, labels, no_default_labels, merge_orgs, errors) -> None:
    """Score extraction against GOLD: precision, recall, F1 of mentions, events and relations.

    GOLD is JSONL in kg's gold format (see README, "Gold files") or NER JSONL
    ({"text", "entities"}). PRED is `kg extract` output for the same records;
    without it, kg extracts from each gold record's own text.
    """
    from .evaluate import format_report, parse_label_map, scores

    label_map = parse_label_map(labels, base={} if no_default_labels else None)
    report = scores(gold, pred, label_map=label_map, merge_orgs=merge_orgs, errors=errors)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        click.echo(format_report(report), nl=False)


@main.command()
@click.argument("graph", type=click.Path(exists=True))
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False), help="The HTML file to write.")
@click.option("--query", "--construct", "query", metavar="QUERY",
              help="SPARQL (text or a .rq file): CONSTRUCT draws its triples, SELECT the nodes it names.")
@click.option("--from", "start", callback=_date, metavar="YYYY-MM-DD", help="Only events starting on or after this day.")
@click.option("--to", "end", callback=_date, metavar="YYYY-MM-DD", help="Only events starting on or before this day.")
@click.option("--around", metavar="NAME", help="Only what lies within --hops links of the node with this name.")
@click.option("--hops", default=2, show_default=True, type=click.IntRange(min=0), help="How far --around reaches.")
@click.option("--max-nodes", default=5000, show_default=True, type=click.IntRange(min=1),
              help="Draw at most this many nodes (the best-connected).")
@click.option("--title", default=None, help="Page title (default: the graph file and filters).")
def viz(graph, out, query, start, end, around, hops, max_nodes, title) -> None:
    """Draw GRAPH (a graph file or build folder) as an offline HTML page.

    \b
    Examples:
      kg viz output/ -o zhang.html --around 张三 --hops 2
      kg viz output/graph.ttl -o july.html --from 2024-07-01 --to 2024-07-31
      kg viz output/ -o q.html --query 'CONSTRUCT { ?e schema:attendee ?p } WHERE { ?e schema:attendee ?p }'
    """
    from .html import viz as draw

    drawing = draw(graph, out, query=query, around=around, hops=hops, start=start, end=end,
                   max_nodes=max_nodes, title=title)
    if drawing.nodes == 0:
        click.echo("kg: warning: the selection is empty; the page shows no node", err=True)
    click.echo(str(drawing))


@main.command()
@click.argument("store", type=click.Path(file_okay=False))
@click.option("-p", "--port", type=click.IntRange(1, 65535), default=7878, show_default=True,
              help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface; mind who can reach it).")
@click.option("--writable", is_flag=True,
              help="Accept SPARQL updates and pushes (default: read-only); starts an empty store if none is there.")
def serve(store, port, host, writable) -> None:
    """Serve STORE (a build folder or its store/) as a SPARQL 1.1 endpoint.

    Runs the Oxigraph server (pip install 'kg[server]') until Ctrl-C: SPARQL
    queries at /query, updates at /update (with --writable), the Graph Store
    Protocol at /store, and a query page at /.
    """
    import os

    from .remote import endpoints, serve_command

    argv = serve_command(store, host=host, port=port, writable=writable)
    urls = endpoints(host, port)
    click.echo(f"kg: serving {argv[3]} read-{'write' if writable else 'only'}: SPARQL endpoint {urls['query']}"
               + (f", graph store {urls['store']}" if writable else ""), err=True)
    sys.stderr.flush()
    sys.stdout.flush()
    os.execv(argv[0], argv)


@main.command()
@click.argument("graph", type=click.Path(exists=True))
@click.option("-e", "--endpoint", required=True, metavar="URL",
              help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store (Oxigraph), "
                   "http://host:3030/DATASET/data (Fuseki), http://host:8890/sparql-graph-crud-auth (Virtuoso).")
@click.option("-g", "--graph", "named", default=None, metavar="IRI", help="Named graph to load into (default: the default graph).")
@click.option("--replace", is_flag=True, help="Replace the graph's content (HTTP PUT) instead of adding to it (POST).")
@click.option("-u", "--user", default=None, help="User name, if the endpoint asks for one (basic or digest auth).")
@click.option("--password", envvar="KG_PUSH_PASSWORD", default=None,
              help="Password for --user (or set KG_PUSH_PASSWORD).")
def push(graph, endpoint, named, replace, user, password) -> None:
    """Load GRAPH (a graph file or build folder) into a SPARQL server.

    Uses the SPARQL 1.1 Graph Store Protocol, which Oxigraph, Fuseki, GraphDB
    and Virtuoso speak.

    \b
    Example:
      kg push output/ --endpoint http://127.0.0.1:7878/store
    """
    from .remote import push as run

    click.echo(run(graph, endpoint, graph=named, replace=replace, user=user, password=password))
