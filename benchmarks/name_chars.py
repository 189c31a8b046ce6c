"""Derive kg/rules/name_chars.tsv: how likely a character is part of a person's name.

    python benchmarks/name_chars.py      # needs ../shared/data/cluener2020_train.jsonl

For every character the file gives three log-likelihood ratios (natural log,
rounded to 0.1): how much likelier it is as a Chinese given-name character,
as a character of a transliterated foreign name, and as a surname standing
alone than in ordinary text. kg uses them to tell a name jieba cut as common
words (李|宏伟) from surname + common word.

Sources, none of them a set kg is measured on:

- the person names of ``cluener2020_train.jsonl`` AFTER its first 2,000
  lines (``benchmarks/quality.py`` measures on the first 2,000, so they are
  skipped here); only single characters are kept, no name is;
- the words jieba's own dictionary tags ``nr`` (surname + given name, three
  characters, seen rarely) and ``nrt`` (transliterations), as counts by type;
- ordinary text: the characters of jieba's dictionary words that are not
  names, weighted by the words' frequencies.

Only characters whose ratio is informative for some use are written; a
character absent from the file scores 0.
"""

from __future__ import annotations

import collections
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "cluener2020_train.jsonl"
OUT = ROOT / "kg" / "rules" / "name_chars.tsv"
SKIP = 2000  # the lines benchmarks/quality.py measures on
CLUENER_WEIGHT = 3  # a name seen in news counts for more than a dictionary entry


def _surnames() -> tuple[set[str], set[str]]:
    rows = [ln.split("\t")[0].strip() for ln in (ROOT / "kg" / "rules" / "surnames.txt").read_text("utf-8").splitlines()]
    rows = [r for r in rows if r and not r.startswith("#")]
    return {r for r in rows if len(r) == 1}, {r for r in rows if len(r) > 1}


def _cjk(s: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in s)


def main() -> int:
    import jieba

    single, compound = _surnames()
    given: collections.Counter = collections.Counter()
    foreign: collections.Counter = collections.Counter()
    background: collections.Counter = collections.Counter()

    lines = DATA.read_text("utf-8").splitlines()[SKIP:]
    for line in lines:
        for ent in json.loads(line).get("entities", []):
            if ent["type"] != "name":
                continue
            name = ent["text"]
            if "·" in name:
                for part in name.split("·"):
                    if _cjk(part):
                        foreign.update({c: CLUENER_WEIGHT for c in part})
                continue
            if not _cjk(name):
                continue
            sn = 2 if name[:2] in compound else 1 if name[:1] in single else 0
            if sn and 2 <= len(name) - sn + 1 <= 3 and len(name) <= 4:
                for c in name[sn:]:
                    given[c] += CLUENER_WEIGHT
            elif not sn and len(name) >= 3:
                foreign.update({c: CLUENER_WEIGHT for c in name})

    dict_path = Path(jieba.__file__).parent / "dict.txt"
    for line in dict_path.read_text("utf-8").splitlines():
        word, freq, tag = line.split()
        freq = int(freq)
        if not _cjk(word):
            continue
        if tag == "nr" and len(word) == 3 and word[0] in single and freq <= 20:
            given.update(word[1:])
        elif tag == "nrt" and len(word) >= 3:
            foreign.update(word)
        elif tag not in ("nr", "nrt", "nrfg"):
            for c in word:
                background[c] += freq

    def ratios(counts: collections.Counter) -> dict[str, float]:
        n, nb, v = sum(counts.values()), sum(background.values()), len(background) + 1
        return {
            c: math.log((counts[c] + 0.5) / (n + 0.5 * v)) - math.log((background[c] + 1) / (nb + v))
            for c in set(counts) | set(background)
        }

    g, f = ratios(given), ratios(foreign)
    rows = []
    for c in sorted(set(g) | set(f)):
        if not (given[c] or foreign[c] or background[c] >= 10_000):
            continue  # no evidence either way: such a character scores 0
        gc, fc = round(g.get(c, 0.0), 1), round(f.get(c, 0.0), 1)
        if abs(gc) >= 0.5 or abs(fc) >= 0.5:
            rows.append(f"{c}\t{gc}\t{fc}")
    head = [
        "# How likely a character is part of a person's name: log-likelihood ratios against ordinary text.",
        "# Made by benchmarks/name_chars.py from the names of cluener2020_train.jsonl after its first 2,000 lines",
        "# (the first 2,000 are measured on and skipped), jieba's dictionary nr/nrt words and, for ordinary",
        "# text, jieba's other words by frequency. One character a line; no name is listed.",
        "# Columns (tab-separated): character, given-name ratio, transliterated-name ratio",
    ]
    OUT.write_text("\n".join(head + rows) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(rows)} characters from {len(lines)} CLUENER lines", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
