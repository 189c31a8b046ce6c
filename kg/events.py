"""Events and relations: who attended, organized, led; where and when; what is part of what.

Works sentence by sentence over a document's mentions. Each kind of rule is
one small function; all add :class:`~kg.model.Relation` s carrying their
rule id. Inside a document, "出席会议" refers back to the meeting last named
(or named in the headline), and a name written twice is one entity.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from . import dates as datemod
from . import lexicon
from .mentions import event_norm, event_kind
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
        _meetings(st, span, inside)
        _visit_stops(st, span, inside)
        _roles(st, span, inside)
        _locations(st, span, inside)
        _dates(st, span, inside)
    _name_organizers(st)
    _ceremony_roles(st)
    _part_of(st)
    _containment(st)
    return st.events, st.relations


# --- rules -----------------------------------------------------------------


def _named_events(st: _State) -> None:
    """One Event per distinct name; a name that ends a longer one is the same event
    ("数字经济大会" joins "2025数字经济大会")."""
    keyed: dict[str, Event] = {}
    keys = sorted({event_key(m.text) for m in st.mentions if m.type == EVENT}, key=len, reverse=True)
    longer = {k: next((o for o in keys if len(o) > len(k) and o.endswith(k) and len(k) >= 4), k) for k in keys}
    for m in st.mentions:
        if m.type != EVENT:
            continue
        key = longer[event_key(m.text)]
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
        if kind is None or ev.kind == kind or ev.name.endswith(noun):
            return ev
    if word in st.lex.general_anaphors and st.recent:
        return st.recent[-1]
    if kind is None:
        return None
    ev = Event(at, at + len(word), kind, noun, "event.unnamed_noun", False)
    st.events.append(ev)
    return ev


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
        agents = _agents_for(st, inside, v, s0, text)
        if not agents:
            continue
        event = _event_after(st, inside, mm.end(), s1)
        if event is None:
            event = _event_before_in_clause(st, inside, v, s0)
        # A speaker belongs to the event under way only as one of a list (甲、乙等发言), not for any 讲话.
        if event is None and st.recent and (role != "speaker" or "等" in text[max(s0, v - 2) : v]):
            event = st.recent[-1]
        if event is None:
            continue
        st.touch(event)
        _date_for(st, event, span, inside, v)
        rule = f"role.{role}.{verb}"
        for a in agents:
            if role in ("organizer", "leader"):
                st.relate(event, ORGANIZER, a, span, rule, 0.8)
            if a.type == PERSON and role != "organizer":
                st.relate(event, ATTENDEE, a, span, rule, {"attendee": 0.85, "leader": 0.8}.get(role, 0.7))


def _agents_for(st: _State, inside, v: int, s0: int, text: str) -> list[Mention]:
    """Who does the verb at ``v``: everything between 由 and it, else the clause's subject list."""
    by = text.rfind("由", s0, v)
    pattern, _ = _role_verbs()
    if by >= 0 and not any(c in text[by:v] for c in "。；") and not pattern.search(text, by, v):
        return [m for m in inside if m.type in _AGENTS and by < m.start and m.end <= v]
    start = _clause_start(text, v, s0)
    # Whatever stands after 在/于 is a place, not a doer (于5月21日在国家会议中心举办); what
    # stands after 考察/会见 is its object (甲考察某局并主持召开座谈会: 甲 chairs).
    agents = [
        m for m in inside
        if m.type in _AGENTS and start <= m.start and m.end <= v and _place_word_before(text, m.start, st.lex) is None
        and not _after_object_verb(text, m.start, st.lex)
    ]
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
    """Is ``gap`` (at ``at``) 同/与 with only titles, places, dates and adverbs around it?"""
    if "同" not in gap and "与" not in gap:
        return False
    chars = list(gap)
    for m in inside:
        if m.type in (POSITION, PLACE, DATE) and at <= m.start and m.end <= at + len(gap):
            chars[m.start - at : m.end - at] = [""] * (m.end - m.start)
    return _GAP_WORDS.sub("", "".join(chars)) in ("同", "与")


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
                if not any(m.start <= k < m.end for m in inside):
                    made |= _meeting(st, span, inside, kind, verb, k)
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
    if kind == "Visit" and text.startswith("的", end):
        # 来华访问的某国总统甲: the visitor follows, in the same clause.
        visitor = [m for m in persons if end < m.start < clause_end][:1]
        before = visitor or before
    if not before:
        return False
    subject = _nearest_group(before, text, inside) if before[-1].end <= k else before
    after = []
    if kind == "Meeting":
        # The other side: the first person after the verb (not the subject again) and those joined to it.
        sides = {m.norm for m in subject}
        rest = [m for m in persons if end <= m.start < clause_end and m.norm not in sides]
        after = list(reversed(_nearest_group(list(reversed(rest)), text, inside, forward=True))) if rest else []
    if kind == "Meeting" and not after:
        # 甲同乙举行会谈: both sides stand before the verb.
        gap = text[subject[0].end : subject[1].start] if len(subject) >= 2 else "、"
        joined = gap in ("同", "与", "和") or _joined_through(gap, subject[0].end, inside)
        if not (joined and "会见" not in verb and not text.startswith("参加", k - 2)):
            return False
    lo = c0 if subject[-1].start > k else subject[-1].end
    places = [m for m in inside if m.type == PLACE and lo <= m.start and m.end <= (k if kind == "Meeting" else clause_end)]
    if kind == "Visit":
        # 到某局、某公司调研: each body or place gone to is where the visit was.
        places = _destinations(st, inside, lo, clause_end) or places[:1]
    names = "、".join(m.text for m in subject)
    if kind == "Meeting":
        name = f"{names}{verb}{'、'.join(m.text for m in after[:3])}"
    else:
        name = f"{names}{verb}" + (places[0].text if places else "")
    ev = st.unnamed.get((kind, name))
    if ev is None:
        ev = st.unnamed[(kind, name)] = Event(k, end, kind, name, f"event.{kind.lower()}_verb", False)
        st.events.append(ev)
    st.touch(ev)
    rule = f"event.{kind.lower()}.{verb}"
    for p in subject + after:
        st.relate(ev, ATTENDEE, p, span, rule, 0.85)
    for place in places if kind == "Visit" else places[:1]:
        st.relate(ev, LOCATION, place, span, rule, 0.75)
    _date_for(st, ev, span, inside, k)
    return True


