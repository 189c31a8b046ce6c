"""Shared fixtures: the sample page, the shared data folder, a graph built once."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "xuhui-2024-07-05.txt"
SHARED = ROOT.parent / "shared"
XWLB = SHARED / "data" / "news_xwlb_2023h1.jsonl"


def shared_file(path: Path) -> Path:
    """A file of ../shared, or skip the test where it is absent (a user's clone)."""
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is not beside this checkout)")
    return path


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The sample page built once with the pipeline: (output folder, summary)."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("sample")
    summary = build([SAMPLE], out)
    return out, summary


@pytest.fixture(scope="session")
def sample_graph(sample_build):
    from kg.sparql import load_graph

    return load_graph(sample_build[0] / "graph.ttl")


@pytest.fixture(scope="session")
def sample_extractions():
    from kg.pipeline import extract_paths

    return list(extract_paths([SAMPLE]))
