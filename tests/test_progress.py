"""The build's progress bar: on a terminal only."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.progress import bar, count_articles

from conftest import SAMPLE


def test_count_articles(tmp_path):
    archive = tmp_path / "a.jsonl"
    archive.write_text('{"id": "1", "text": "甲"}\n\n{"id": "2", "text": "乙"}\n  \n{"id": "3", "text": "丙"}', encoding="utf-8")
    assert count_articles([archive, SAMPLE]) == 4


def test_no_bar_when_not_a_terminal(tmp_path):
    assert bar([SAMPLE]) is None or os.isatty(2)
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path)])
    assert result.exit_code == 0
    assert "articles/s" not in result.output and "\r" not in result.output


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_bar_on_a_terminal(tmp_path):
    import fcntl
    import pty
    import struct
    import termios

    archive = tmp_path / "a.jsonl"
    line = '{"id": "%d", "date": "2024-07-05", "title": "会见", "text": "区委书记曹立强会见了客人。"}\n'
    archive.write_text("".join(line % i for i in range(30)), encoding="utf-8")
    leader, follower = pty.openpty()
    # A new pseudo-terminal is 0 columns wide; give it a real size (rows, cols).
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    seen = []

    def drain():
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal's other end closed
                return
            if not chunk:
                return
            seen.append(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(archive), "-o", str(tmp_path / "out"), "--jobs", "1"],
                            stdout=subprocess.PIPE, stderr=follower)
    os.close(follower)
    stdout, _ = proc.communicate(timeout=120)
    reader.join(10)
    os.close(leader)
    assert proc.returncode == 0
    text = b"".join(seen).decode("utf-8", "replace")
    assert "kg build" in text and "/30" in text and "articles/s" in text
    assert stdout.decode().startswith("30 articles -> ")
