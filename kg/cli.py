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


@main.command()
@_INPUTS
@click.option("-o", "--out", "outdir", default="output", show_default=True, type=click.Path(file_okay=False),
              help="Folder for graph.ttl and graph.html.")
@_DATE
@click.option("--base", default=None, metavar="IRI", help="Base IRI for entities (default https://w3id.org/kg-news/id/).")
def build(inputs, outdir, date, base) -> None:
    """Build the knowledge graph of INPUTS (.txt pages, .jsonl archives) into OUTDIR.

    Writes OUTDIR/graph.ttl (RDF, schema.org) and OUTDIR/graph.html (an offline
    interactive graph) and prints a summary.
    """
    from .pipeline import build as run

    summary = run(inputs, outdir, date=date, base=base)
    if summary.articles == 0:
        click.echo("kg: warning: no article text found in the inputs; the graph is empty", err=True)
    click.echo(str(summary))


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
def query(graph, query, fmt) -> None:
    """Run a SPARQL QUERY (text or a .rq file) over GRAPH (a graph file or build folder).

    The prefixes schema:, kg:, prov:, nif:, rdf:, rdfs:, xsd: are predeclared.

    \b
    Example:
      kg query output/graph.ttl 'SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name }'
    """
    from .sparql import format_result, load_graph, run_query

    text = format_result(run_query(load_graph(graph), query), fmt)
    click.echo(text, nl=not text.endswith("\n"))


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
