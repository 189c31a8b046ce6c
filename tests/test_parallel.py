"""Parallel builds: every engine gives the graph a single process gives, in input order."""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import parallel, pipeline
from kg.corpus import Corpus, build_graph
from kg.cli import main
from kg.errors import KgError

from conftest import SAMPLE, XWLB, shared_file


def _head(path: Path, n: int, out: Path) -> Path:
    with path.open(encoding="utf-8") as src:
        out.write_text("".join(itertools.islice(src, n)), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def articles200(tmp_path_factory) -> Path:
    return _head(shared_file(XWLB), 200, tmp_path_factory.mktemp("xwlb") / "xwlb200.jsonl")


@pytest.fixture(scope="module")
def reference(articles200):
    """The graph of the 200 articles as one process builds it, article after article."""
    return build_graph(pipeline.extract_paths([articles200]))


def test_two_processes_give_the_single_process_graph(articles200, reference):
    corpus = Corpus()
    for doc, triples, saved in pipeline.article_triples([articles200], jobs=2):
        corpus.add_triples(doc, triples, saved)
    g = corpus.graph()
    assert len(g) == len(reference) > 20000
    # No blank nodes: the same set of triples is the same (isomorphic) graph.
    assert set(g) == set(reference)


def test_build_jobs_2_writes_the_same_graph(articles200, reference, tmp_path):
    result = CliRunner().invoke(main, ["build", str(articles200), "-o", str(tmp_path), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("200 articles -> ")
    from kg.sparql import load_graph

    assert set(load_graph(tmp_path / "graph.ttl")) == set(reference)


def test_extractions_keep_input_order(articles200):
    ids = [json.loads(line)["id"] for line in articles200.read_text(encoding="utf-8").splitlines()[:40]]
    head = _head(articles200, 40, articles200.with_name("head40.jsonl"))
    got = [ex.doc.id for ex in pipeline.extract_paths([head], jobs=2)]
    # An article is one document here; cleaning may drop an empty one.
    assert got == [i for i in ids if i in set(got)] and len(got) >= 38


def test_an_article_kg_fails_on_in_a_worker_is_reported_and_skipped(articles200, monkeypatch, capsys):
    from kg.read import Problems

    real = pipeline.extract_document

    def fragile(doc):
        if doc.id.endswith("7"):
            raise ValueError("boom")
        return real(doc)

    # Workers are forked after this, so they inherit the fragile extractor.
    monkeypatch.setattr(pipeline, "extract_document", fragile)
    head = _head(articles200, 40, articles200.with_name("head40b.jsonl"))
    problems = Problems()
    got = [ex.doc.id for ex in pipeline.extract_paths([head], problems=problems, jobs=2)]
    assert got and not any(i.endswith("7") for i in got)
    assert len(problems) == sum(1 for line in head.read_text(encoding="utf-8").splitlines() if json.loads(line)["id"].endswith("7"))
    assert all("ValueError: boom" in str(p) for p in problems.items)


def _fail_on_three(x: int) -> int:
    if x == 3:
        raise KgError("three is not allowed")
    return x * 10


def test_run_keeps_order_and_streams():
    seen = []

    def items():
        for i in range(200):
            seen.append(i)
            yield i

    it = parallel.run(abs, items(), jobs=2, batch=4)
    first = list(itertools.islice(it, 8))
    assert first == list(range(8))
    # Input is read a bounded window ahead, not all at once.
    assert len(seen) < 100
    assert list(it) == list(range(8, 200))


def test_worker_errors_reach_the_caller():
    with pytest.raises(KgError, match="three is not allowed"):
        list(parallel.run(_fail_on_three, range(50), jobs=2, batch=2))


def test_small_inputs_do_not_fork(monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("forked for one article")

    monkeypatch.setattr(parallel, "_pool", no_pool)
    assert [ex.doc.id for ex in pipeline.extract_paths([SAMPLE], jobs=2)]


def test_bad_engine_and_jobs():
    with pytest.raises(KgError, match="unknown engine 'spark'"):
        list(parallel.run(abs, [1], engine="spark"))
    with pytest.raises(KgError, match="at least 1"):
        list(parallel.run(abs, [1], jobs=0))


def test_jobs_option_rejects_zero(tmp_path):
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path), "--jobs", "0"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "--jobs" in result.stderr


# --- Ray -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def ray_cluster(tmp_path_factory):
    """A one-node Ray cluster on loopback, started with `ray start --head`: its address."""
    if importlib.util.find_spec("ray") is None:
        pytest.skip("Ray is not installed (pip install 'kg[ray]')")
    # Keep every Ray service on 127.0.0.1 and skip token files: a throwaway local cluster.
    # Ray reads these when it is imported, so this process must not have imported it yet.
    assert "ray" not in sys.modules
    env = {"RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0", "RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    port = _free_port()
    ray = Path(sys.executable).with_name("ray")
    log = tmp_path_factory.mktemp("ray") / "head.log"
    with log.open("wb") as out:
        head = subprocess.Popen(
            [str(ray), "start", "--head", f"--port={port}", "--node-ip-address=127.0.0.1", "--num-cpus=2",
             "--include-dashboard=false", "--disable-usage-stats", "--block"],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True, env={**os.environ, **env},
        )
    try:
        deadline = time.monotonic() + 60
        while b"--block" not in log.read_bytes():
            if head.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("ray start failed:\n" + log.read_text(errors="replace")[-2000:])
            time.sleep(0.5)
        yield f"127.0.0.1:{port}"
    finally:
        # Only the processes this fixture started: the head's own process group.
        for sig, wait in ((signal.SIGTERM, 3), (signal.SIGKILL, 5)):
            try:
                os.killpg(head.pid, sig)
            except ProcessLookupError:
                break
            try:
                head.wait(wait)
            except subprocess.TimeoutExpired:
                pass
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def test_ray_build_gives_the_single_process_graph(ray_cluster, articles200, reference, tmp_path):
    out = tmp_path / "out"
    # In its own interpreter: Ray's driver leaves threads behind, and a later test forking
    # workers from a process with foreign threads can deadlock in the child.
    result = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(articles200), "-o", str(out), "--engine", "ray", "--address", ray_cluster],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("200 articles -> ")
    from kg.sparql import load_graph

    assert set(load_graph(out / "graph.ttl")) == set(reference)



_MANY_AFTER_AN_ERROR = """
from kg import parallel
from kg.errors import KgError
from tests_helpers_fail import fail_on_three
for _ in range(20):
    try:
        list(parallel.run(fail_on_three, range(2000), jobs=2, batch=1))
    except KgError:
        pass
print("done")
"""


def test_an_error_with_many_articles_left_does_not_hang_the_pool(tmp_path):
    """The pool's feeder thread waited for a slot while the pool waited for it (a rare hang of the suite)."""
    import subprocess
    import sys

    (tmp_path / "tests_helpers_fail.py").write_text(
        "from kg.errors import KgError\n\ndef fail_on_three(x):\n    if x == 3:\n        raise KgError('three')\n    return x\n",
        encoding="utf-8",
    )
    out = subprocess.run([sys.executable, "-c", _MANY_AFTER_AN_ERROR], cwd=tmp_path, capture_output=True, text=True,
                         timeout=120)
    assert out.stdout.strip() == "done", out.stderr
