"""Events and relations: who attended, organized, led; where and when; what is part of what.

Works sentence by sentence over a document's mentions. Each kind of rule is
one small function; all add :class:`~kg.model.Relation` s carrying their
rule id. Inside a document, "出席会议" refers back to the meeting last named
(or named in the headline), and a name written twice is one entity.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from dataclasses import dataclass, field

from . import dates as datemod
from . import lexicon
from .mentions import event_kind, event_norm
from .model import (
    ATTENDEE,
    CONTAINED_IN,
    DATE,
    END_DATE,
    EVENT,
    GOVERNMENT,
    HOLDS_POSITION,
    LOCATION,
    ORGANIZATION,
    ORGANIZER,
    PERSON,
    PLACE,
    POSITION,
    POST_IN,
    START_DATE,
    SUPER_EVENT,
    Document,
    Event,
    Mention,
    Relation,
)

_SENTENCE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+[”’」』）)]*|\n|$)")
_CLAUSE = "，,；;：:"
_AGENTS = (PERSON, ORGANIZATION, GOVERNMENT)
_YEAR_PREFIX = re.compile(r"^(?:(?:19|20)\d\d年?|第[0-9一二三四五六七八九十百]+届)")


@dataclass
class _State:
    """What the rules share while walking one document."""

    doc: Document
    mentions: list[Mention]
    lex: lexicon.Lexicon
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    by_mention: dict[Mention, Event] = field(default_factory=dict)
    recent: list[Event] = field(default_factory=list)  # events in order of last reference
    dated: set[Event] = field(default_factory=set)
    seen: set[tuple] = field(default_factory=set)
    spans: list[tuple[int, int]] = field(default_factory=list)
    ceremony: dict[Mention, Event] = field(default_factory=dict)
    background: set[Event] = field(default_factory=set)  # told of only in passing (来华访问的某总统)
    renamed: dict[Event, str] = field(default_factory=dict)  # a headline's event told again in full
    unnamed: dict[tuple[str, str], Event] = field(default_factory=dict)  # (kind, name) -> 甲会见乙 told before  # 某某论坛 of 某某论坛开幕式 -> the ceremony

    def event_of(self, m: Mention) -> Event:
        """The event a mention names; the ceremony when the name stands before one (论坛 + 开幕式)."""
        return self.ceremony.get(m) or self.by_mention[m]

    def sentence_of(self, pos: int) -> tuple[int, int]:
        return sentence_at(self.spans, pos)

    def relate(self, s, p: str, o, span: tuple[int, int], rule: str, confidence: float = 0.8) -> None:
        key = (_ident(s), p, _ident(o))
        if s is o or key in self.seen:
            return
        self.seen.add(key)
        self.relations.append(Relation(s, p, o, span[0], span[1], rule, confidence))

    def touch(self, event: Event) -> None:
        if event in self.recent:
            self.recent.remove(event)
        self.recent.append(event)


def _ident(x: Mention | Event):
    """Relations are kept once per pair of entities, whatever the mention."""
    return x.key if isinstance(x, Mention) else id(x)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: ends at 。！？ (with closing quotes) or a line break.

    >>> sentences("甲出席。乙说：“好。”\\n丙")
    [(0, 4), (4, 11), (12, 13)]
    """
    out = []
    for m in _SENTENCE.finditer(text):
        s, e = m.span()
        body_end = e - 1 if text[s:e].endswith("\n") else e
        if body_end > s and text[s:body_end].strip():
            out.append((s, body_end))
    return out


