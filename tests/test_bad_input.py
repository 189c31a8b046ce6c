"""Bad input is reported once and skipped; the good articles are all built (tests/data/bad/)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from kg.cli import main
from kg.rdf import SDO

from conftest import SAMPLE

BAD = Path(__file__).parent / "data" / "bad"
GOOD = {
    # text pages: id = file name
    "utf8", "utf8-bom", "utf16-le", "utf16-be", "gbk", "big5", "page", "fullwidth-date", "no-date",
    # archive lines
    "j-ok", "j-html", "j-fullwidth-date", "j-no-date", "j-date-null", "7", "j-surrogate", "j-gbk-line",
    "j-long-line",
}
REPORTED = {  # (file, line) of every bad input, each to be reported exactly once
    ("binary.txt", None), ("undecodable.txt", None),
    *(("archive.jsonl", n) for n in (3, 4, 5, 6, 8, 11, 12, 13)),
}
ARTICLES = """SELECT ?id ?date WHERE { ?a a schema:NewsArticle ; schema:identifier ?id .
                                   OPTIONAL { ?a schema:datePublished ?date } }"""


def _build(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["build", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """`kg build tests/data/bad/* -o OUT` once: (out, exit code, stdout, stderr, graph)."""
    out = tmp_path_factory.mktemp("bad") / "out"
    code, stdout, stderr = _build(*sorted(str(p) for p in BAD.iterdir() if p.name != "README.md"), "-o", str(out))
    graph = Graph().parse(out / "graph.ttl", format="turtle") if (out / "graph.ttl").exists() else None
    return out, code, stdout, stderr, graph


def _articles(graph: Graph) -> dict[str, str | None]:
    from kg.sparql import PREFIXES

    return {str(r.id): (str(r.date) if r.date else None) for r in graph.query(PREFIXES + ARTICLES)}


def test_corpus_builds_and_counts_what_it_skipped(corpus):
    out, code, stdout, stderr, _ = corpus
    assert code == 0, stderr
    assert stdout.startswith(f"{len(GOOD)} articles -> ")
    assert stdout.rstrip().endswith(f"skipped {len(REPORTED)} bad inputs")
    assert "Traceback" not in stdout + stderr


def test_every_good_article_is_in_the_graph(corpus):
    assert set(_articles(corpus[4])) == GOOD


def test_each_bad_input_reported_once_on_one_line(corpus):
    lines = corpus[3].strip().splitlines()
    assert all(line.startswith("kg: skipped ") for line in lines), lines
    where = []
    for line in lines:
        m = re.match(r"kg: skipped (\S+?)(?::(\d+))?: ", line)
        where.append((Path(m[1]).name, int(m[2]) if m[2] else None))
    assert sorted(where, key=str) == sorted(REPORTED, key=str)


@pytest.mark.parametrize(
    "where, words",
    [
        ("binary.txt", "binary file"),
        ("undecodable.txt", "not UTF-8, UTF-16, GB18030/GBK or Big5"),
        ("archive.jsonl:3", "not a JSON object"),
        ("archive.jsonl:4", "'text' is missing"),
        ("archive.jsonl:5", "'title' must be a string"),
        ("archive.jsonl:6", "bad date '七月四日'"),
        ("archive.jsonl:8", "duplicate id 'j-ok' (first read at"),
        ("archive.jsonl:11", "expected a JSON object"),
        ("archive.jsonl:12", "not a string (got int)"),
        ("archive.jsonl:13", "'text' is empty"),
    ],
)
def test_reports_say_what_is_wrong(corpus, where, words):
    line = next(line for line in corpus[3].splitlines() if f"{where}: " in line)
    assert words in line


def _persons(graph: Graph, article: str) -> set[str]:
    q = """SELECT ?name WHERE { ?a schema:identifier ?id ; schema:mentions ?p .
                                ?p a schema:Person ; schema:name ?name }"""
    from kg.sparql import PREFIXES
    from rdflib import Literal

    return {str(r.name) for r in graph.query(PREFIXES + q, initBindings={"id": Literal(article)})}


@pytest.mark.parametrize(
    "article, person",
    [
        ("utf8", "曹立强"), ("utf16-le", "曹立强"), ("j-ok", "曹立强"),
        ("utf8-bom", "黄冲"), ("utf16-be", "黄冲"), ("gbk", "黄冲"), ("page", "黄冲"),
        ("j-html", "黄冲"), ("j-gbk-line", "黄冲"), ("j-long-line", "黄冲"),
        ("big5", "曹立強"),  # traditional characters, read as Big5 (as GBK they would be mojibake)
    ],
)
def test_encodings_and_html_decoded(corpus, article, person):
    assert person in _persons(corpus[4], article)


def test_html_reduced_to_text(corpus):
    """No tag, entity, script, style or comment text reaches the graph."""
    graph = corpus[4]
    literals = [str(o) for o in graph.objects() if not isinstance(o, URIRef)]
    assert literals
    for bad in ("<p>", "<b>", "&ldquo;", "&amp;", "&nbsp;", "不应出现", "text-indent", "data:image"):
        assert not [s for s in literals if bad in s], bad
    headlines = {str(h) for h in graph.objects(None, SDO.headline)}
    assert "黄冲带队“大走访”" in headlines


def test_dates_full_width_and_missing(corpus):
    dates = _articles(corpus[4])
    assert dates["fullwidth-date"] == dates["j-fullwidth-date"] == "2024-07-04"
    assert dates["j-ok"] == dates["7"] == "2024-07-04"
    assert dates["no-date"] is None and dates["j-no-date"] is None and dates["j-date-null"] is None


def test_iris_valid_and_graph_round_trips(corpus):
    """Every IRI is percent-encoded; the graph survives Turtle -> N-Triples -> parse."""
    graph = corpus[4]
    iris = {t for triple in graph for t in triple if isinstance(t, URIRef)}
    assert iris
    assert not [i for i in iris if re.search(r"[\s<>\"{}|\\^`]", i)]
    nt = graph.serialize(format="nt")
    again = Graph().parse(data=nt, format="nt")
    assert len(again) == len(graph)


# --- strict, empty, all bad --------------------------------------------------------


def test_strict_stops_at_first_bad_input(tmp_path):
    out = tmp_path / "out"
    code, stdout, stderr = _build("--strict", str(BAD / "utf8.txt"), str(BAD / "archive.jsonl"), "-o", str(out))
    assert code == 1
    (line,) = stderr.strip().splitlines()
    assert line.startswith("Error: ") and "archive.jsonl:3: not a JSON object" in line
    assert not out.exists()


def test_empty_input_gives_empty_valid_graph_and_warning(tmp_path):
    out = tmp_path / "out"
    code, stdout, stderr = _build(str(BAD / "empty.txt"), "-o", str(out))
    assert code == 0
    assert "warning" in stderr and "empty" in stderr
    assert stdout.startswith("0 articles -> 0 triples")
    assert len(Graph().parse(out / "graph.ttl", format="turtle")) == 0


def test_empty_result_never_replaces_a_graph_unless_asked(tmp_path):
    out = tmp_path / "out"
    assert _build(str(SAMPLE), "-o", str(out))[0] == 0
    before = (out / "graph.ttl").read_bytes()
    code, stdout, stderr = _build(str(BAD / "empty.txt"), "-o", str(out))
    assert code == 1
    assert "--allow-empty" in stderr and "graph.ttl" in stderr
    assert (out / "graph.ttl").read_bytes() == before
    code, stdout, stderr = _build(str(BAD / "empty.txt"), "-o", str(out), "--allow-empty")
    assert code == 0
    assert len(Graph().parse(out / "graph.ttl", format="turtle")) == 0


def test_only_bad_inputs_is_an_error_and_writes_nothing(tmp_path):
    out = tmp_path / "out"
    code, stdout, stderr = _build(str(BAD / "binary.txt"), str(BAD / "undecodable.txt"), "-o", str(out))
    assert code == 1
    lines = stderr.strip().splitlines()
    assert len(lines) == 3 and lines[-1].startswith("Error: no article could be read")
    assert not out.exists()


def test_extract_skips_bad_lines_too(tmp_path):
    result = CliRunner().invoke(main, ["extract", str(BAD / "archive.jsonl")], catch_exceptions=False)
    assert result.exit_code == 0
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == ["j-ok", "j-html", "j-fullwidth-date", "j-no-date", "j-date-null", "7", "j-surrogate", "j-gbk-line"]
    assert len(result.stderr.strip().splitlines()) == 8


# --- very long lines -------------------------------------------------------------------


def test_fifty_megabyte_line_in_bounded_memory(tmp_path):
    """A 50 MB archive line (a saved page with an inline image) builds; peak memory stays a few times the line."""
    visit = next(line for line in (BAD / "utf8-bom.txt").read_text(encoding="utf-8-sig").splitlines()[1:] if "黄冲" in line)
    image = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk" * 850_000
    page = f'<html><body><p>{visit}</p><img src="data:image/jpeg;base64,{image}"><p>{visit}</p></body></html>'
    archive = tmp_path / "huge.jsonl"
    archive.write_text(json.dumps({"id": "huge", "date": "2024-07-04", "text": page}, ensure_ascii=False) + "\n")
    del image, page
    assert archive.stat().st_size > 50_000_000
    out = tmp_path / "out"
    # Run kg in a child of a child, so the child's peak memory is its own.
    probe = (
        "import resource, subprocess, sys\n"
        "r = subprocess.run([sys.executable, '-m', 'kg', 'build', sys.argv[1], '-o', sys.argv[2]])\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)\n"
        "sys.exit(r.returncode)\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe, str(archive), str(out)], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout.startswith("1 articles -> ")
    peak_mb = int(proc.stdout.strip().splitlines()[-1])
    print(f"peak {peak_mb} MB for a {archive.stat().st_size // 1_000_000} MB line")
    assert peak_mb < 600, peak_mb
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    assert "黄冲" in {str(n) for n in graph.objects(None, SDO.name)}


def test_long_text_cleaned_in_parts_in_bounded_memory():
    """A 500,000-character line is cleaned in parts cut at sentence ends; offsets still point into it."""
    import tracemalloc

    from kg import clean
    from kg.model import RawArticle

    sentence = "区委书记曹立强出席会议。"
    text = sentence * 42_000
    raw = RawArticle(id="long", text=text, source="a.jsonl", line=1, title="标题")
    tracemalloc.start()
    try:
        parts = 0
        for doc in clean.iter_documents(raw):
            parts += 1
            assert doc.id == f"long-{parts}" and doc.title == "标题"
            body = doc.text[doc.title_end + 1 :]
            assert body and len(body) <= clean.MAX_CHARS and len(body) % len(sentence) == 0
            start = doc.title_end + 1 + len(body) - len(sentence)
            a, b = doc.raw_span(start, start + len(sentence))
            assert text[a:b] == sentence
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert parts == -(-len(text) // clean.MAX_CHARS)
    # Whole, the line's per-character offsets alone would take about 30 MB.
    assert peak < 16_000_000, peak


def test_text_without_sentence_ends_is_kept():
    """An article of title-like lines only (no 。 anywhere) is kept as text, not dropped."""
    from kg import clean
    from kg.model import RawArticle

    for line in (1, None):
        raw = RawArticle(id="t", text="徐汇区政协主席黄冲带队开展大走访活动\n华泾镇华发居民区", source="t", line=line)
        (doc,) = clean.clean(raw)
        assert "黄冲" in doc.text and "华发居民区" in doc.text


# --- commands: one line, never a traceback ---------------------------------------------


@pytest.fixture(scope="module")
def graph_dir(corpus):
    return corpus[0]


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_malformed_query_gives_line_and_column(graph_dir):
    result = _run("query", str(graph_dir), "SELECT ?x\nWHERE { ?x ?y ?z . FILTER( }")
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "bad SPARQL query" in line and "line 2, column" in line


def test_query_missing_graph_names_it(tmp_path):
    result = _run("query", str(tmp_path / "gone.ttl"), "ASK {}")
    assert result.exit_code == 2 and "gone.ttl" in result.stderr and "does not exist" in result.stderr


def test_query_file_in_gbk_and_unreadable_query_file(graph_dir, tmp_path):
    rq = tmp_path / "persons.rq"
    rq.write_bytes('SELECT ?n WHERE { ?p a schema:Person ; schema:name ?n FILTER(?n = "黄冲") }'.encode("gbk"))
    result = _run("query", str(graph_dir), str(rq), "-f", "csv")
    assert result.exit_code == 0 and result.stdout.splitlines() == ["n", "黄冲"]
    folder = tmp_path / "folder.rq"
    folder.mkdir()
    result = _run("query", str(graph_dir), str(folder))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"Error: {folder}: cannot read the query file: Is a directory"]


@pytest.mark.parametrize("args", [["build", "--nope", str(SAMPLE)], ["query", "--nope"], ["extract"], ["frobnicate"]])
def test_usage_errors_exit_2(args):
    result = _run(*args)
    assert result.exit_code == 2
    assert "Usage:" in result.stderr and "Traceback" not in result.output


def test_unexpected_failure_is_one_line_unless_debug(tmp_path, monkeypatch):
    import kg.pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("something kg did not foresee")

    monkeypatch.setattr(kg.pipeline, "build", broken)
    result = _run("build", str(SAMPLE), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert "kg failed unexpectedly (RuntimeError: something kg did not foresee)" in line and "--debug" in line
    result = _run("--debug", "build", str(SAMPLE), "-o", str(tmp_path / "out"))
    assert isinstance(result.exception, RuntimeError)


def test_untrusted_text_is_escaped_in_the_page(tmp_path):
    """Script and quotes in an article's text, title and file name stay text in graph.html."""
    payload = '</script><script>alert("x")</script>'
    escaped = payload.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    archive = tmp_path / '<b onmouseover="alert(1)">news\'.jsonl'
    record = {
        "id": "x<script>", "date": "2024-07-04", "title": f"标题&lt;script&gt;alert('t')&lt;/script&gt;",
        "text": f"7月4日，区委书记曹立强出席座谈会并讲话&ldquo;{escaped}&rdquo;。区委副书记王华出席座谈会。",
    }
    archive.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, stderr = _build(str(archive), "-o", str(out))
    assert code == 0, stderr
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    sentences = [str(o) for o in graph.objects() if payload in str(o)]
    assert sentences, "the decoded text should reach the graph as text"
    page = (out / "graph.html").read_text(encoding="utf-8")
    # The text may be there as data (JSON with < > escaped, or HTML entities), never as markup.
    assert 'onmouseover="alert' not in page
    assert "<script>alert" not in page and "<\\/script><script>" not in page
    assert "\\u003cscript\\u003ealert('t')" in page or "&lt;script&gt;alert(" in page
    assert any(x in page for x in ("&quot;x&quot;", "\\u0026quot;x\\u0026quot;", 'alert(\\"x\\")'))  # there, as escaped text


@pytest.mark.parametrize("base", ["id/", "https://example.org/my ids/", "https://example.org/<x>/"])
def test_bad_base_iri_is_usage_error(tmp_path, base):
    result = _run("build", str(SAMPLE), "-o", str(tmp_path / "out"), "--base", base)
    assert result.exit_code == 2 and "--base" in result.stderr and "absolute IRI" in result.stderr
