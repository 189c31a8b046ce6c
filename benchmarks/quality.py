"""Extraction quality: kg against plain jieba.posseg, on public NER sets and the dev gold.

    python benchmarks/quality.py                 # print the markdown table
    python benchmarks/quality.py --write         # and put it in benchmarks/README.md ("## Quality")

Sets (from ../shared/data): the first 2,000 sentences of cluener2020_train.jsonl,
peoples_daily_dev.jsonl, peoples_daily_time_dev.jsonl, and tests/gold/dev.jsonl.
Mention scores are exact-span F1 (overlap in brackets); Organization and
GovernmentOrganization are one class on sets without the split (People's Daily).

The baseline is the default jieba.posseg, each token tagged nr/nrfg/nrt a
Person, ns a Place, nt an Organization, t a Date; every token is its own span
(adjacent tokens are not merged), as a plain tagger gives them.
"""

from __future__ import annotations

import datetime as dt
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.evaluate import GoldSet, Record, Span, evaluate, predict, read_gold  # noqa: E402
from kg.model import DATE, ORGANIZATION, PERSON, PLACE  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
CLUENER_SLICE = 2000
JIEBA_TAGS = {"nr": PERSON, "nrfg": PERSON, "nrt": PERSON, "ns": PLACE, "nt": ORGANIZATION, "t": DATE}
SETS = [
    ("CLUENER train, first 2,000", DATA / "cluener2020_train.jsonl", CLUENER_SLICE),
    ("People's Daily dev", DATA / "peoples_daily_dev.jsonl", None),
    ("People's Daily + TIME dev", DATA / "peoples_daily_time_dev.jsonl", None),
    ("dev gold (tests/gold)", ROOT / "tests" / "gold" / "dev.jsonl", None),
]
TYPES = ["Person", "Place", "Organization", "GovernmentOrganization", "Position", "Event", "Date"]
ROLES = ["attendee", "organizer", "location", "startDate", "superEvent", "holdsPosition", "event roles"]


def jieba_predict(gold: GoldSet) -> dict[str, Record]:
    """Plain jieba.posseg spans for every record (no kg lexicon, no merging)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    out = {}
    for rec in gold.records:
        spans, pos = [], 0
        for word, flag in jieba.posseg.cut(rec.text):
            kind = JIEBA_TAGS.get(flag)
            if kind and word.strip():
                spans.append(Span(pos, pos + len(word), kind, word))
            pos += len(word)
        out[rec.id] = Record(id=rec.id, text=rec.text, mentions=spans)
    return out


def measure() -> tuple[list[dict], str]:
    rows = []
    for name, path, limit in SETS:
        if not path.exists():
            print(f"skipping {name}: {path} is absent", file=sys.stderr)
            continue
        gold = read_gold(path)
        if limit:
            gold = GoldSet(records=gold.records[:limit], types=gold.types, flat=gold.flat, relations=gold.relations)
        for system, run in (("kg", predict), ("jieba.posseg", jieba_predict)):
            t0 = time.perf_counter()
            pred = run(gold)
            secs = time.perf_counter() - t0
            report = evaluate(gold, pred)
            rows.append({"set": name, "system": system, "records": len(gold.records), "seconds": secs, "report": report})
            print(f"{name} / {system}: {len(gold.records)} records in {secs:.1f} s", file=sys.stderr)
    return rows, table(rows)


def _cell(report: dict, t: str) -> str:
    row = report["mentions"].get(t)
    if row is None:
        return "–"
    return f"{row['exact']['f1'] * 100:.1f} ({row['overlap']['f1'] * 100:.1f})"


def table(rows: list[dict]) -> str:
    lines = ["Mention F1 × 100, exact span (overlap):", "",
             "| set | system | records | " + " | ".join(TYPES) + " | all | Date value |",
             "|---|---|---:|" + "---:|" * (len(TYPES) + 2)]
    for r in rows:
        rep = r["report"]
        date_value = rep["mentions"].get(DATE, {}).get("value")
        dv = f"{date_value['f1'] * 100:.1f}" if date_value else "–"
        lines.append(f"| {r['set']} | {r['system']} | {r['records']} | "
                     + " | ".join(_cell(rep, t) for t in TYPES) + f" | {_cell(rep, 'all')} | {dv} |")
    dev = [r for r in rows if "relations" in r["report"] and r["system"] == "kg"]
    if dev:
        rep = dev[0]["report"]
        lines += ["", "Events and relations on the dev gold (kg; the baseline finds none), P / R / F1 × 100:", "",
                  "| what | gold | kg | precision | recall | F1 |", "|---|---:|---:|---:|---:|---:|"]
        for name, r in [("events (aligned)", rep["events"]), *((k, rep["relations"][k]) for k in ROLES)]:
            lines.append(f"| {name} | {r['gold']} | {r['pred']} | {r['precision'] * 100:.1f} | {r['recall'] * 100:.1f} | {r['f1'] * 100:.1f} |")
        for t in ("Person", "Organization", "Place", "Event"):
            m = rep["mentions"][t]["exact"]
            lines.append(f"| {t} mentions (exact) | {m['gold']} | {m['pred']} | {m['precision'] * 100:.1f} | {m['recall'] * 100:.1f} | {m['f1'] * 100:.1f} |")
    secs = ", ".join(f"{r['system']} {r['seconds']:.0f} s" for r in rows if r["set"].startswith("People's Daily dev"))
    if secs:
        lines += ["", f"Time on People's Daily dev: {secs}."]
    lines += against_targets(rows)
    return "\n".join(lines) + "\n"


# Issue 3's "done when": (what, set, how to read the figure from a report, target × 100).
TARGETS = [
    ("Person F1, exact", "People's Daily dev", lambda rep: rep["mentions"]["Person"]["exact"]["f1"], 85),
    ("Place F1, exact", "People's Daily dev", lambda rep: rep["mentions"]["Place"]["exact"]["f1"], 75),
    ("Organization F1, exact", "People's Daily dev", lambda rep: rep["mentions"]["Organization"]["exact"]["f1"], 70),
    ("Person F1, exact", "dev gold (tests/gold)", lambda rep: rep["mentions"]["Person"]["exact"]["f1"], 95),
    ("Organization recall", "dev gold (tests/gold)", lambda rep: rep["mentions"]["Organization"]["exact"]["recall"], 85),
    ("GovernmentOrganization recall", "dev gold (tests/gold)",
     lambda rep: rep["mentions"]["GovernmentOrganization"]["exact"]["recall"], 85),
    ("Place recall", "dev gold (tests/gold)", lambda rep: rep["mentions"]["Place"]["exact"]["recall"], 85),
    ("Event recall", "dev gold (tests/gold)", lambda rep: rep["mentions"]["Event"]["exact"]["recall"], 85),
    ("event roles recall", "dev gold (tests/gold)", lambda rep: rep["relations"]["event roles"]["recall"], 80),
    ("event roles precision", "dev gold (tests/gold)", lambda rep: rep["relations"]["event roles"]["precision"], 85),
]
# Baidu LAC on the test split of People's Daily (issue 3), the strongest offline tool.
LAC = {"Person F1, exact": 81.6, "Place F1, exact": 71.0, "Organization F1, exact": 68.0}


def against_targets(rows: list[dict]) -> list[str]:
    """The figures beside issue 3's targets, as a markdown table (kg rows only)."""
    reports = {r["set"]: r["report"] for r in rows if r["system"] == "kg"}
    out = ["", "Against issue 3's targets (× 100; Baidu LAC on People's Daily test for reference):", "",
           "| set | figure | kg | target | met | LAC |", "|---|---|---:|---:|---|---:|"]
    for what, name, get, goal in TARGETS:
        rep = reports.get(name)
        if rep is None:
            continue
        try:
            value = get(rep) * 100
        except KeyError:
            continue
        lac = LAC.get(what) if name.startswith("People's Daily") else None
        out.append(f"| {name} | {what} | {value:.1f} | {goal} | {'yes' if value >= goal else 'no'} | "
                   f"{lac if lac is not None else '–'} |")
    return out + ["", "`tests/test_quality.py` keeps these figures, less a small margin, as floors."]


