"""The `kg` command line, driven through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
import re

import click
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.model import MENTION_TYPES

from conftest import SAMPLE

PERSONS = "SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name"
SUMMARY = re.compile(r"^(\d+) articles -> (\d+) triples \((.*)\); wrote (.*)$")


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def _summary_counts(output: str) -> dict[str, int]:
    m = SUMMARY.match(output.strip())
    assert m, output
    return {k: int(n) for n, k in (part.split(" ", 1) for part in m[3].split(", "))}


@pytest.fixture(scope="module")
def built(runner, tmp_path_factory):
    """`kg build SAMPLE -o OUT` run once: (output folder, result)."""
    out = tmp_path_factory.mktemp("cli") / "out"
    result = runner.invoke(main, ["build", str(SAMPLE), "-o", str(out)])
    return out, result


@pytest.fixture(scope="module")
def extracted(runner):
    result = runner.invoke(main, ["extract", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


# --- help and version -------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help(runner, name):
    command = main.commands[name]
    assert command.help and command.help.strip(), f"kg {name} has no docstring"
    result = runner.invoke(main, [name, "--help"])
    assert result.exit_code == 0
    first_line = result.output.splitlines()[0]
    assert first_line.startswith("Usage:") and f" {name} " in first_line
    # The docstring's opening words are what --help shows.
    assert " ".join(command.help.split()[:3]) in " ".join(result.output.split())


def test_expected_commands():
    assert {"build", "extract", "query"} <= set(main.commands)


def test_every_option_has_help():
    for name, command in main.commands.items():
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"kg {name} {param.opts[0]} has no help"


def test_group_help(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in main.commands:
        assert name in result.output


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0
    assert re.search(r"version \d+\.\d+", result.output)


# --- build -------------------------------------------------------------------------


def test_build_exits_zero(built):
    _, result = built
    assert result.exit_code == 0, result.output


def test_build_summary(built):
    out, result = built
    m = SUMMARY.match(result.stdout.strip())
    assert m, result.stdout
    assert int(m[1]) == 3
    assert int(m[2]) > 0
    counts = _summary_counts(result.stdout)
    assert set(counts) <= set(MENTION_TYPES)
    assert counts["Person"] >= 2
    assert str(out / "graph.ttl") in m[4] and str(out / "graph.html") in m[4]


def test_build_summary_matches_pipeline(built, sample_build):
    """The command prints what kg.pipeline.build returns."""
    _, summary = sample_build
    assert _summary_counts(built[1].stdout) == summary.counts
    assert built[1].stdout.startswith(f"{summary.articles} articles -> {summary.triples} triples")


def test_build_writes_files(built):
    out, _ = built
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "schema.org" in ttl and "曹立强" in ttl
    html = (out / "graph.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") or "<html" in html.lower()
    assert "曹立强" in html


def test_build_gbk_copy_same_persons(runner, built, tmp_path):
    """A GBK-encoded copy of the page builds the same graph counts as the UTF-8 one."""
    gbk = tmp_path / SAMPLE.name
    gbk.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("gbk"))
    result = runner.invoke(main, ["build", str(gbk), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    utf8_counts = _summary_counts(built[1].stdout)
    gbk_counts = _summary_counts(result.stdout)
    assert gbk_counts["Person"] == utf8_counts["Person"]
    assert gbk_counts == utf8_counts


def test_build_missing_input_is_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["build", str(tmp_path / "nothere.txt"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "nothere.txt" in result.output and "does not exist" in result.output
    assert not (tmp_path / "out").exists()


def test_build_folder_input_is_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["build", str(tmp_path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2


def test_build_without_input_is_usage_error(runner):
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 2
    assert "Missing argument" in result.output


@pytest.mark.parametrize("bad", ["yesterday", "2024-13-01", "2024-02-30", "05/07/2024"])
def test_bad_date_is_usage_error(runner, tmp_path, bad):
    result = runner.invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path / "out"), "--date", bad])
    assert result.exit_code == 2
    assert "--date" in result.output and "YYYY-MM-DD" in result.output
    assert "Traceback" not in result.output


def test_binary_input_one_line_error(runner, tmp_path):
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01binary\x00")
    result = runner.invoke(main, ["extract", str(binary)])
    assert result.exit_code == 1
    # The file is reported on one line; with nothing else to read, the command fails.
    report, error = result.stderr.strip().splitlines()
    assert "scan.txt" in report and "binary" in report
    assert error.startswith("Error: no article could be read")
    assert "Traceback" not in result.output


def test_debug_shows_the_exception(runner, tmp_path):
    from kg.errors import InputError

    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01binary\x00")
    result = runner.invoke(main, ["--debug", "extract", str(binary)])
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError)


# --- extract ---------------------------------------------------------------------


def test_extract_three_json_lines(extracted):
    assert len(extracted) == 3
    for obj in extracted:
        assert {"id", "text", "mentions", "events", "relations"} <= set(obj)
    assert [o["id"] for o in extracted] == ["xuhui-2024-07-05-1", "xuhui-2024-07-05-2", "xuhui-2024-07-05-3"]
    assert {o["date"] for o in extracted} == {"2024-07-05"}


def test_extract_matches_pipeline(extracted, sample_extractions):
    assert [o["id"] for o in extracted] == [ex.doc.id for ex in sample_extractions]
    assert [o["text"] for o in extracted] == [ex.doc.text for ex in sample_extractions]
    assert [len(o["mentions"]) for o in extracted] == [len(ex.mentions) for ex in sample_extractions]
    assert [len(o["relations"]) for o in extracted] == [len(ex.relations) for ex in sample_extractions]


def test_extract_mention_offsets_slice_text(extracted):
    for obj in extracted:
        for m in obj["mentions"]:
            assert obj["text"][m["start"] : m["end"]] == m["text"], m


def test_extract_mention_types(extracted):
    allowed = {"Person", "Organization", "GovernmentOrganization", "Place", "Event", "Date", "Position"}
    types = {m["type"] for obj in extracted for m in obj["mentions"]}
    assert types and types <= allowed


def test_extract_finds_the_people(extracted):
    persons = {m["text"] for obj in extracted for m in obj["mentions"] if m["type"] == "Person"}
    assert {"曹立强", "王华", "黄冲"} <= persons


def test_extract_dates_normalized(extracted):
    dates = [m for obj in extracted for m in obj["mentions"] if m["type"] == "Date"]
    assert dates
    for m in dates:
        assert re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?(/\d{4}(-\d\d(-\d\d)?)?)?", m["norm"]), m
    assert "2024-07-04/2024-07-06" in {m["norm"] for m in dates}


def test_extract_relation_offsets_slice_text(extracted):
    for obj in extracted:
        for r in obj["relations"]:
            assert 0 <= r["start"] < r["end"] <= len(obj["text"])
            for side in (r["subject"], r["object"]):
                if "text" in side:
                    assert obj["text"][side["start"] : side["end"]] == side["text"]


def test_extract_named_events_anchor_on_their_name(extracted):
    for obj in extracted:
        for e in obj["events"]:
            assert 0 <= e["start"] < e["end"] <= len(obj["text"])
            if e["named"]:
                assert obj["text"][e["start"] : e["end"]] == e["name"]


def test_extract_date_option(runner, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("昨天，张三出席了会议。\n", encoding="utf-8")
    result = runner.invoke(main, ["extract", str(page), "--date", "2024-07-05"])
    assert result.exit_code == 0, result.output
    (obj,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert obj["date"] == "2024-07-05"


def test_extract_jsonl(runner, tmp_path):
    archive = tmp_path / "news.jsonl"
    lines = [
        {"id": "a", "title": "标题", "date": "2024-07-05", "text": "7月4日，会议举行。\n会议强调，要抓好落实。"},
        {"id": "b", "text": "今天天气很好。"},
    ]
    archive.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["extract", str(archive)])
    assert result.exit_code == 0, result.output
    objs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in objs] == ["a", "b"]
    assert objs[0]["source"] == f"{archive}:1"
    assert objs[0]["title"] == "标题"


def test_extract_bad_jsonl_names_line(runner, tmp_path):
    archive = tmp_path / "news.jsonl"
    archive.write_text('{"id": "a", "text": "正文。"}\n{"id": "b"}\n', encoding="utf-8")
    result = runner.invoke(main, ["extract", "--strict", str(archive)])
    assert result.exit_code == 1
    assert f"{archive}:2" in result.stderr
    assert "Traceback" not in result.output


# --- query -----------------------------------------------------------------------


def _query(runner, built, *args):
    out, build = built
    assert build.exit_code == 0, build.output
    return runner.invoke(main, ["query", str(out / "graph.ttl"), *args])


def test_query_table(runner, built):
    result = _query(runner, built, PERSONS)
    assert result.exit_code == 0, result.output
    lines = result.stdout.rstrip("\n").splitlines()
    assert lines[0].strip() == "name"
    assert set(lines[1]) == {"-"}
    m = re.fullmatch(r"\((\d+) rows\)", lines[-1])
    assert m, lines[-1]
    assert int(m[1]) == len(lines) - 3 == _summary_counts(built[1].stdout)["Person"]
    assert "曹立强" in lines


def test_query_csv(runner, built):
    result = _query(runner, built, PERSONS, "-f", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "name"
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert ["黄冲"] in rows


def test_query_tsv(runner, built):
    query = "SELECT ?p ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name"
    result = _query(runner, built, query, "--format", "tsv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.rstrip("\n").splitlines()
    assert lines[0] == "p\tname"
    assert all(line.count("\t") == 1 for line in lines)
    assert len(lines) - 1 == _summary_counts(built[1].stdout)["Person"]


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_query_delimited_output_has_no_trailing_blank_line(runner, built, fmt):
    result = _query(runner, built, PERSONS, "-f", fmt)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("\n") and not result.stdout.endswith("\n\n")


def test_query_json(runner, built):
    result = _query(runner, built, PERSONS, "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == ["name"]
    names = {b["name"]["value"] for b in data["results"]["bindings"]}
    assert {"曹立强", "黄冲"} <= names


def test_query_ask(runner, built):
    result = _query(runner, built, 'ASK { ?p schema:name "曹立强" }')
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "true"


def test_query_build_folder(runner, built):
    out, _ = built
    result = runner.invoke(main, ["query", str(out), PERSONS, "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert "曹立强" in result.stdout


def test_query_from_rq_file(runner, built, tmp_path):
    rq = tmp_path / "persons.rq"
    rq.write_text(PERSONS + "\n", encoding="utf-8")
    from_file = _query(runner, built, str(rq), "-f", "csv")
    inline = _query(runner, built, PERSONS, "-f", "csv")
    assert from_file.exit_code == 0, from_file.output
    assert from_file.stdout == inline.stdout


def test_query_missing_rq_file(runner, built, tmp_path):
    result = _query(runner, built, str(tmp_path / "nothere.rq"))
    assert result.exit_code == 1
    assert "nothere.rq" in result.stderr and "no such query file" in result.stderr


def test_query_bad_format_is_usage_error(runner, built):
    result = _query(runner, built, PERSONS, "-f", "xml")
    assert result.exit_code == 2


def test_malformed_query(runner, built):
    result = _query(runner, built, "SELEC ?x WHERE {")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: bad SPARQL query")
    assert result.stdout == ""


def test_malformed_query_points_at_user_line(runner, built):
    """The error position is in the user's query, not shifted by the predeclared prefixes."""
    result = _query(runner, built, "SELECT ?x WHERE { ?x ?y }")
    assert result.exit_code == 2
    assert re.search(r"line 1\b", result.stderr), result.stderr


