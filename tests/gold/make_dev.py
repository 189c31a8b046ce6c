"""Build tests/gold/dev.jsonl from the annotations in tests/gold/dev.toml.

Annotating offsets by hand is error-prone, so dev.toml lists, per article,
each entity's surface string under its type; this script finds the offsets.

    python tests/gold/make_dev.py            # write dev.jsonl (checks everything first)
    python tests/gold/make_dev.py --check    # exit 1 if dev.jsonl is not what dev.toml gives
    python tests/gold/make_dev.py --draft ../shared/data/news_xwlb_2023h1.jsonl ID
                                             # a dev.toml block pre-filled from kg's output, to correct by hand

Rules (see README.md here): an entry ``surface`` marks every occurrence,
``surface#2`` only the 2nd (``#1,3`` several), ``surface=norm`` gives the
normalized value. Names (every type but Position) never overlap: the longest
entry claims its characters first; Position spans form their own layer, so
an organization inside a title is marked too. ``skip`` entries claim their
characters and mark nothing (a work's title in 《》).
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
TYPES = ("Person", "Position", "Organization", "GovernmentOrganization", "Place", "Event", "Date")
ROLES = ("attendee", "organizer", "location", "startDate", "endDate", "superEvent")
PREDICATES = ("holdsPosition", "postIn", "containedInPlace")


class GoldError(Exception):
    pass


def _entry(raw: str) -> tuple[str, str, list[int] | None]:
    m = re.fullmatch(r"(.+?)(?:#([\d,]+))?(?:=(.*))?", raw)
    if not m:
        raise GoldError(f"bad entry {raw!r}")
    occ = [int(x) for x in m[2].split(",")] if m[2] else None
    return m[1], m[3] or "", occ


def _occurrences(text: str, s: str) -> list[int]:
    out, i = [], text.find(s)
    while i >= 0:
        out.append(i)
        i = text.find(s, i + 1)
    return out


def build_doc(d: dict) -> dict:
    """One gold record from one [[doc]] table."""
    where = d.get("id", "?")
    text = d["text"].strip("\n")
    title_end = text.index("\n") if d.get("headline") else 0
    layers = {"names": [False] * len(text), "titles": [False] * len(text)}
    wanted = []  # (length, start, type, surface, norm)
    for t in (*TYPES, "skip"):
        for raw in d.get(t, []):
            surface, norm, occ = _entry(raw)
            starts = _occurrences(text, surface)
            if not starts:
                raise GoldError(f"{where}: {t} {surface!r} is not in the text")
            if occ:
                if max(occ) > len(starts):
                    raise GoldError(f"{where}: {t} {surface!r}#{max(occ)}: only {len(starts)} occurrences")
                starts = [starts[k - 1] for k in occ]
            wanted += [(len(surface), s, t, surface, norm) for s in starts]
    mentions = []
    claimed: dict[tuple[str, str], int] = {}
    for length, s, t, surface, norm in sorted(wanted, key=lambda w: (-w[0], w[1])):
        layer_names = ["names", "titles"] if t == "skip" else (["titles"] if t == "Position" else ["names"])
        if any(any(layers[ln][s: s + length]) for ln in layer_names if t != "skip" or ln == "names"):
            continue
        for ln in layer_names:
            layers[ln][s: s + length] = [True] * length
        claimed[(t, surface)] = claimed.get((t, surface), 0) + 1
        if t != "skip":
            m = {"start": s, "end": s + length, "type": t, "text": surface}
            if norm:
                m["norm"] = norm
            mentions.append(m)
    for length, s, t, surface, norm in wanted:
        if (t, surface) not in claimed:
            raise GoldError(f"{where}: every occurrence of {t} {surface!r} is inside a longer entry")
    mentions.sort(key=lambda m: (m["start"], -m["end"]))
    names = {m["text"] for m in mentions} | {m.get("norm", "") for m in mentions}
    events = []
    for e in d.get("events", []):
        ev = {"name": e["name"], "kind": e.get("kind"), "named": e.get("named", True)}
        if e.get("aliases"):
            ev["aliases"] = e["aliases"]
        for role in ROLES:
            if e.get(role):
                ev[role] = e[role]
        for k in e:
            if k not in ("name", "kind", "named", "aliases", *ROLES):
                raise GoldError(f"{where}: event {e['name']!r}: unknown key {k!r}")
        events.append(ev)
    event_names = {n for e in events for n in (e["name"], *e.get("aliases", []))}
    for ev in events:
        for role in ROLES:
            for v in ev.get(role, []):
                ok = v in event_names if role == "superEvent" else (
                    re.fullmatch(r"\d{4}(-\d\d){0,2}", v) if role in ("startDate", "endDate") else (v in names or v in text))
                if not ok:
                    raise GoldError(f"{where}: event {ev['name']!r}: {role} {v!r} names no mention or event")
    relations = []
    for s, p, o in d.get("relations", []):
        if p not in PREDICATES:
            raise GoldError(f"{where}: relation predicate {p!r}; use one of {PREDICATES}")
        for x in (s, o):
            if x not in names:
                raise GoldError(f"{where}: relation {s} {p} {o}: {x!r} names no mention")
        relations.append({"subject": s, "predicate": p, "object": o})
    rec = {"id": d["id"], "source": d["source"], "date": d.get("date"), "title_end": title_end, "text": text,
           "mentions": mentions, "events": events, "relations": relations}
    return rec


def build(src: Path = HERE / "dev.toml") -> str:
    docs = tomllib.loads(src.read_text(encoding="utf-8"))["doc"]
    ids = [d["id"] for d in docs]
    if len(set(ids)) != len(ids):
        raise GoldError("duplicate ids")
    return "".join(json.dumps(build_doc(d), ensure_ascii=False) + "\n" for d in docs)


def draft(path: str, wanted: list[str]) -> str:
    """dev.toml blocks pre-filled from kg's extraction: a starting point, to be checked by reading."""
    from kg.pipeline import as_json, extract_paths

    out = []
    for ex in extract_paths([path]):
        if ex.doc.id not in wanted and not any(ex.doc.id.startswith(w) for w in wanted):
            continue
        j = as_json(ex)
        out.append(f'[[doc]]\nid = "{j["id"]}"\nsource = "{j["source"]}"\ndate = "{j["date"]}"\n'
                   f'headline = {str(bool(j["title"])).lower()}\ntext = """\n{j["text"]}\n"""')
        for t in TYPES:
            seen = []
            for m in j["mentions"]:
                if m["type"] == t:
                    e = m["text"] + (f"={m['norm']}" if m["norm"] and m["norm"] != m["text"] else "")
                    if e not in seen:
                        seen.append(e)
            out.append(f"{t} = {json.dumps(seen, ensure_ascii=False)}")
        rels = [[r["subject"].get("norm") or r["subject"].get("text"), r["predicate"], r["object"].get("text")]
                for r in j["relations"] if "event" not in r["subject"]]
        out.append(f"relations = {json.dumps(rels, ensure_ascii=False)}")
        for e in j["events"]:
            out.append(f'[[doc.events]]\nname = "{e["name"]}"\nkind = "{e["kind"]}"\nnamed = {str(e["named"]).lower()}')
            for role in ROLES:
                if e.get(role):
                    out.append(f"{role} = {json.dumps(e[role], ensure_ascii=False)}")
        out.append("")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--draft"]:
        print(draft(argv[1], argv[2:]))
        return 0
    try:
        data = build()
    except GoldError as exc:
        print(f"dev.toml: {exc}", file=sys.stderr)
        return 1
    target = HERE / "dev.jsonl"
    if argv[:1] == ["--check"]:
        if not target.exists() or target.read_text(encoding="utf-8") != data:
            print("dev.jsonl is stale: run python tests/gold/make_dev.py", file=sys.stderr)
            return 1
        return 0
    target.write_text(data, encoding="utf-8")
    print(f"wrote {target}: {data.count(chr(10))} records")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