def header() -> str:
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    import os

    return (f"Measured {dt.date.today().isoformat()} at commit {commit or '?'} on {cpu}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, by `python benchmarks/quality.py --write`.\n")


def write_readme(text: str) -> None:
    """Replace the "## Quality" section of benchmarks/README.md (other sections stay)."""
    readme = ROOT / "benchmarks" / "README.md"
    old = readme.read_text(encoding="utf-8") if readme.exists() else "# Benchmarks\n"
    section = "## Quality\n\n" + SECTION_INTRO + "\n" + text
    m = re.search(r"^## Quality\n.*?(?=^## |\Z)", old, flags=re.S | re.M)
    new = old[: m.start()] + section + "\n" + old[m.end():] if m else old.rstrip("\n") + "\n\n" + section
    readme.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


SECTION_INTRO = """How well kg finds mentions on public NER sets it was not tuned on, and
events and relations on the dev gold set (`tests/gold/`), beside plain
`jieba.posseg` as the baseline, measured in the same run. Run:

```sh
python benchmarks/quality.py --write   # needs ../shared/data; a few minutes
```

Sets: the first 2,000 sentences of `cluener2020_train.jsonl`, all of
`peoples_daily_dev.jsonl` and `peoples_daily_time_dev.jsonl`, and
`tests/gold/dev.jsonl`. Labels are mapped as `kg eval` does (name/PER →
Person, position → Position, government → GovernmentOrganization,
organization/company/ORG → Organization, address/LOC → Place, TIME → Date;
CLUENER's scene, book, movie and game are not scored). Where a set does not
split government bodies from other organizations (People's Daily) the two
are scored as one class, shown under Organization. On the flat NER sets a kg
mention inside a longer kg mention is left out. Baseline: each token jieba
tags nr/nrfg/nrt is a Person, ns a Place, nt an Organization, t a Date, one
span per token, adjacent tokens not merged.
"""


def main(argv: list[str]) -> int:
    rows, text = measure()
    out = header() + "\n" + text
    print(out)
    if "--write" in argv:
        write_readme(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
