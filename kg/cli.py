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


_INPUTS = click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
_DATE = click.option(
    "--date", callback=_date, metavar="YYYY-MM-DD", help="Publication date of .txt pages (default: from the file name or text)."
)


_FORMATS_HELP = "Comma-separated output formats: ttl, nt, trig, nq, jsonld, graphml, gexf, html, or all."


@main.command()
@_INPUTS
@click.option("-o", "--out", "outdir", default=None, type=click.Path(file_okay=False),
              help="Folder for graph.ttl and graph.html.  [default: output]")
@_DATE
@click.option("--base", default=None, metavar="IRI", help="Base IRI for entities (default https://w3id.org/kg-news/id/).")
@click.option("--into", default=None, type=click.Path(file_okay=False), metavar="GRAPH_DIR",
              help="Add INPUTS to the graph an earlier build wrote into GRAPH_DIR (and write there).")
@click.option("-f", "--format", "formats", default="ttl,html", show_default=True, metavar="LIST", help=_FORMATS_HELP)
@click.option("--validate", "check", is_flag=True, help="Check the graph against kg's SHACL shapes; fail if it does not conform.")
def build(inputs, outdir, date, base, into, formats, check) -> None:
    """Build the knowledge graph of INPUTS (.txt pages, .jsonl archives) into OUTDIR.

    Writes OUTDIR/graph.ttl (RDF, schema.org) and OUTDIR/graph.html (an offline
    interactive graph), other formats with --format, and
    OUTDIR/documents.jsonl.gz (each article's triples, for --into); prints a
    summary. With --into, articles already in the graph are replaced: adding
    them again unchanged changes nothing.
    """
    from .export import parse_formats
    from .pipeline import build as run

    if into is not None and outdir is not None and outdir != into:
        raise click.UsageError("--into writes into GRAPH_DIR; leave out -o (or give the same folder)")
    summary = run(inputs, outdir, date=date, base=base, into=into, formats=parse_formats(formats))
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
def extract(inputs, date) -> None:
    """Print what is extracted from INPUTS: one JSON object per article.

    Each has the cleaned `text`, `mentions` (start, end, type, text), `events`
    and `relations`; offsets are into that article's cleaned text.
    """
    from .pipeline import as_json, extract_paths

    for ex in extract_paths(inputs, date):
        click.echo(json.dumps(as_json(ex), ensure_ascii=False))


@main.command()
@click.argument("graph", type=click.Path(exists=True))
@click.argument("query")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="Output format.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to VALUE before the query runs (repeatable): a name, YYYY-MM-DD date, number or <IRI>.")
def query(graph, query, fmt, params) -> None:
    """Run a SPARQL QUERY (text or a .rq file) over GRAPH (a graph file or build folder).

    The prefixes schema:, kg:, prov:, nif:, org:, rdf:, rdfs:, xsd: are
    predeclared. Named queries ship in examples/queries/.

    \b
    Examples:
      kg query output/graph.ttl 'SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name }'
      kg query output examples/queries/provenance.rq --param person=张三
    """
    from .sparql import format_result, load_graph, parse_params, run_query

    bindings = parse_params(params)
    text = format_result(run_query(load_graph(graph), query, bindings), fmt)
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
