"""An interrupted build (Ctrl-C, SIGTERM, SIGKILL) leaves the previous graph as it was."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph

from conftest import ROOT, SAMPLE

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")

# `python -m kg build ...`, saying on stderr when the third article is being extracted.
_MID_EXTRACTION = """
import sys
import kg.pipeline
extract = kg.pipeline.extract_document
calls = 0
def extract_document(doc):
    global calls
    calls += 1
    if calls == 3:
        print("extracting", file=sys.stderr, flush=True)
    return extract(doc)
kg.pipeline.extract_document = extract_document
from kg.cli import main
main(["build", *sys.argv[1:]], prog_name="kg")
"""
# The same with os.fsync slowed down, so the signal lands while graph.ttl's temporary file is written.
_MID_WRITE = """
import os, sys, time
real_fsync = os.fsync
def slow_fsync(fd):
    print("writing", file=sys.stderr, flush=True)
    time.sleep(60)
    real_fsync(fd)
os.fsync = slow_fsync
from kg.cli import main
main(["build", *sys.argv[1:]], prog_name="kg")
"""


@pytest.fixture
def previous(tmp_path, sample_build):
    """An output folder holding a finished build of the sample: (folder, graph.ttl bytes)."""
    out = tmp_path / "out"
    out.mkdir()
    for name in ("graph.ttl", "graph.html"):
        (out / name).write_bytes((sample_build[0] / name).read_bytes())
    return out, (out / "graph.ttl").read_bytes()


@pytest.fixture(scope="module")
def big_archive(tmp_path_factory):
    """Sixty copies of the sample page as an archive: far more than a second of extraction."""
    text = SAMPLE.read_text(encoding="utf-8")
    path = tmp_path_factory.mktemp("big") / "big.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for n in range(60):
            fh.write(json.dumps({"id": f"copy-{n}", "date": "2024-07-05", "text": text}, ensure_ascii=False) + "\n")
    return path


def _start(args: list[str]) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


def _wait_for(proc: subprocess.Popen, words: str, timeout: float = 60) -> str:
    """Read the child's stderr until a line holds ``words``."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        seen.append(line)
        if words in line:
            return "".join(seen)
    proc.kill()
    pytest.fail(f"child never printed {words!r}: {''.join(seen)}")


def _assert_intact(out: Path, before: bytes) -> None:
    assert (out / "graph.ttl").read_bytes() == before
    assert len(Graph().parse(out / "graph.ttl", format="turtle")) > 0


def _kill_mid_extraction(out: Path, archive: Path, sig: int) -> tuple[int, str]:
    proc = _start([sys.executable, "-c", _MID_EXTRACTION, str(archive), "-o", str(out)])
    head = _wait_for(proc, "extracting")
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, head + err


@pytest.mark.parametrize("sig, code, word", [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")])
def test_ctrl_c_or_term_mid_extraction(previous, big_archive, sig, code, word):
    out, before = previous
    returncode, err = _kill_mid_extraction(out, big_archive, sig)
    assert returncode == code, err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == f"kg: {word}; outputs already written are intact"
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.ttl"]
    _assert_intact(out, before)


def test_sigkill_mid_extraction(previous, big_archive):
    out, before = previous
    returncode, err = _kill_mid_extraction(out, big_archive, signal.SIGKILL)
    assert returncode == -signal.SIGKILL
    _assert_intact(out, before)
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.ttl"]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_killed_mid_write(previous, sig):
    """The signal lands while the new graph.ttl is half on disk under its temporary name."""
    out, before = previous
    proc = _start([sys.executable, "-c", _MID_WRITE, str(SAMPLE), "-o", str(out), "--allow-empty"])
    _wait_for(proc, "writing")
    temporary = [p for p in out.iterdir() if p.name.startswith(".graph.ttl.")]
    assert len(temporary) == 1 and temporary[0].stat().st_size > 0
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    _assert_intact(out, before)
    if sig == signal.SIGINT:
        assert proc.returncode == 130
        assert "Traceback" not in err
        # Ctrl-C removes the half-written file; after a SIGKILL it stays, beside the intact graph.
        assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.ttl"]
    else:
        assert proc.returncode == -signal.SIGKILL