_GOING = ("来到", "前往", "走进", "深入", "赴", "到", "在")


def _destinations(st: _State, inside: list[Mention], lo: int, hi: int, opening_only: bool = False) -> list[Mention]:
    """Places and bodies in ``text[lo:hi]`` after 到/来到/前往/在, with those 、-joined to them.

    ``opening_only``: 在 counts only where it opens the text (在某局，……), not inside it (他说在某地).
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
        _date_for(st, event, span, inside, p.start)


_COMPANY_WORDS = re.compile(r"同|与|和|、|共同|一同|一起|分别|还|也|亲切|隆重|正式|顺利|成功|盛大")


def _only_company(text: str, lo: int, hi: int, inside) -> bool:
    """Between a place and its verb only who came along and adverbs (同某国总理某某共同)."""
    chars = list(text[lo:hi])
    for m in inside:
        if m.type in (PERSON, POSITION, DATE) and lo <= m.start and m.end <= hi:
            chars[m.start - lo : m.end - lo] = [""] * (m.end - m.start)
    return not _COMPANY_WORDS.sub("", "".join(chars))


def _clause_end(text: str, pos: int, limit: int) -> int:
    for i in range(pos, limit):
        if text[i] in "。；;":
            return i
    return limit


def _dates(st: _State, span, inside: list[Mention]) -> None:
    """An event named in a sentence with a day in it happened on that day."""
    for m in inside:
        if m.type == EVENT:
            _date_for(st, st.event_of(m), span, inside, m.start)


def _date_for(st: _State, event: Event, span, inside: list[Mention], pos: int) -> None:
    """Date the event from the sentence: "于DATE" after it, or a date opening the sentence."""
    if event in st.dated:
        return
    text = st.doc.text
    days = [m for m in inside if m.type == DATE and datemod.is_day(datemod.start_end(m.norm)[0])]
    if not days:
        return
    pick = next((d for d in days if d.start >= pos and text[d.start - 1 : d.start] in ("于", "在")), None)
    if pick is None:
        pick = next((d for d in days if d.start - span[0] <= 1), None)
    if pick is None:
        # 某某14日在京会见……: a day in the same clause, before the verb.
        c0 = _clause_start(text, pos, span[0])
        pick = next((d for d in days if c0 <= d.start < pos), None)
    if pick is None:
        return
    st.dated.add(event)
    start, end = datemod.start_end(pick.norm)
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
