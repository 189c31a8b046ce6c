"""`kg serve` (the Oxigraph server) and `kg push`, against a real server on loopback."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner

from kg.cli import main

from conftest import ROOT

PERSONS = "SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`kg serve` running in a subprocess on 127.0.0.1."""

    def __init__(self, location, *options: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", str(location), "--port", str(self.port), *options],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 30
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError("kg serve exited: " + self.proc.stderr.read().decode(errors="replace"))
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("kg serve did not start listening within 30 s") from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def writable(tmp_path):
    server = Server(tmp_path / "db", "--writable")
    yield server
    server.stop()


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _select(url: str, query: str) -> list[dict]:
    """Ask over the plain SPARQL 1.1 protocol (GET), as any client would."""
    req = urllib.request.Request(f"{url}/query?query={urllib.parse.quote(query)}",
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.load(resp)["results"]["bindings"]


def test_push_then_query_over_the_protocol(writable, sample_build, sample_graph):
    out, _ = sample_build
    result = _run("push", out, "--endpoint", f"{writable.url}/store")
    assert result.exit_code == 0, result.output
    assert "added to the default graph" in result.stdout
    rows = _select(writable.url, COUNT)
    assert int(rows[0]["n"]["value"]) == len(sample_graph)
    # kg query speaks the protocol too, with kg's prefixes predeclared.
    remote = _run("query", f"{writable.url}/query", PERSONS, "-f", "csv")
    local = _run("query", out / "graph.ttl", PERSONS, "-f", "csv")
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == local.stdout and "曹立强" in remote.stdout
    # A named query with a parameter gives the rows it gives on the file.
    named = (ROOT / "examples" / "queries" / "co-attendance.rq", "--param", "person=曹立强", "-f", "csv")
    remote = _run("query", f"{writable.url}/query", *named)
    local = _run("query", out / "graph.ttl", *named)
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == local.stdout and remote.stdout.count("\n") > 5


def test_push_to_a_named_graph_and_replace(writable, sample_build, sample_graph):
    out, _ = sample_build
    endpoint = f"{writable.url}/store"
    for _ in range(2):
        assert _run("push", out / "graph.ttl", "-e", endpoint, "--graph", "https://example.org/g", "--replace").exit_code == 0
    rows = _select(writable.url, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert [(r["g"]["value"], int(r["n"]["value"])) for r in rows] == [("https://example.org/g", len(sample_graph))]


def test_serve_a_build_read_only(sample_build, sample_graph):
    out, _ = sample_build
    server = Server(out)
    try:
        assert int(_select(server.url, COUNT)[0]["n"]["value"]) == len(sample_graph)
        refused = _run("push", out, "-e", f"{server.url}/store")
        assert refused.exit_code == 1
        assert "Traceback" not in refused.output
        assert refused.stderr.startswith("Error: POST ") and "HTTP" in refused.stderr
    finally:
        server.stop()


def test_remote_query_error_points_at_user_line(writable):
    result = _run("query", f"{writable.url}/query", "SELECT ?x WHERE {\n ?x ?y }")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: bad SPARQL query") and "2:" in result.stderr


def test_push_to_nothing_is_one_line_error(sample_build):
    out, _ = sample_build
    result = _run("push", out, "-e", f"http://127.0.0.1:{_free_port()}/store")
    assert result.exit_code == 1
    assert "cannot reach" in result.stderr and "is the server running?" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_push_bad_inputs(sample_build, tmp_path):
    out, _ = sample_build
    bad = tmp_path / "graph.csv"
    bad.write_text("a,b\n", encoding="utf-8")
    assert "cannot push a .csv file" in _run("push", bad, "-e", "http://127.0.0.1:1/store").stderr
    assert "not an http(s) URL" in _run("push", out, "-e", "127.0.0.1:7878/store").stderr


def test_serve_without_a_store_says_how_to_make_one(tmp_path):
    result = _run("serve", tmp_path)
    assert result.exit_code == 1
    assert "no Oxigraph store" in result.stderr and "kg build" in result.stderr
