"""Scoring extraction against gold annotations: mentions, events and relations.

A gold file is JSONL, one record a line, in one of two formats:

* kg's own (written by people, see ``tests/gold/``)::

    {"id": "...", "date": "2024-07-05", "text": "...", "title_end": 12,
     "mentions": [{"start": 0, "end": 3, "type": "Person", "text": "...", "norm": "..."}],
     "events": [{"name": "...", "kind": "Meeting", "named": false, "aliases": [],
                 "attendee": ["..."], "organizer": [], "location": [], "startDate": ["2024-07-04"]}],
     "relations": [{"subject": "...", "predicate": "holdsPosition", "object": "..."}]}

* NER JSONL (``{"text", "entities": [{"start", "end", "type", "text"}]}``),
  whose labels are mapped to kg's types by a label map (:data:`LABEL_MAP`).

Predictions are ``kg extract`` output (:func:`kg.pipeline.as_json`), or, by
:func:`predict`, kg run on each gold record's own text. Offsets are
characters, end exclusive.

>>> report = scores("tests/gold/dev.jsonl")  # doctest: +SKIP
>>> report["mentions"]["Person"]["exact"]["f1"]  # doctest: +SKIP
0.93
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .model import (
    ATTENDEE,
    CONTAINED_IN,
    DATE,
    END_DATE,
    GOVERNMENT,
    HOLDS_POSITION,
    LOCATION,
    MENTION_TYPES,
    ORGANIZATION,
    ORGANIZER,
    PERSON,
    PLACE,
    POSITION,
    POST_IN,
    START_DATE,
    SUPER_EVENT,
    Document,
)

# NER labels of ../shared/data (CLUENER2020, People's Daily) -> kg's mention types.
LABEL_MAP: dict[str, str] = {
    "name": PERSON,
    "PER": PERSON,
    "position": POSITION,
    "government": GOVERNMENT,
    "organization": ORGANIZATION,
    "company": ORGANIZATION,
    "ORG": ORGANIZATION,
    "address": PLACE,
    "LOC": PLACE,
    "TIME": DATE,
}

EVENT_ROLES = (ATTENDEE, ORGANIZER, LOCATION, START_DATE, END_DATE, SUPER_EVENT)
OTHER_RELATIONS = (HOLDS_POSITION, POST_IN, CONTAINED_IN)
# Other names for a predicate, accepted in gold files.
PREDICATE_ALIASES = {"jobTitle": HOLDS_POSITION, "chair": ORGANIZER, "date": START_DATE, "containedIn": CONTAINED_IN}

# Full-width ASCII and the ideographic space, one character for one, so gold offsets still hold.
_HALF_WIDTH = str.maketrans({**{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}, "\u3000": " "})
_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』《》〈〉 \u3000\t")


@dataclass(frozen=True, slots=True)
class Span:
    """A typed span of a record's text (gold or predicted)."""

    start: int
    end: int
    type: str
    text: str
    norm: str = ""


@dataclass(slots=True)
class EventRec:
    """An event with its roles: role -> list of values (names, ISO dates, event names)."""

    name: str
    kind: str | None = None
    named: bool = True
    aliases: tuple[str, ...] = ()
    roles: dict[str, list[str]] = field(default_factory=dict)


@dataclass(slots=True)
class Record:
    """One annotated (or predicted) article."""

    id: str
    text: str
    date: dt.date | None = None
    title_end: int = 0
    mentions: list[Span] = field(default_factory=list)
    events: list[EventRec] = field(default_factory=list)
    # (subject alternatives, predicate, object alternatives)
    relations: list[tuple[tuple[str, ...], str, tuple[str, ...]]] = field(default_factory=list)
    where: str = ""


@dataclass(slots=True)
class GoldSet:
    """The records of one gold file and the mention types its annotators used."""

    records: list[Record]
    types: frozenset[str]
    flat: bool  # NER gold: no nested spans, so predictions are flattened too
    relations: bool  # the file annotates events and relations