def test_missing_graph_file(runner, tmp_path):
    result = runner.invoke(main, ["query", str(tmp_path / "nothere.ttl"), PERSONS])
    assert result.exit_code == 2
    assert "nothere.ttl" in result.output and "does not exist" in result.output
    assert "Traceback" not in result.output


def test_folder_without_graph(runner, tmp_path):
    result = runner.invoke(main, ["query", str(tmp_path), PERSONS])
    assert result.exit_code == 1
    assert "no such graph file" in result.stderr and "kg build" in result.stderr


def test_unreadable_graph_file(runner, tmp_path):
    bad = tmp_path / "graph.ttl"
    bad.write_text("this is @not turtle <<<", encoding="utf-8")
    result = runner.invoke(main, ["query", str(bad), PERSONS])
    assert result.exit_code == 1
    assert "graph.ttl" in result.stderr and "not a readable" in result.stderr
    assert "Traceback" not in result.output


def test_python_m_kg(tmp_path):
    """`python -m kg` is the same command line."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "kg", "--version"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    assert "version" in proc.stdout


# --- build --into, --format; export ------------------------------------------------


def test_build_into_and_formats(runner, tmp_path):
    out = tmp_path / "g"
    first = runner.invoke(main, ["build", str(SAMPLE), "-o", str(out), "--format", "ttl,nt,graphml"])
    assert first.exit_code == 0, first.output
    assert sorted(p.name for p in out.iterdir()) == ["documents.jsonl.gz", "graph.graphml", "graph.nt", "graph.ttl", "store"]
    before = (out / "graph.nt").read_bytes()
    again = runner.invoke(main, ["build", str(SAMPLE), "--into", str(out), "--format", "ttl,nt"])
    assert again.exit_code == 0, again.output
    assert (out / "graph.nt").read_bytes() == before
    assert _summary_counts(again.output) == _summary_counts(first.output)
    both = runner.invoke(main, ["build", str(SAMPLE), "--into", str(out), "-o", str(tmp_path / "other")])
    assert both.exit_code == 2 and "leave out -o" in both.output
    bad = runner.invoke(main, ["build", str(SAMPLE), "-o", str(out), "--format", "ttl,pdf"])
    assert bad.exit_code == 1 and "unknown output format 'pdf'" in bad.output
    empty = runner.invoke(main, ["build", str(SAMPLE), "--into", str(tmp_path / "nothing")])
    assert empty.exit_code == 1 and "documents.jsonl.gz: not found" in empty.output


def test_export_command(runner, built, tmp_path):
    out, result = built
    assert result.exit_code == 0
    exported = runner.invoke(main, ["export", str(out), "-o", str(tmp_path), "-f", "trig,gexf"])
    assert exported.exit_code == 0, exported.output
    assert exported.output.splitlines() == [str(tmp_path / "graph.trig"), str(tmp_path / "graph.gexf")]
