"""Helpers shared by the benchmark scripts: the machine, the commit, peak memory of a process tree."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "news_xwlb_2023h1.jsonl"


def header(title: str) -> str:
    """Markdown lines naming the date, commit, machine and load (what else was running)."""
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
        if subprocess.run(["git", "-C", str(ROOT), "diff", "--quiet", "HEAD", "--", "kg"]).returncode:
            commit += " (+ uncommitted changes in kg/)"
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError, AttributeError):
        mem = float("nan")
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return "\n".join([
        f"### {title}",
        "",
        f"- date: {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}; commit: {commit}",
        f"- machine: {cpu}, {os.cpu_count()} cores, {mem:.0f} GiB; Python {platform.python_version()}, {platform.system()}",
        f"- load average before the run (other work on the machine): {load}",
        "",
    ])


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except OSError:
            pass
    return out


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_measured(cmd: list[str], env: dict | None = None, cwd: str | Path | None = None, sample: bool = True) -> dict:
    """Run ``cmd``: its wall time, and peak memory of its whole process tree and of its largest process.

    ``tree_peak_mib`` samples the proportional set size (shared pages split
    between processes, so forked workers are not counted twice) of the
    process and its descendants every 50 ms; ``max_rss_mib`` is the largest
    peak resident set of the process or any worker it waited for, from the
    kernel (exact). Sampling costs CPU (the kernel walks each process's page
    tables), which a command using every core feels: time such a command
    with ``sample=False`` (``tree_peak_mib`` is then 0).
    """
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=cwd)
        peak = 0
        sampling = sample and Path("/proc").is_dir()
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if sampling:
                peak = max(peak, sum(_pss_kib(p) for p in _tree(proc.pid)))
            time.sleep(0.05)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if proc.returncode:
        sys.stderr.write(stderr)
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return {"wall": wall, "tree_peak_mib": peak / 1024, "max_rss_mib": usage.ru_maxrss / 1024,
            "cpu": usage.ru_utime + usage.ru_stime, "stdout": stdout, "stderr": stderr}


def python(code: str, *args: str) -> list[str]:
    """A command running ``code`` in a fresh interpreter of this environment."""
    return [sys.executable, "-c", code, *args]