def normalize(name: str) -> str:
    """A name as compared: NFKC (full-width to ASCII), without quotes and spaces."""
    return unicodedata.normalize("NFKC", name).translate(_QUOTES)


# ---------------------------------------------------------------- reading


def read_gold(path: str | Path, label_map: Mapping[str, str] | None = None) -> GoldSet:
    """Read a gold file, kg's format or NER JSONL (told apart per record by its keys).

    ``label_map`` maps NER labels to kg types (default :data:`LABEL_MAP`);
    entities whose label it lacks are left out and their label is not part
    of the set's types.
    """
    labels = dict(LABEL_MAP if label_map is None else label_map)
    for label, kind in labels.items():
        if kind not in MENTION_TYPES:
            raise InputError(f"label map: {label}={kind}: {kind!r} is not a kg type; use one of {', '.join(MENTION_TYPES)}")
    records: list[Record] = []
    types: set[str] = set()
    ner = kg = False
    for where, obj in _json_lines(Path(path)):
        if "entities" in obj:
            ner = True
            rec, used = _ner_record(obj, where, labels)
            types |= used
        else:
            kg = True
            rec = _kg_record(obj, where, gold=True)
            types |= set(MENTION_TYPES)
        records.append(rec)
    if ner and kg:
        raise InputError(f"{path}: mixes NER records ('entities') and kg records ('mentions'); use one format a file")
    if not records:
        raise InputError(f"{path}: no records; a gold file has one JSON object a line")
    seen: set[str] = set()
    for rec in records:
        if rec.id in seen:
            raise InputError(f"{rec.where}: id {rec.id!r} is used twice; give each record its own id")
        seen.add(rec.id)
    return GoldSet(records=records, types=frozenset(types), flat=ner, relations=kg)


def read_predictions(path: str | Path) -> dict[str, Record]:
    """Read ``kg extract`` output (or a file in kg's gold format), by record id."""
    out: dict[str, Record] = {}
    for where, obj in _json_lines(Path(path)):
        rec = _kg_record(obj, where, gold=False)
        out[rec.id] = rec
    return out