def sentence_at(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The span among sorted sentence ``spans`` holding ``pos`` (``(pos, pos)`` if none)."""
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    if i >= 0 and spans[i][0] <= pos < spans[i][1]:
        return spans[i]
    return pos, pos


def event_key(name: str) -> str:
    """Names of one event inside a document compare without a leading year or edition."""
    return _YEAR_PREFIX.sub("", event_norm(name))


def extract(
    doc: Document, mentions: list[Mention], spans: list[tuple[int, int]] | None = None
) -> tuple[list[Event], list[Relation]]:
    """Find events and relations among ``mentions`` of ``doc`` (``spans``: its sentences, if known)."""
    st = _State(doc, mentions, lexicon.load(), spans=list(spans) if spans is not None else sentences(doc.text))
    _named_events(st)
    _ceremonies(st)
    title_events = [st.by_mention[m] for m in mentions if m.type == EVENT and m.end <= doc.title_end]
    for ev in title_events:
        st.touch(ev)
    starts = [m.start for m in mentions]  # mentions come sorted by start
    for span in st.spans:
        lo, hi = bisect.bisect_left(starts, span[0]), bisect.bisect_left(starts, span[1])
        inside = [m for m in mentions[lo:hi] if m.end <= span[1]]
        for m in inside:
            if m.type == EVENT:
                st.touch(st.by_mention[m])
                if m in st.ceremony:
                    st.touch(st.ceremony[m])
        _positions(st, span, inside)
        _time_clauses(st, span, inside)
        _meetings(st, span, inside)
        _visit_stops(st, span, inside)
        _roles(st, span, inside)
        _locations(st, span, inside)
        _dates(st, span, inside)
    _name_organizers(st)
    _ceremony_roles(st)
    _part_of(st)
    _containment(st)
    _apply_renames(st)
    # An unnamed event nothing is said of (会谈后，…… with no talks found) is noise.
    said = {id(r.subject) for r in st.relations} | {id(r.object) for r in st.relations}
    st.events[:] = [ev for ev in st.events if ev.named or id(ev) in said]
    return st.events, st.relations


def _apply_renames(st: _State) -> None:
    """Give each event told first in the headline the fuller name the body tells it by."""
    if not st.renamed:
        return
    new = {id(ev): dataclasses.replace(ev, name=name) for ev, name in st.renamed.items()}
    st.events[:] = [new.get(id(ev), ev) for ev in st.events]
    st.relations[:] = [
        dataclasses.replace(r, subject=new.get(id(r.subject), r.subject), object=new.get(id(r.object), r.object))
        if id(r.subject) in new or id(r.object) in new else r
        for r in st.relations
    ]


# --- rules -----------------------------------------------------------------


def _named_events(st: _State) -> None:
    """One Event per distinct name; a name that ends a longer one is the same event
    ("数字经济大会" joins "2025数字经济大会")."""
    keyed: dict[str, Event] = {}
    keys = sorted({_name_key(m) for m in st.mentions if m.type == EVENT}, key=len, reverse=True)
    longer = {k: next((o for o in keys if len(o) > len(k) and o.endswith(k) and len(k) >= 4), k) for k in keys}
    for m in st.mentions:
        if m.type != EVENT:
            continue
        key = longer[_name_key(m)]
        ev = keyed.get(key)
        if ev is None or (len(m.norm) > len(event_norm(ev.name)) and not ev.named):
            ev = Event(m.start, m.end, event_kind(m.norm, st.lex), m.text, "event.named", True)
            keyed[key] = ev
            st.events.append(ev)
        elif len(m.norm) > len(event_norm(ev.name)):
            # Prefer the fuller name (with its year) for the event.
            better = Event(ev.start, ev.end, ev.kind, m.text, ev.rule, True)
            st.events[st.events.index(ev)] = better
            for k, v in list(st.by_mention.items()):
                if v is ev:
                    st.by_mention[k] = better
            keyed[key] = ev = better
        st.by_mention[m] = ev


def _name_key(m: Mention) -> str:
    # A quoted title told again alone (“某某”) carries the full name it was first told by as its norm.
    return event_key(m.norm if m.rule == "event.quoted_alias" else m.text)


@functools.cache
def _ceremony_nouns() -> tuple[str, ...]:
    lex = lexicon.load()
    return tuple(n for n in lex.event_nouns if lex.event_kinds[n] == "Ceremony")  # longest first


def _ceremonies(st: _State) -> None:
    """某某论坛开幕式: the ceremony is an event of its own, part of the named event."""
    text = st.doc.text
    made: dict[str, Event] = {}
    for m in st.mentions:
        if m.type != EVENT or event_kind(m.norm, st.lex) == "Ceremony":
            continue
        noun = next((n for n in _ceremony_nouns() if text.startswith(n, m.end)), None)
        if noun is None:
            continue
        parent = st.by_mention[m]
        name = m.text + noun
        ev = made.get(event_key(name))
        if ev is None:
            ev = made[event_key(name)] = Event(m.start, m.end + len(noun), "Ceremony", name, "event.ceremony", True)
            st.events.append(ev)
        st.ceremony[m] = ev
        st.relate(ev, SUPER_EVENT, parent, st.sentence_of(m.start), "event.ceremony_of", 0.85)


_OPENINGS = ("开幕式", "开幕仪式", "启动仪式", "开工仪式", "首发式")


def _ceremony_roles(st: _State) -> None:
    """Who attends an event's opening or closing attends the event, where it is held (and an
    opening's day is the event's first)."""
    parent = {id(r.subject): r.object for r in st.relations if r.rule == "event.ceremony_of"}
    for r in list(st.relations):
        up = parent.get(id(r.subject))
        if up is None:
            continue
        if r.predicate in (ATTENDEE, LOCATION) or r.predicate == START_DATE and r.subject.name.endswith(_OPENINGS):
            if r.predicate == START_DATE and up in st.dated:
                continue
            st.relate(up, r.predicate, r.object, (r.start, r.end), "event.ceremony_role", r.confidence * 0.9)
            if r.predicate == START_DATE:
                st.dated.add(up)
    # And the other way: an opening or closing is held where its event is, on its first or last day.
    roles: dict[tuple[int, str], list[Relation]] = {}
    for r in st.relations:
        roles.setdefault((id(r.subject), r.predicate), []).append(r)
    for r in list(st.relations):
        if r.rule != "event.ceremony_of" or not r.subject.name.endswith((*_OPENINGS, "闭幕式")):
            continue
        child, up = r.subject, r.object
        day = END_DATE if child.name.endswith("闭幕式") else START_DATE
        for mine, theirs in ((LOCATION, LOCATION), (START_DATE, day)):
            if (id(child), mine) in roles:
                continue
            for x in roles.get((id(up), theirs), [])[:1]:
                st.relate(child, mine, x.object, (x.start, x.end), "event.ceremony_inherits", x.confidence * 0.9)


def _positions(st: _State, span, inside: list[Mention]) -> None:
    """区委副书记、代理区长张三: the person holds each title of the chain; a title's prefix is its organization."""
    text = st.doc.text
    position_at = {m.start: m for m in inside if m.type == POSITION}
    person_at = {m.start: m for m in inside if m.type == PERSON}
    for m in position_at.values():
        end = m.end
        while end < len(text) and text[end] == "、" and end + 1 in position_at:
            end = position_at[end + 1].end
        person = person_at.get(end)
        if person is not None:
            st.relate(person, HOLDS_POSITION, m, span, "position.before_name", 0.9)
            org = next((o for o in inside if o.type in (ORGANIZATION, GOVERNMENT) and o.start == m.start and o.end < m.end), None)
            if org is not None:
                st.relate(m, POST_IN, org, span, "position.org_prefix", 0.9)
    # 某某主席, 某某总统: a bare title right after a name.
    person_end = {m.end: m for m in inside if m.type == PERSON}
    for m in position_at.values():
        person = person_end.get(m.start)
        if person is not None:
            st.relate(person, HOLDS_POSITION, m, span, "position.after_name", 0.85)


