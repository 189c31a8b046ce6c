"""The ``kg`` command line: thin click wrappers over kg's functions."""

from __future__ import annotations

import datetime as dt
import json
import sys

import click

from .errors import KgError, QueryError


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


class _Group(click.Group):
    """Turns kg's own errors into one-line click errors (no traceback)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            raise (_QueryError if isinstance(exc, QueryError) else click.ClickException)(str(exc)) from None
        except KeyboardInterrupt:
            click.echo("kg: interrupted; outputs already written are intact", err=True)
            sys.exit(130)


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
_DATE = click.option(
    "--date", callback=_date, metavar="YYYY-MM-DD", help="Publication date of .txt pages (default: from the file name or text)."
)


@main.command()
@_INPUTS
@click.option("-o", "--out", "outdir", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Folder for graph.ttl, graph.html and store/.")
@_DATE
@click.option("--base", default=None, metavar="IRI", help="Base IRI for entities (default https://w3id.org/kg-news/id/).")
@_JOBS
@_ENGINE
@_ADDRESS
@click.option("--store/--no-store", default=True, show_default=True,
              help="Also write OUTDIR/store, an Oxigraph database that `kg query` and `kg serve` use.")
def build(inputs, outdir, date, base, jobs, engine, address, store) -> None:
    """Build the knowledge graph of INPUTS (.txt pages, .jsonl archives) into OUTDIR.

    Writes OUTDIR/graph.ttl (RDF, schema.org), OUTDIR/graph.html (an offline
    interactive graph) and OUTDIR/store (a SPARQL database), and prints a
    summary. On a terminal a progress bar shows articles/s and time left.
    """
    from .pipeline import build as run
    from .progress import bar

    progress = bar(inputs)
    try:
        summary = run(inputs, outdir, date=date, base=base, jobs=jobs or _cores(), engine=engine, address=address,
                      store=store, progress=progress)
    finally:
        if progress is not None:
            progress.close()
    if summary.articles == 0:
        click.echo("kg: warning: no article text found in the inputs; the graph is empty", err=True)
    click.echo(str(summary))


@main.command()
@_INPUTS
@_DATE
@_JOBS
def extract(inputs, date, jobs) -> None:
    """Print what is extracted from INPUTS: one JSON object per article.

    Each has the cleaned `text`, `mentions` (start, end, type, text), `events`
    and `relations`; offsets are into that article's cleaned text.
    """
    from .pipeline import as_json, extractions

    for ex in extractions(inputs, date, jobs=jobs or _cores()):
        click.echo(json.dumps(as_json(ex), ensure_ascii=False))


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
def query(graph, query, fmt) -> None:
    """Run a SPARQL QUERY (text or a .rq file) over GRAPH (a graph file or build folder).

    A build folder with a store (or a store folder) is queried in the store,
    without loading the graph; an http(s) URL is queried as a SPARQL endpoint.
    The prefixes schema:, kg:, prov:, nif:, rdf:, rdfs:, xsd: are predeclared.

    \b
    Example:
      kg query output/graph.ttl 'SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name }'
    """
    from .remote import is_url, query_endpoint
    from .sparql import format_result, load_graph, run_query
    from .store import open_store, query_store, store_path

    if is_url(graph):
        result = query_endpoint(graph, query)
    elif db := store_path(graph):
        result = query_store(open_store(db), query)
    else:
        result = run_query(load_graph(graph), query)
    text = format_result(result, fmt)
    click.echo(text, nl=not text.endswith("\n"))


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