def _json_lines(path: Path) -> Iterable[tuple[str, dict]]:
    try:
        fh = path.open(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    with fh:
        try:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = f"{path}:{lineno}"
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{where}: not a JSON object ({exc.msg} at column {exc.colno})") from None
                if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                    raise InputError(f"{where}: expected a JSON object with a string 'text' field")
                yield where, obj
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 (byte {exc.start}); save the file as UTF-8") from None


def _span(item, text: str, where: str, what: str) -> tuple[int, int]:
    if not isinstance(item, dict):
        raise InputError(f"{where}: {what} must be an object with start, end, type, got {item!r}")
    start, end = item.get("start"), item.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise InputError(f"{where}: {what} has bad offsets start={start!r} end={end!r} (text has {len(text)} characters)")
    if "text" in item and item["text"] != text[start:end]:
        raise InputError(
            f"{where}: {what} [{start}:{end}] says {item['text']!r} but the text there is {text[start:end]!r}; "
            "offsets are characters, end exclusive"
        )
    return start, end


def _ner_record(obj: dict, where: str, labels: Mapping[str, str]) -> tuple[Record, set[str]]:
    text = obj["text"]
    spans, used = [], set()
    ents = obj.get("entities")
    if not isinstance(ents, list):
        raise InputError(f"{where}: 'entities' must be a list")
    for n, ent in enumerate(ents):
        start, end = _span(ent, text, where, f"entity {n}")
        kind = labels.get(ent.get("type"))
        if kind is None:
            continue
        used.add(kind)
        spans.append(Span(start, end, kind, text[start:end]))
    rid = str(obj.get("id") or where.rsplit("/", 1)[-1].replace(".jsonl:", "-"))
    return Record(id=rid, text=text, mentions=spans, where=where), used


def _kg_record(obj: dict, where: str, gold: bool) -> Record:
    text = obj["text"]
    rid = obj.get("id")
    if not isinstance(rid, (str, int)):
        raise InputError(f"{where}: field 'id' is missing; every record needs one to be matched")
    date = None
    if obj.get("date"):
        try:
            date = dt.date.fromisoformat(str(obj["date"]))
        except ValueError:
            raise InputError(f"{where}: bad date {obj['date']!r}; use YYYY-MM-DD") from None
    title_end = obj.get("title_end", 0)
    if not isinstance(title_end, int) or not 0 <= title_end <= len(text):
        raise InputError(f"{where}: bad title_end {title_end!r}; it is the length of the headline line, or 0")
    mentions = []
    for n, m in enumerate(obj.get("mentions") or []):
        start, end = _span(m, text, where, f"mention {n}")
        kind = m.get("type")
        if kind not in MENTION_TYPES:
            raise InputError(f"{where}: mention {n} ({text[start:end]!r}) has type {kind!r}; use one of {', '.join(MENTION_TYPES)}")
        norm = m.get("norm") or ""
        if not isinstance(norm, str):
            raise InputError(f"{where}: mention {n} has a non-string norm {norm!r}")
        mentions.append(Span(start, end, kind, text[start:end], norm))
    events = [_event(e, where, n) for n, e in enumerate(obj.get("events") or [])]
    rec = Record(id=str(rid), text=text, date=date, title_end=title_end, mentions=mentions, events=events, where=where)
    for n, r in enumerate(obj.get("relations") or []):
        _relation(rec, r, where, n, gold)
    return rec


def _event(e, where: str, n: int) -> EventRec:
    if not isinstance(e, dict) or not isinstance(e.get("name"), str) or not e["name"]:
        raise InputError(f"{where}: event {n} needs a 'name' (for an unnamed event, a conventional one such as 'A会见B')")
    roles: dict[str, list[str]] = {}
    for key, value in e.items():
        pred = PREDICATE_ALIASES.get(key, key)
        if pred not in EVENT_ROLES:
            continue
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InputError(f"{where}: event {e['name']!r}: role {key!r} must be a list of names")
        roles.setdefault(pred, []).extend(value)
    aliases = e.get("aliases") or []
    return EventRec(name=e["name"], kind=e.get("kind"), named=bool(e.get("named", True)), aliases=tuple(aliases), roles=roles)


def _alternatives(x, where: str, n: int) -> tuple[tuple[str, ...], bool]:
    """The names a relation end may be matched by, and whether it is an event."""
    if isinstance(x, str):
        return (x,), False
    if isinstance(x, dict):
        if "event" in x:
            return (x["event"],), True
        names = tuple(v for v in (x.get("norm"), x.get("text")) if isinstance(v, str) and v)
        if names:
            return names, False
    raise InputError(f"{where}: relation {n}: subject and object must be names (strings), got {x!r}")


def _relation(rec: Record, r, where: str, n: int, gold: bool) -> None:
    if not isinstance(r, dict) or not {"subject", "predicate", "object"} <= r.keys():
        raise InputError(f"{where}: relation {n} must be an object with subject, predicate, object")
    pred = PREDICATE_ALIASES.get(r["predicate"], r["predicate"])
    subj, subj_event = _alternatives(r["subject"], where, n)
    obj, _ = _alternatives(r["object"], where, n)
    if pred in EVENT_ROLES:
        if not gold or subj_event:
            return  # kg extract output: the same roles are on its events already
        keys = {normalize(subj[0])}
        for ev in rec.events:
            if keys & {normalize(a) for a in (ev.name, *ev.aliases)}:
                ev.roles.setdefault(pred, []).append(obj[0])
                return
        raise InputError(f"{where}: relation {n}: {pred} of {subj[0]!r}, but no event of this record has that name; add it to 'events'")
    if pred not in OTHER_RELATIONS:
        known = ", ".join((*EVENT_ROLES, *OTHER_RELATIONS))
        raise InputError(f"{where}: relation {n}: unknown predicate {r['predicate']!r}; use one of {known}")
    rec.relations.append((subj, pred, obj))


# ---------------------------------------------------------------- predicting


def predict(gold: GoldSet) -> dict[str, Record]:
    """Run kg on each gold record's own text (no cleaning, no splitting), by record id.

    Full-width letters and digits are made ASCII first, as kg's reader does
    for every input (People's Daily writes ２９日); nothing else changes, so
    the gold offsets hold.
    """
    from .pipeline import as_json, extract_document

    out = {}
    for rec in gold.records:
        doc = Document(
            id=rec.id,
            text=rec.text.translate(_HALF_WIDTH),
            source=rec.where,
            title=rec.text[: rec.title_end] or None,
            title_end=rec.title_end,
            date=rec.date,
            date_source="given" if rec.date else "none",
        )
        found = as_json(extract_document(doc))
        found["text"] = rec.text
        for m in found["mentions"]:
            m["text"] = rec.text[m["start"]: m["end"]]
        out[rec.id] = _kg_record(found, rec.where, gold=False)
    return out


# ---------------------------------------------------------------- scoring


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"gold": n_gold, "pred": n_pred, "tp": tp, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


class _Counts:
    def __init__(self) -> None:
        self.c: dict[str, list[int]] = {}

    def add(self, key: str, tp: int, n_pred: int, n_gold: int) -> None:
        acc = self.c.setdefault(key, [0, 0, 0])
        acc[0] += tp
        acc[1] += n_pred
        acc[2] += n_gold

    def result(self, key: str) -> dict:
        return _prf(*self.c.get(key, [0, 0, 0]))


def _retype(spans: Iterable[Span], types: frozenset[str], merge_orgs: bool) -> list[Span]:
    out = []
    for s in spans:
        t = ORGANIZATION if merge_orgs and s.type == GOVERNMENT else s.type
        if t in types:
            out.append(Span(s.start, s.end, t, s.text, s.norm))
    return out


def _outermost(spans: list[Span]) -> list[Span]:
    """Spans not strictly inside another span (what a flat annotation would keep)."""
    return [s for s in spans if not any(o is not s and o.start <= s.start and s.end <= o.end and (o.end - o.start) > (s.end - s.start) for o in spans)]


def _overlap_matches(gold: list[Span], pred: list[Span], same_value: bool = False) -> int:
    """One-to-one matches of same-type overlapping spans, largest overlap first."""
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if g.type != p.type:
                continue
            ov = min(g.end, p.end) - max(g.start, p.start)
            if ov > 0 and (not same_value or normalize(g.norm or g.text) == normalize(p.norm or p.text)):
                pairs.append((-ov, i, j))
    pairs.sort()
    used_g, used_p = set(), set()
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    return len(used_g)


class _Names:
    """Which names count as the same entity in one record (gold and predicted aliases)."""

    def __init__(self, gold: Record, pred: Record) -> None:
        self.alias: dict[str, set[str]] = {}
        for rec in (gold, pred):
            for m in rec.mentions:
                if m.norm and m.type != DATE:
                    self._link(m.text, m.norm)
        for ev in gold.events:
            for a in ev.aliases:
                self._link(a, ev.name)

    def _link(self, a: str, b: str) -> None:
        a, b = normalize(a), normalize(b)
        if a != b:
            self.alias.setdefault(a, set()).add(b)
            self.alias.setdefault(b, set()).add(a)

    def keys(self, names: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for name in names:
            k = normalize(name)
            out.add(k)
            out |= self.alias.get(k, set())
        return out

    def match_count(self, gold: list[tuple[str, ...]], pred: list[tuple[str, ...]]) -> int:
        """How many gold items find a distinct predicted item with a name in common."""
        gk = [self.keys(g) for g in gold]
        pk = [self.keys(p) for p in pred]
        used: set[int] = set()
        n = 0
        for g in gk:
            for j, p in enumerate(pk):
                if j not in used and g & p:
                    used.add(j)
                    n += 1
                    break
        return n


def align_events(gold: list[EventRec], pred: list[EventRec], names: _Names) -> list[tuple[int, int]]:
    """Pair gold and predicted events one to one.

    A pair is possible when the names agree (a gold alias counts), or, for
    events named differently or not at all, when the kinds agree (or one is
    missing) and they share an attendee. Name matches go first, then the pairs
    sharing the larger part of their attendees, then more places, dates and
    organizers.
    """
    cands = []
    for i, g in enumerate(gold):
        gnames = names.keys((g.name, *g.aliases))
        gatt = [(a,) for a in g.roles.get(ATTENDEE, [])]
        for j, p in enumerate(pred):
            patt = [(a,) for a in p.roles.get(ATTENDEE, [])]
            shared = names.match_count(gatt, patt) if gatt and patt else 0
            jacc = shared / (len(gatt) + len(patt) - shared) if shared else 0.0
            # Ties (one person's two visits) go to the pair agreeing on more places and dates.
            other = sum(names.match_count([(v,) for v in g.roles.get(r, [])], [(v,) for v in p.roles.get(r, [])])
                        for r in (LOCATION, START_DATE, ORGANIZER))
            if gnames & names.keys((p.name,)):
                cands.append((0, -jacc, -other, i, j))
            elif shared and (g.kind is None or p.kind is None or g.kind == p.kind):
                cands.append((1, -jacc, -other, i, j))
    cands.sort()
    used_g, used_p, pairs = set(), set(), []
    for *_, i, j in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def evaluate(gold: GoldSet, pred: Mapping[str, Record], merge_orgs: bool | None = None, errors: bool = False) -> dict:
    """Score predictions against a gold set; returns the report as a plain dict.

    Only the gold set's types are scored (People's Daily has no Event or
    Position). ``merge_orgs`` scores Organization and GovernmentOrganization
    as one class; by default it is on when the gold set has no
    GovernmentOrganization. For NER gold, predicted spans inside a longer
    predicted span are left out, as a flat annotation would. With
    ``errors``, the report also lists what was missed and what was wrong.
    """
    if merge_orgs is None:
        merge_orgs = GOVERNMENT not in gold.types
    types = frozenset(ORGANIZATION if merge_orgs and t == GOVERNMENT else t for t in gold.types)
    ment = _Counts()
    rel = _Counts()
    found: list[dict] | None = [] if errors else None
    for g in gold.records:
        p = pred.get(g.id)
        if p is None:
            raise InputError(f"{g.where}: the predictions have no record with id {g.id!r}; run kg extract on the same articles")
        if p.text != g.text:
            raise InputError(
                f"{g.where}: the predicted text of {g.id!r} differs from the gold text, so offsets cannot be compared; "
                "leave out PRED and kg eval runs kg on the gold text itself"
            )
        gs = _retype(g.mentions, types, merge_orgs)
        ps = _retype(p.mentions, types, merge_orgs)
        if gold.flat:
            ps = _outermost(ps)
        for t in sorted(types) + ["all"]:
            gt = [s for s in gs if t in ("all", s.type)]
            pt = [s for s in ps if t in ("all", s.type)]
            exact = len({(s.start, s.end, s.type) for s in gt} & {(s.start, s.end, s.type) for s in pt})
            ment.add(f"{t}/exact", exact, len(pt), len(gt))
            ment.add(f"{t}/overlap", _overlap_matches(gt, pt), len(pt), len(gt))
        if found is not None:
            gkeys = {(s.start, s.end, s.type) for s in gs}
            pkeys = {(s.start, s.end, s.type) for s in ps}
            found += [{"id": g.id, "kind": "missed", "type": s.type, "text": s.text, "start": s.start}
                      for s in gs if (s.start, s.end, s.type) not in pkeys]
            found += [{"id": g.id, "kind": "wrong", "type": s.type, "text": s.text, "start": s.start}
                      for s in ps if (s.start, s.end, s.type) not in gkeys]
        if DATE in types and any(s.norm for s in gs if s.type == DATE):
            gd = [s for s in gs if s.type == DATE and s.norm]
            pd = [s for s in ps if s.type == DATE]
            ment.add(f"{DATE}/value", _overlap_matches(gd, pd, same_value=True), len(pd), len(gd))
        if gold.relations:
            _score_relations(g, p, rel, found)
    report: dict = {
        "records": len(gold.records),
        "merge_orgs": merge_orgs,
        "mentions": {},
    }
    for t in sorted(types) + ["all"]:
        report["mentions"][t] = {"exact": ment.result(f"{t}/exact"), "overlap": ment.result(f"{t}/overlap")}
    if f"{DATE}/value" in ment.c:
        report["mentions"][DATE]["value"] = ment.result(f"{DATE}/value")
    if gold.relations:
        report["events"] = rel.result("events")
        report["relations"] = {k: rel.result(k) for k in (*EVENT_ROLES, *OTHER_RELATIONS)}
        report["relations"]["event roles"] = rel.result("event roles")
        report["relations"]["all"] = rel.result("all")
    if found is not None:
        report["errors"] = found
    return report


def _unmatched(names: _Names, gold: list[tuple[str, ...]], pred: list[tuple[str, ...]]) -> tuple[list, list]:
    """The gold items no predicted item matched, and the predicted items left over."""
    pk = [names.keys(p) for p in pred]
    used: set[int] = set()
    missed = []
    for g in gold:
        gk = names.keys(g)
        j = next((j for j, k in enumerate(pk) if j not in used and gk & k), None)
        if j is None:
            missed.append(g[0])
        else:
            used.add(j)
    return missed, [p[0] for j, p in enumerate(pred) if j not in used]


def _score_relations(g: Record, p: Record, acc: _Counts, found: list[dict] | None = None) -> None:
    names = _Names(g, p)
    pairs = align_events(g.events, p.events, names)
    acc.add("events", len(pairs), len(p.events), len(g.events))
    if found is not None:
        gi, pj = {i for i, _ in pairs}, {j for _, j in pairs}
        for i, e in enumerate(g.events):
            label = e.name + "".join(f" -> {p.events[j].name}" for a, j in pairs if a == i)
            for role in EVENT_ROLES:
                gv = e.roles.get(role, [])
                pv = next((p.events[j].roles.get(role, []) for a, j in pairs if a == i), [])
                missed, wrong = _unmatched(names, [(v,) for v in gv], [(v,) for v in pv])
                found += [{"id": g.id, "kind": "missed", "type": role, "text": f"{label}: {v}"} for v in missed]
                found += [{"id": g.id, "kind": "wrong", "type": role, "text": f"{label}: {v}"} for v in wrong]
            if i not in gi:
                found.append({"id": g.id, "kind": "missed", "type": "event", "text": f"{e.name} ({e.kind})"})
        for j, e in enumerate(p.events):
            if j not in pj:
                roles = "; ".join(f"{r} {', '.join(v)}" for r, v in e.roles.items())
                found.append({"id": g.id, "kind": "wrong", "type": "event", "text": f"{e.name} ({e.kind}) {roles}"})
    for role in EVENT_ROLES:
        tp = 0
        n_gold = sum(len(e.roles.get(role, [])) for e in g.events)
        n_pred = sum(len(e.roles.get(role, [])) for e in p.events)
        for i, j in pairs:  # roles of unpaired events count only in the totals
            gv = [(v,) for v in g.events[i].roles.get(role, [])]
            pv = [(v,) for v in p.events[j].roles.get(role, [])]
            tp += names.match_count(gv, pv)
        acc.add(role, tp, n_pred, n_gold)
        acc.add("event roles", tp, n_pred, n_gold)
        acc.add("all", tp, n_pred, n_gold)
    for pred in OTHER_RELATIONS:
        gr = [r for r in g.relations if r[1] == pred]
        pr = [r for r in p.relations if r[1] == pred]
        gk = [(names.keys(s), names.keys(o)) for s, _, o in gr]
        pk = [(names.keys(s), names.keys(o)) for s, _, o in pr]
        used: set[int] = set()
        tp = 0
        for gs, go in gk:
            for j, (ps, po) in enumerate(pk):
                if j not in used and gs & ps and go & po:
                    used.add(j)
                    tp += 1
                    break
        acc.add(pred, tp, len(pr), len(gr))
        acc.add("all", tp, len(pr), len(gr))
        if found is not None:
            missed, wrong = _unmatched(names, [(f"{s[0]} {o[0]}",) for s, _, o in gr], [(f"{s[0]} {o[0]}",) for s, _, o in pr])
            found += [{"id": g.id, "kind": "missed", "type": pred, "text": v} for v in missed]
            found += [{"id": g.id, "kind": "wrong", "type": pred, "text": v} for v in wrong]


def scores(
    gold_path: str | Path,
    pred_path: str | Path | None = None,
    label_map: Mapping[str, str] | None = None,
    merge_orgs: bool | None = None,
    errors: bool = False,
) -> dict:
    """Read, predict if ``pred_path`` is None, and score: the report as a dict.

    >>> scores("tests/gold/dev.jsonl")["relations"]["attendee"]["recall"]  # doctest: +SKIP
    0.9
    """
    gold = read_gold(gold_path, label_map)
    pred = read_predictions(pred_path) if pred_path is not None else predict(gold)
    report = evaluate(gold, pred, merge_orgs, errors)
    report["gold"] = str(gold_path)
    report["pred"] = str(pred_path) if pred_path is not None else "kg (run on the gold texts)"
    return report


def parse_label_map(items: Iterable[str], base: Mapping[str, str] | None = None) -> dict[str, str]:
    """``LABEL=Type`` items over ``base`` (default :data:`LABEL_MAP`); ``LABEL=`` drops a label."""
    out = dict(LABEL_MAP if base is None else base)
    for item in items:
        label, sep, kind = item.partition("=")
        if not sep or not label:
            raise InputError(f"label map: {item!r} is not LABEL=Type, e.g. scene=Place")
        if not kind:
            out.pop(label, None)
        elif kind not in MENTION_TYPES:
            raise InputError(f"label map: {item!r}: {kind!r} is not a kg type; use one of {', '.join(MENTION_TYPES)}")
        else:
            out[label] = kind
    return out


# ---------------------------------------------------------------- printing


def format_report(report: dict) -> str:
    """The report as plain-text tables (mentions, then events and relations)."""
    lines = [f"gold: {report.get('gold', '?')}  pred: {report.get('pred', '?')}  records: {report['records']}"
             + ("  (Organization and GovernmentOrganization scored as one)" if report["merge_orgs"] else "")]
    head = f"{'mentions':<24}{'gold':>6}{'pred':>6}  {'exact P':>7} {'R':>6} {'F1':>6}  {'overlap P':>9} {'R':>6} {'F1':>6}"
    lines += ["", head, "-" * len(head)]
    for t, row in report["mentions"].items():
        e, o = row["exact"], row["overlap"]
        lines.append(f"{t:<24}{e['gold']:>6}{e['pred']:>6}  {e['precision']:>7.3f} {e['recall']:>6.3f} {e['f1']:>6.3f}"
                     f"  {o['precision']:>9.3f} {o['recall']:>6.3f} {o['f1']:>6.3f}")
        if "value" in row:
            v = row["value"]
            lines.append(f"{'  Date value':<24}{v['gold']:>6}{v['pred']:>6}  {v['precision']:>7.3f} {v['recall']:>6.3f} {v['f1']:>6.3f}"
                         "  (overlapping span, same normalized value)")
    if "relations" in report:
        head = f"{'events and relations':<24}{'gold':>6}{'pred':>6}  {'P':>7} {'R':>6} {'F1':>6}"
        lines += ["", head, "-" * len(head)]
        rows = [("events (aligned)", report["events"]), *report["relations"].items()]
        for name, r in rows:
            lines.append(f"{name:<24}{r['gold']:>6}{r['pred']:>6}  {r['precision']:>7.3f} {r['recall']:>6.3f} {r['f1']:>6.3f}")
    if "errors" in report:
        lines += ["", "errors (missed = in gold, not found; wrong = found, not in gold; mentions by exact span)"]
        lines += [f"{e['id']}\t{e['kind']}\t{e['type']}\t{e['text']}" for e in report["errors"]]
    return "\n".join(lines) + "\n"