def _event_after(st: _State, inside: list[Mention], pos: int, limit: int, reach: int = 12) -> Event | None:
    """The event named or referred to right after ``pos``: within ``reach`` characters, before ``limit``."""
    text = st.doc.text
    limit = min(limit, pos + reach)
    for m in inside:
        if m.type == EVENT and pos <= m.start < limit:
            return st.event_of(m)
    for mm in _event_words().finditer(text, pos, limit):
        k = mm.start()
        if any(m.type == EVENT and m.start <= k < m.end for m in inside):
            continue
        if _quoted(text, k):
            continue  # “会议论坛、展览展示”: a word in a slogan, not a reference
        return _resolve(st, mm.group(), k)
    return None


@functools.cache
def _event_words() -> re.Pattern:
    """Bare event nouns and words referring back to an event, longest first (常务会议 before 会议)."""
    lex = lexicon.load()
    words = sorted(set(lex.anaphors) | set(lex.event_kinds), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def _quoted(text: str, pos: int) -> bool:
    """Is ``pos`` inside “…” in its paragraph?"""
    line_start = text.rfind("\n", 0, pos) + 1
    before = text[line_start:pos]
    return before.count("“") > before.count("”")


def _resolve(st: _State, word: str, at: int) -> Event | None:
    """The event a bare noun refers to: the last one of its kind ("论坛" -> the last forum).

    A general word (会议, 活动) falls back to the last event of any kind; a
    specific one with nothing to refer to (座谈会) starts an unnamed event.
    """
    noun = word.lstrip("此本这次届")
    # 参加会见: a meeting verb used as a noun refers back to the last meeting.
    kind = "Meeting" if noun in st.lex.meeting_verbs else st.lex.event_kinds.get(noun)
    for ev in reversed(st.recent):
        # A ceremony refers back only to one of its own sort (欢迎仪式 to a 仪式, 开幕式 not to a 欢迎仪式).
        if kind is None or ev.kind == kind and (kind != "Ceremony" or noun.endswith(ev.name)) or ev.name.endswith(noun):
            return ev
    if word in st.lex.general_anaphors and st.recent:
        return st.recent[-1]
    if kind is None:
        return None
    parent = next((ev for ev in reversed(st.recent) if ev.named and ev.kind != "Ceremony"), None)
    if noun.endswith(("开幕式", "闭幕式")) and parent is not None:
        # 某某会议在京闭幕……出席了闭幕式: the closing of the event under way.
        ev = Event(at, at + len(word), kind, parent.name + noun, "event.ceremony", True)
        st.events.append(ev)
        st.relate(ev, SUPER_EVENT, parent, st.sentence_of(at), "event.ceremony_of", 0.8)
        return ev
    ev = Event(at, at + len(word), kind, noun, "event.unnamed_noun", False)
    st.events.append(ev)
    return ev


_WHEN = re.compile(r"(?:上|后|前|期间|结束后|开始前)[，,]")


def _time_clauses(st: _State, span, inside: list[Mention]) -> None:
    """欢迎仪式后，……; 座谈会上，某某……: an event told of by a bare noun opening a clause is one of
    the article's (the one under way, or a new unnamed one); who speaks "at" it took part."""
    text = st.doc.text
    s0, s1 = span
    starts = [s0] + [i + 1 for i in range(s0, s1) if text[i] in _CLAUSE]
    for c in starts:
        if any(m.start <= c < m.end for m in inside):
            continue
        word = _event_words().match(text, c, s1)
        when = word and _WHEN.match(text, word.end(), s1)
        if not when:
            continue
        event = _resolve(st, word.group(), c)
        if event is None:
            continue
        st.touch(event)
        person = next((m for m in inside if m.type == PERSON and m.start == when.end()), None)
        if person is not None and when.group().startswith("上"):
            st.relate(event, ATTENDEE, person, span, "role.attendee.speaks_at", 0.7)


def _clause_start(text: str, pos: int, floor: int) -> int:
    while pos > floor and text[pos - 1] not in _CLAUSE + "。":
        pos -= 1
    return pos


@functools.cache
def _role_verbs() -> tuple[re.Pattern, dict[str, str]]:
    """One pattern for every role verb (longest first) and the role of each."""
    roles = lexicon.load().roles
    role_of = {verb: role for role, verbs in roles.items() for verb in verbs}
    return re.compile("|".join(re.escape(v) for v in sorted(role_of, key=len, reverse=True))), role_of


def _roles(st: _State, span, inside: list[Mention]) -> None:
    """Attendees (出席, 参加), organizers (主办, 承办) and leaders (主持, 带领) of the event the verb governs."""
    text = st.doc.text
    s0, s1 = span
    pattern, role_of = _role_verbs()
    names = [m for m in inside if m.type in (EVENT, PERSON, ORGANIZATION, GOVERNMENT, PLACE)]
    for mm in pattern.finditer(text, s0, s1):
        v, verb = mm.start(), mm.group()
        role = role_of[verb]
        if any(m.start <= v < m.end for m in names):
            continue  # the verb is inside a name
        if role == "organizer" and text[v - 1 : v] == "为":
            continue  # 以某思想为指导: no event is organized
        agents = _agents_for(st, inside, v, s0, text)
        if not agents:
            continue
        c1 = _clause_end(text, mm.end(), s1, _CLAUSE + "。！？!?")
        rest = text[mm.end() : c1].lstrip("了")
        # 出席并讲话, 带队走访: the verb's event is the one under way (or just made by 走访).
        objectless = not rest or rest.startswith(("并", "和", "及", *st.lex.visit_verbs, *st.lex.meeting_verbs))
        if rest.startswith(_cues()["refer.all_events"]) or not rest and c1 >= s1 - 1 and role == "attendee":
            # 某某等参加上述活动 / 某某参加。: every event the article has told of so far with people in it.
            events = _reported(st) or st.recent[-1:]
        else:
            event = _event_after(st, inside, mm.end(), c1)
            if event is None:
                event = _event_before_in_clause(st, inside, v, s0)
            if event is None:
                # 带领某某来到某地开展某某活动: the event named later in the sentence.
                later = next((m for m in inside if m.type == EVENT and m.start >= mm.end()), None)
                event = st.event_of(later) if later is not None else None
            # A verb with an object that is no event (来到某地) leaves the event under way alone; a
            # speaker belongs to it only as one of a list (甲、乙等发言) or speaking last (某某通过视频致辞。).
            if event is None and st.recent and objectless and (
                role != "speaker" or "等" in text[max(s0, v - 2) : v] or _sole_speaker(text, s0, v, c1 >= s1 - 1)
            ):
                event = st.recent[-1]
            events = [event] if event is not None else []
        rule = f"role.{role}.{verb}"
        for event in events:
            st.touch(event)
            _date_for(st, event, span, inside, v)
            for a in agents:
                if role in ("organizer", "leader") and not (verb == "举行" and _is_talks(st, event)):
                    st.relate(event, ORGANIZER, a, span, rule, 0.8)
                if a.type == PERSON and role != "organizer":
                    st.relate(event, ATTENDEE, a, span, rule, {"attendee": 0.85, "leader": 0.8}.get(role, 0.7))


def _sole_speaker(text: str, s0: int, v: int, last: bool) -> bool:
    """某国总统某某（通过视频）致辞。: the sentence is one clause, its subject speaking, at its end."""
    c0 = _clause_start(text, v, s0)
    return (last or "视频" in text[c0:v]) and (c0 == s0 or text[c0 - 1] in "：:" and c0 - s0 < 20)


def _reported(st: _State) -> list[Event]:
    """The events the article has told of so far, in order: those it made from what was done
    (会见, 欢迎仪式) and named ones with a role; not names only referred to (贯彻某大会精神)."""
    told = {id(r.subject) for r in st.relations if r.predicate in (ATTENDEE, ORGANIZER, LOCATION, START_DATE)}
    return [ev for ev in st.events if (id(ev) in told or not ev.named) and ev not in st.background]


def _is_talks(st: _State, event: Event) -> bool:
    """甲同乙举行会谈: talks are held by both sides, and nobody organizes them."""
    return any(event.name.endswith(v) for v in st.lex.meeting_verbs)


@functools.cache
def _cues() -> dict[str, tuple[str, ...]]:
    """Lists of kg/rules/event_cues.toml by dotted key, longest first."""
    data = lexicon._toml("event_cues.toml")
    keys = ("refer.all_events", "signing.verbs", "visit.noun_after", "dates.closing")
    return {k: lexicon._longest_first(lexicon._words(data, k, "event_cues.toml")) for k in keys}


def _agents_for(st: _State, inside, v: int, s0: int, text: str) -> list[Mention]:
    """Who does the verb at ``v``: everything between 由 and it, else the clause's subject list."""
    by = text.rfind("由", s0, v)
    pattern, _ = _role_verbs()
    now = text.rfind("正在", s0, v)
    if now >= 0 and not any(c in text[now:v] for c in "，。；,;"):
        # 甲会见了正在某地出席某会议的乙: the clause tells of 乙 (after 的), not of 甲.
        de = text.find("的", v)
        if de >= 0 and not any(c in text[v:de] for c in "，。；,;"):
            after = [m for m in inside if m.type == PERSON and m.start > de]
            return after[:1]
    if by >= 0 and not any(c in text[by:v] for c in "。；") and not pattern.search(text, by, v):
        return [m for m in inside if m.type in _AGENTS and by < m.start and m.end <= v]
    start = _clause_start(text, v, s0)
    if text.startswith(("并", "随后", "之后", "还", "又", "以及"), start):
        # 某国总统甲、某组织秘书长乙，以及各界代表出席: the list goes on from the clause before.
        start = _clause_start(text, start - 1, s0)  # 甲到某局考察，并主持召开座谈会: 甲 chairs
    # Whatever stands after 在/于 is a place, not a doer (于5月21日在国家会议中心举办); what
    # stands after 考察/会见 is its object (甲考察某局并主持召开座谈会: 甲 chairs).
    agents, dropped = [], None
    titles = [m for m in inside if m.type == POSITION]
    for m in inside:
        if m.type not in _AGENTS or m.start < start or m.end > v:
            continue
        if m.type != PERSON and any(t.start <= m.start and m.end <= t.end for t in titles):
            continue  # the body in a title (某组织秘书长) does nothing itself
        if _place_word_before(text, m.start, st.lex) is not None or _after_object_verb(text, m.start, st.lex) or (
            dropped is not None and dropped.end + 1 == m.start and text[dropped.end] in "、和"
        ) or text[m.start - 1 : m.start] == "为":  # 为某某举行欢迎仪式: whom it is for, not who holds it
            dropped = m  # 到某公司、某集团调研: each place gone to, not a doer
            continue
        agents.append(m)
    if not agents:
        # The subject list may span clauses: "甲，乙，丙等出席" -- take persons of the sentence before the verb.
        agents = [m for m in inside if m.type == PERSON and m.end <= v and "等" in text[v - 2 : v + 1]]
    if not agents:
        return []
    # A list ends in 等; otherwise the subject is the agent nearest the verb (and its 、-list).
    if "等" in text[max(s0, v - 3) : v]:
        return [m for m in inside if m.type == PERSON and s0 <= m.start and m.end <= v] or agents
    return _nearest_group(agents, text, inside)


def _after_object_verb(text: str, pos: int, lex: lexicon.Lexicon) -> bool:
    """Does a visit or meeting verb stand right before ``pos`` (考察|某局, 会见|某人)?"""
    return any(text.startswith(w, pos - len(w)) for w in (*lex.visit_verbs, *lex.meeting_verbs))


def _place_word_before(text: str, pos: int, lex: lexicon.Lexicon) -> str | None:
    """The word before ``pos`` that introduces a place (在, 来到), if any."""
    return next((w for w in lex.place_before if text.startswith(w, pos - len(w))), None)


def _nearest_group(agents: list[Mention], text: str, inside: list[Mention] = (), forward: bool = False) -> list[Mention]:
    """The last agent and those joined to it by 、和与及同 (甲在某地同某国总理乙: titles, places, dates between).

    ``forward``: ``agents`` run right to left (the first person after a verb and those after it).
    """
    group = [agents[-1]]
    for m in reversed(agents[:-1]):
        gap = text[group[0].end : m.start] if forward else text[m.end : group[0].start]
        if forward:
            if _JOINED.fullmatch(gap):
                group.insert(0, m)
                continue
            break
        if _JOINED.fullmatch(gap) or _joined_through(gap, m.end, inside):
            group.insert(0, m)
        else:
            break
    return group


# Between two names of one group: 、 和 与 及 同, maybe with a spouse's title (习某和夫人某某).
_JOINED = re.compile(r"[、和与及同]?(?:夫人|丈夫)?")
_GAP_WORDS = re.compile(r"在|于|共同|一同|一起|还|也|分别")


def _joined_through(gap: str, at: int, inside) -> bool:
    """Is ``gap`` (at ``at``) 同/与, or 、/和/及 of a list, with only titles, places, dates and
    adverbs around it (甲同某国总理乙; 某国总统甲、某组织秘书长乙)?"""
    if not any(w in gap for w in "同与、和及"):
        return False
    chars = list(gap)
    for m in inside:
        if m.type in (POSITION, PLACE, DATE, ORGANIZATION, GOVERNMENT) and at <= m.start and m.end <= at + len(gap):
            chars[m.start - at : m.end - at] = [""] * (m.end - m.start)
    rest = "".join(chars)
    if rest in ("、", "和", "及", "以及", "，以及", ",以及"):
        return True
    return _GAP_WORDS.sub("", rest) in ("同", "与")


def _event_before_in_clause(st: _State, inside, pos: int, s0: int) -> Event | None:
    for m in reversed(inside):
        if m.type == EVENT and m.end <= pos:
            return st.event_of(m)
    return None


def _meetings(st: _State, span, inside: list[Mention]) -> None:
    """甲会见乙 / 甲在乙考察: an unnamed event with its participants and place.

    An event of the same name told again (the headline, then the body) is the same event.
    """
    text = st.doc.text
    s0, s1 = span
    for verbs, kind in ((st.lex.meeting_verbs, "Meeting"), (st.lex.visit_verbs, "Visit")):
        for verb in verbs:
            made = False
            for k in _occurrences(text, verb, s0, s1):
                if kind == "Visit" and text.startswith(_cues()["visit.noun_after"], k + len(verb)):
                    continue  # 调研成果, 考察团: a noun
                if not any(m.start <= k < m.end for m in inside):
                    sort = "Ceremony" if verb in _cues()["signing.verbs"] else kind
                    made |= _meeting(st, span, inside, sort, verb, k)
            if made:
                break


def _occurrences(text: str, word: str, lo: int, hi: int):
    k = text.find(word, lo, hi)
    while k >= 0:
        yield k
        k = text.find(word, k + len(word), hi)


_BRACKETS = re.compile(r"[（(][^（()）]*[)）]")


def _meeting(st: _State, span, inside: list[Mention], kind: str, verb: str, k: int) -> bool:
    text = st.doc.text
    s0, s1 = span
    c0 = _clause_start(text, k, s0)
    end = k + len(verb)
    clause_end = _clause_end(text, end, s1)
    # A byline in brackets (（记者某某）) names nobody who took part.
    bracketed = [m.span() for m in _BRACKETS.finditer(text, c0, clause_end)]
    persons = [m for m in inside if m.type == PERSON and not any(a <= m.start < b for a, b in bracketed)]
    before = [m for m in persons if m.end <= k and c0 <= m.start]
    # 甲是应乙的邀请进行访问: the guest is the subject before 应, not the host.
    invited = text.find("应", c0, k)
    if invited >= 0 and "邀" in text[invited:k]:
        before = [m for m in before if m.end <= invited] or before
    attributive = kind == "Visit" and text.startswith("的", end)
    if attributive:
        # 来华访问的某国总统甲: the visitor follows, in the same clause; the place and day
        # before are another event's (甲14日在京会见来华访问的乙).
        visitor = [m for m in persons if end < m.start < clause_end][:1]
        before = visitor or before
    if not before:
        return False
    subject = _nearest_group(before, text, inside) if before[-1].end <= k else before
    after, titled = [], False
    if kind == "Meeting":
        # The other side: the first person after the verb (not the subject again) and those joined to it.
        sides = {m.norm for m in subject}
        rest = [m for m in persons if end <= m.start < clause_end and m.norm not in sides]
        after = list(reversed(_nearest_group(list(reversed(rest)), text, inside, forward=True))) if rest else []
    group = _group_object(text, end, clause_end, st.lex) if kind == "Meeting" and not after else None
    if kind in ("Meeting", "Ceremony") and not after and not group:
        # 甲同乙举行会谈, 甲和乙共同见证…签署: both sides stand before the verb; 甲同某国总理会谈
        # (a headline): the other side is a title only.
        gap = text[subject[0].end : subject[1].start] if len(subject) >= 2 else ""
        joined = gap in ("同", "与", "和") or bool(gap) and _joined_through(gap, subject[0].end, inside)
        titled = not joined and kind == "Meeting" and _with_title(text, subject[-1].end, k, inside)
        if not (joined or titled) or "会见" in verb or text.startswith("参加", k - 2):
            return False
    lo = c0 if subject[-1].start > k else subject[-1].end
    places = [
        m for m in inside
        if m.type == PLACE and lo <= m.start and m.end <= (clause_end if kind == "Visit" else k) and not _nested(m, inside)
    ]
    if kind == "Visit":
        # 到某局、某公司调研, 考察某局: each body or place gone to is where the visit was.
        places = [] if attributive else _destinations(st, inside, lo, clause_end, verb_end=end) or places[:1]
    else:
        # 甲在某市某会堂会见乙: the place after 在, the most specific of those written together.
        at = {m.start: m for m in places}
        places = [m for m in places if _place_word_before(text, m.start, st.lex) in ("在", "于")][:1]
        while places and places[0].end in at:
            places = [at[places[0].end]]
    names = "、".join(m.text for m in subject)
    if kind == "Meeting" and not after and titled:
        name = text[subject[0].start : end]  # 甲同某国总理会谈
    elif kind == "Meeting":
        name = f"{names}{verb}{group or '、'.join(m.text for m in after[:3])}"
    else:
        name = f"{names}{verb}" + (places[0].text if places and kind == "Visit" else "")
    ev = st.unnamed.get((kind, name))
    if ev is None:
        ev = _told_in_headline(st, kind, verb, subject + after, places)
        if ev is not None:
            st.renamed[ev] = name
            st.unnamed[(kind, name)] = ev
    if ev is None:
        ev = st.unnamed[(kind, name)] = Event(k, end, kind, name, f"event.{kind.lower()}_verb", False)
        st.events.append(ev)
    st.touch(ev)
    rule = f"event.{kind.lower()}.{verb}"
    for p in subject + after:
        st.relate(ev, ATTENDEE, p, span, rule, 0.85)
    for place in places if kind == "Visit" else places[:1]:
        st.relate(ev, LOCATION, place, span, rule, 0.75)
    if attributive:
        st.background.add(ev)
    else:
        _date_for(st, ev, span, inside, k)
    return True


def _group_object(text: str, end: int, clause_end: int, lex: lexicon.Lexicon) -> str | None:
    """甲会见了外方嘉宾代表: the other side is a group (a group word ends the clause), named by its words."""
    start = end + 1 if text.startswith("了", end) else end
    obj = text[start:clause_end]
    if 2 <= len(obj) <= 12 and _CJK_ONLY.fullmatch(obj) and any(obj.endswith(w) for w in lex.group_words):
        return obj
    return None


_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")


def _with_title(text: str, lo: int, hi: int, inside: list[Mention]) -> bool:
    """Is ``text[lo:hi]`` 同/与 a title (同某国总理, 与某国总统举行)?"""
    chars = list(text[lo:hi])
    titled = False
    for m in inside:
        if m.type in (POSITION, PLACE) and lo <= m.start and m.end <= hi:
            chars[m.start - lo : m.end - lo] = [""] * (m.end - m.start)
            titled |= m.type == POSITION
    return titled and "".join(chars) in ("同", "与", "同举行", "与举行")


def _nested(m: Mention, inside: list[Mention]) -> bool:
    """Is ``m`` inside a longer mention (北京 of 北京奥运会)?"""
    return any(o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start for o in inside)


def _told_in_headline(st: _State, kind: str, verb: str, people: list[Mention], places: list[Mention]) -> Event | None:
    """The unnamed event the headline told of that this one tells again in full.

    "甲同某国总理举行会谈" then "甲同乙举行会谈"; "甲调研某工作" then "甲到某公司调研": same
    kind and verb, the headline's people among these, its places (if any) among these.
    """
    if st.doc.title_end <= 0:
        return None
    noun = verb.removeprefix("举行")
    who = {p.norm for p in people}
    where = {p.norm for p in places}
    for ev in st.events:
        if ev.named or ev.kind != kind or ev.start >= st.doc.title_end or ev in st.renamed or noun not in ev.name:
            continue
        att = {r.object.norm for r in st.relations if r.subject is ev and r.predicate == ATTENDEE}
        loc = {r.object.norm for r in st.relations if r.subject is ev and r.predicate == LOCATION}
        if att and att <= who and loc <= where:
            return ev
    return None


_GOING = ("来到", "前往", "走进", "深入", "赴", "到", "在")


def _destinations(
    st: _State, inside: list[Mention], lo: int, hi: int, opening_only: bool = False, verb_end: int | None = None
) -> list[Mention]:
    """Places and bodies in ``text[lo:hi]`` after 到/来到/前往/在, with those 、-joined to them.

    ``opening_only``: 在 counts only where it opens the text (在某局，……), not inside it (他说在某地).
    ``verb_end``: after the visit verb only its object counts (考察某局), nothing later (…时在某地).
    """
    text = st.doc.text
    out: list[Mention] = []
    for m in inside:
        if m.type not in (PLACE, ORGANIZATION, GOVERNMENT) or not lo <= m.start or m.end > hi:
            continue
        if any(o is not m and o.type == m.type and o.start <= m.start and m.end <= o.end for o in inside):
            continue  # inside a longer name of its kind
        going = next((w for w in _GOING if text.endswith(w, lo, m.start)), None)
        if going == "在" and opening_only and m.start - 1 != lo:
            going = None
        if verb_end is not None and m.start >= verb_end:
            going = m.start == verb_end or m.start == verb_end + 1 and text[verb_end] == "了"
        if going or out and out[-1].end == m.start - 1 and text[m.start - 1] in "、和":
            out.append(m)
    return out


def _visit_stops(st: _State, span, inside: list[Mention]) -> None:
    """某某来到某中心 / 在某局，某某听取……: a stop of the visit the person is on."""
    visit = next((ev for ev in reversed(st.recent) if ev.kind == "Visit"), None)
    if visit is None:
        return
    going = {r.object.norm for r in st.relations if r.subject is visit and r.predicate == ATTENDEE}
    if not any(m.type == PERSON and m.norm in going for m in inside):
        return
    for m in _destinations(st, inside, span[0], span[1], opening_only=True):
        st.relate(visit, LOCATION, m, span, "location.visit_stop", 0.7)


@functools.cache
def _location_verbs() -> re.Pattern:
    """Verbs after "在 PLACE" whose event happened there: 举办, 召开 and 出席, 主持 (longest first)."""
    lex = lexicon.load()
    verbs = set(lex.happen_verbs) | set(lex.roles.get("attendee", ())) | set(lex.roles.get("leader", ()))
    return re.compile("|".join(map(re.escape, sorted(verbs, key=len, reverse=True))))


def _locations(st: _State, span, inside: list[Mention]) -> None:
    """在 PLACE 举办 / 在 PLACE 同某某出席 EVENT: the place of the event (the last of 湖南长沙)."""
    text = st.doc.text
    s0, s1 = span
    places = [m for m in inside if m.type == PLACE]
    place_at = {m.start: m for m in places}
    for p in places:
        if any(o.start <= p.start and p.end <= o.end and o != p for o in places):
            continue
        marker = _place_word_before(text, p.start, st.lex)
        if marker is None:
            continue
        while p.end in place_at and place_at[p.end].end > p.end:
            p = place_at[p.end]  # 湖南长沙: the most specific place
        end = _clause_end(text, p.end, s1)
        vm = _location_verbs().search(text, p.end, min(end, p.end + 24))
        if vm is None or not _only_company(text, p.end, vm.start(), inside):
            continue
        verb = vm.group()
        event = _event_after(st, inside, vm.end(), _clause_end(text, vm.end(), s1), reach=4)
        if event is None:
            event = _event_before_in_clause(st, inside, p.start, s0)
        if event is None:
            continue
        st.relate(event, LOCATION, p, span, f"location.{marker}_place_{verb}", 0.85)
        _date_for(st, event, span, inside, p.start, closing=verb in _cues()["dates.closing"])


_COMPANY_WORDS = re.compile(r"同|与|和|、|共同|一同|一起|分别|还|也|亲切|隆重|正式|顺利|成功|盛大")


def _only_company(text: str, lo: int, hi: int, inside) -> bool:
    """Between a place and its verb only who came along and adverbs (同某国总理某某共同)."""
    chars = list(text[lo:hi])
    for m in inside:
        if m.type in (PERSON, POSITION, DATE) and lo <= m.start and m.end <= hi:
            chars[m.start - lo : m.end - lo] = [""] * (m.end - m.start)
    return not _COMPANY_WORDS.sub("", "".join(chars))


def _clause_end(text: str, pos: int, limit: int, stops: str = "。；;") -> int:
    for i in range(pos, limit):
        if text[i] in stops:
            return i
    return limit


def _dates(st: _State, span, inside: list[Mention]) -> None:
    """An event named in a sentence with a day in it happened on that day, unless the name only
    qualifies a noun after it (某运动会运动员村, 某大会官方网站)."""
    text = st.doc.text
    for m in inside:
        if m.type == EVENT and not _modifier(text, m.end, inside):
            _date_for(st, st.event_of(m), span, inside, m.start)


# What may follow an event's name when it is what the sentence tells of: punctuation, a
# preposition or adverb before its verb (于, 在, 将, 正式), or a verb of its own.
_HEAD_FOLLOWERS = re.compile(r"[，。；、：,;:！？!?”）)\s]|于|在|将|已|正式|隆重|顺利|成功|圆满|开幕|闭幕|举行|举办|召开|启动|落幕|期间|上|前|后|$")


def _modifier(text: str, end: int, inside: list[Mention]) -> bool:
    """Does the event name ending at ``end`` qualify what follows it (not a date, place or verb)?"""
    if any(o.start == end and o.type in (DATE, EVENT) for o in inside):
        return False
    return _HEAD_FOLLOWERS.match(text, end) is None and not text.startswith(_ceremony_nouns(), end)


def _date_for(st: _State, event: Event, span, inside: list[Mention], pos: int, closing: bool = False) -> None:
    """Date the event from the sentence: "于DATE" after it, a day in its clause before it, or a
    date opening the sentence (a month or year too there: 今年3月，甲访问某国).

    ``closing``: the verb ends the event (在北京闭幕), so the day is its end.
    """
    if event in st.dated and not closing:
        return
    text = st.doc.text
    s0 = span[0]
    dates = [m for m in inside if m.type == DATE and m.norm]
    days = [m for m in dates if datemod.is_day(datemod.start_end(m.norm)[0])]
    if not dates:
        return
    pick = next((d for d in days if d.start >= pos and text[d.start - 1 : d.start] in ("于", "在")), None)
    c0 = _clause_start(text, pos, s0)
    if pick is None:
        # 某某14日在京会见……, 甲今年3月对某国进行的访问: a day or month in the clause, before the verb.
        pick = next((d for d in dates if c0 <= d.start < pos and len(datemod.start_end(d.norm)[0]) >= 7), None)
    if pick is None:
        # The date opening the sentence, also after a lead (央视网消息：7月5日，……).
        head = text[s0 : min(pos, s0 + 20)]
        lead = s0 + max(head.find("："), head.find(":")) + 1
        pick = next((d for d in dates if d.start < pos and (d.start - s0 <= 1 or d.start == lead)), None)
    if pick is None and text.startswith(("并", "随后", "之后", "还", "又"), c0):
        # 甲9日到某局考察，并主持召开座谈会: the day of the clause the subject opens.
        pick = next((d for d in reversed(days) if d.start < c0), None)
    if pick is None:
        return
    start, end = datemod.start_end(pick.norm)
    if closing and not end:
        st.relate(event, END_DATE, pick, span, "date.closing", 0.8)
        return
    st.dated.add(event)
    st.relate(event, START_DATE, pick, span, "date.sentence", 0.85)
    if end:
        st.relate(event, END_DATE, pick, span, "date.sentence_range", 0.85)


def _name_organizers(st: _State) -> None:
    """An event whose name starts with a body is held by it (某某部常务会议 -> 某某部), unless the
    text names who holds or chairs it (the body then adds nothing a reader is told)."""
    orgs = [m for m in st.mentions if m.type in (ORGANIZATION, GOVERNMENT)]
    held = {_ident(r.subject) for r in st.relations if r.predicate == ORGANIZER}
    for m in st.mentions:
        if m.type != EVENT or _ident(st.by_mention[m]) in held:
            continue
        for org in orgs:
            if org.start == m.start and org.end < m.end:
                st.relate(st.by_mention[m], ORGANIZER, org, st.sentence_of(m.start), "organizer.name_prefix", 0.6)


def _part_of(st: _State) -> None:
    """A forum named in an article about a conference is part of it (lower rank inside higher)."""
    ranks = st.lex.event_ranks
    last: dict[int, tuple[int, Event]] = {}  # rank -> (order, the last event of that rank named so far)
    for order, m in enumerate(m for m in st.mentions if m.type == EVENT):
        ev = st.by_mention[m]
        r = ranks.get(ev.kind, 0)
        higher = [seen for rank, seen in last.items() if rank > r and seen[1] is not ev]
        if higher:
            parent = max(higher, key=lambda seen: seen[0])[1]
            st.relate(ev, SUPER_EVENT, parent, st.sentence_of(m.start), "event.part_of_rank", 0.7)
        last[r] = (order, ev)


def _containment(st: _State) -> None:
    """某某镇某某村: the longer place is inside the place it starts with; towns inside the article's county."""
    places = [m for m in st.mentions if m.type == PLACE]
    by_start: dict[int, list[Mention]] = {}
    for m in places:
        by_start.setdefault(m.start, []).append(m)
    inside_another: set[Mention] = set()
    for group in by_start.values():
        for outer in group:
            for inner in group:
                if inner.end < outer.end:
                    st.relate(outer, CONTAINED_IN, inner, st.sentence_of(outer.start), "place.nested", 0.9)
                    inside_another.add(outer)
    # 青海省某某县: a place written right after another is inside it.
    starts = {m.start: m for m in places}
    for m in places:
        inner = starts.get(m.end)
        if inner is not None and inner.end > inner.start:
            st.relate(inner, CONTAINED_IN, m, st.sentence_of(inner.start), "place.adjacent", 0.8)
            inside_another.add(inner)
    counties = {m.norm for m in places if any(d.level == "county" for d in st.lex.divisions.get(m.norm, ()))}
    if len(counties) == 1:
        county = next(m for m in places if m.norm in counties)
        for m in places:
            if m in inside_another or m.norm in st.lex.divisions or m.norm == county.norm:
                continue
            if m.norm.endswith(("镇", "乡", "街道")):
                st.relate(m, CONTAINED_IN, county, st.sentence_of(m.start), "place.article_county", 0.6)
