"""Rules and lexicons: the data files under ``kg/rules``, loaded once and checked.

Every file is generic knowledge (surnames, titles, suffixes, administrative
divisions, trigger verbs); no name from any article belongs here.
:func:`load` reads them all into one frozen :class:`Lexicon`, cached per
process; a malformed file raises :class:`~kg.errors.RuleError` naming the file.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import RuleError

RULES = resources.files("kg") / "rules"


@dataclass(frozen=True)
class Division:
    """An administrative division of China (province, prefecture or county)."""

    name: str
    level: str
    parent: str
    short: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    """All rule data, as sets and maps ready for lookup."""

    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    titles: frozenset[str]
    org_units: tuple[str, ...]  # longest first
    level_prefixes: tuple[str, ...]
    group_words: frozenset[str]
    gov_suffixes: tuple[str, ...]  # longest first
    org_suffixes: tuple[str, ...]  # longest first, government ones included
    known_gov: frozenset[str]
    gov_markers: tuple[str, ...]
    not_orgs: frozenset[str]
    known_org: frozenset[str]
    short_suffix_min_prefix: int
    event_kinds: dict[str, str]  # event noun -> kind
    event_ranks: dict[str, int]  # kind -> rank
    event_nouns: tuple[str, ...]  # longest first
    anaphors: frozenset[str]
    general_anaphors: frozenset[str]  # 会议, 活动: refer to the last event of any kind
    joiners: frozenset[str]
    roles: dict[str, tuple[str, ...]]  # role -> trigger verbs
    happen_verbs: tuple[str, ...]
    meeting_verbs: tuple[str, ...]
    visit_verbs: tuple[str, ...]
    place_before: tuple[str, ...]
    speech_verbs: tuple[str, ...]
    generic_modifiers: frozenset[str]
    head_of_place: frozenset[str]
    place_suffixes: tuple[str, ...]  # longest first, venues included
    divisions: dict[str, tuple[Division, ...]] = field(repr=False)  # full name -> divisions
    place_alias: dict[str, str] = field(repr=False)  # short form / alias -> canonical name
    countries: frozenset[str] = field(repr=False)
    countries_short: frozenset[str] = frozenset()  # one-character forms: 美, 俄, 巴
    country_letters: dict[str, str] = field(default_factory=dict)  # 美 -> 美国
    letter_pairs_before: tuple[str, ...] = ()  # 两国, 关系: after 中日 they make it two countries
    known_places: frozenset[str] = frozenset()
    not_places: frozenset[str] = frozenset()
    stop_names: frozenset[str] = frozenset()
    common_surnames: frozenset[str] = frozenset()  # the top ~100 by population (surnames.txt)
    not_given: frozenset[str] = frozenset()
    function_chars: frozenset[str] = frozenset()
    not_final: frozenset[str] = frozenset()
    name_tails: frozenset[str] = frozenset()  # 曾 of 某某曾/nr: glued after a name
    foreign_chars: frozenset[str] = frozenset()  # characters of transliterated names
    org_finals: frozenset[str] = frozenset()  # last characters of a body's name (jieba nt words)
    datelines: frozenset[str] = frozenset()  # 日电: ends a dateline, never part of a name
    name_breakers: frozenset[str] = frozenset()  # 战胜, 原: jieba tags them nouns, never inside a name
    title_modifiers: frozenset[str] = frozenset()  # 副, 代理: before a head's title (副|部长), never a body's name
    not_body_ends: tuple[str, ...] = ()  # 干部, 中南部, 公报: a name ending in one is no body
    periodical_names: tuple[str, ...] = ()  # 日报, 报: the last word of a newspaper's title (《某某日报》)
    periodical_kinds: tuple[str, ...] = ()  # 杂志, 周刊: after a title they make it a periodical's (《某某》杂志)
    venue_suffixes: frozenset[str] = frozenset()  # 博物馆: the place before it is part of the venue's name
    governed_suffixes: frozenset[str] = frozenset()  # 政府: the name before it is what it governs
    government_kinds: frozenset[str] = frozenset()  # 特区, 临时: words of a government's kind before 政府
    letter_bodies: frozenset[str] = frozenset()  # 航: a country's one-letter form + it is a body's short name (法航)
    body_name_words: frozenset[str] = frozenset()  # 友好, 联合: inside a body's name whatever jieba tags them
    federation_scopes: frozenset[str] = frozenset()  # 国际, 中国: before a short federation name (国际|足联)
    federation_finals: frozenset[str] = frozenset()  # 联, 协: the last character of one (足联, 田协)
    services: frozenset[str] = frozenset()  # 海军: an armed service, part of a rank before 少将
    ranks: tuple[str, ...] = ()  # 少将, 上校: military ranks
    competitions: frozenset[str] = frozenset()  # 锦标赛, 邀请赛: a team's name before one names the competition
    trip_chars: frozenset[str] = frozenset()  # 访 of 访华: a trip to a one-letter country
    trip_chars_some: frozenset[str] = frozenset()  # 来 of 来华: only before trip_letters_some
    trip_letters_some: frozenset[str] = frozenset()
    cues_before: frozenset[str] = frozenset()  # 记者 + name
    number_cues: frozenset[str] = frozenset()  # 7号 + name: after a number
    cues_after: frozenset[str] = frozenset()  # name + 同志
    surname_only: frozenset[str] = frozenset()  # 李 + 老师: the surname alone is the person
    title_modifier_chars: frozenset[str] = frozenset()  # 代 of 代总理: no surname before a title
    japanese_surnames: frozenset[str] = frozenset()  # 佐藤, 铃木 (two or three characters)
    japanese_finals: frozenset[str] = frozenset()  # 郎 of 一郎: last characters of Japanese given names
    abbreviations: dict[str, str] = field(default_factory=dict)
    retag: dict[str, str] = field(default_factory=dict)  # word -> the part-of-speech tag jieba should give it
    # character -> (given-name, transliterated-name) log-likelihood ratio against ordinary text
    name_chars: dict[str, tuple[float, float]] = field(default_factory=dict, repr=False)

    def given_score(self, chars: str) -> float:
        """How much likelier ``chars`` are a Chinese given name than ordinary text (sum of log ratios)."""
        table = self.name_chars
        return sum(table.get(c, _NO_SCORE)[0] for c in chars)

    def foreign_score(self, chars: str) -> float:
        """How much likelier ``chars`` are a transliterated name than ordinary text, per character."""
        table = self.name_chars
        return sum(table.get(c, _NO_SCORE)[1] for c in chars) / max(1, len(chars))

    @property
    def level_chars(self) -> frozenset[str]:
        """One-character levels of a division (省 市 区 县 …) as they stand before an org unit."""
        return frozenset(p for p in self.level_prefixes if len(p) == 1)

    def is_place_name(self, text: str) -> bool:
        """A division, country or alias of one?"""
        return (
            text in self.divisions or text in self.place_alias or text in self.countries or text in self.known_places
        )

    def canonical_place(self, text: str) -> str:
        """上海 -> 上海市, 美国 -> 美国; unknown names come back as they are."""
        return self.place_alias.get(text, text)

    def parent_of(self, name: str) -> str | None:
        """The parent division of a division, where the name is unambiguous."""
        found = self.divisions.get(name, ())
        if len(found) != 1 or not found[0].parent:
            return None
        return found[0].parent


_NO_SCORE = (0.0, 0.0)


def _read(name: str) -> str:
    try:
        return (RULES / name).read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleError(f"kg/rules/{name}: cannot read ({exc.strerror}); reinstall kg") from None


def _toml(name: str) -> dict:
    try:
        return tomllib.loads(_read(name))
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"kg/rules/{name}: {exc}") from None


def _at(data: dict, path: str, name: str):
    """``data[path]`` (dotted: ``"a.b"`` is ``data["a"]["b"]``), or a RuleError naming the file."""
    node = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            raise RuleError(f"kg/rules/{name}: missing [{path}]; see the other rule files for the layout")
        node = node[part]
    return node


def _words(data: dict, path: str, name: str) -> list[str]:
    """A list of non-empty strings at ``data[path]`` (dotted), or a RuleError."""
    node = _at(data, path, name)
    if isinstance(node, dict):
        out = [w for value in node.values() for w in (value if isinstance(value, list) else [value])]
    else:
        out = node
    if not isinstance(out, list) or not all(isinstance(w, str) and w.strip() for w in out):
        raise RuleError(f"kg/rules/{name}: [{path}] must be lists of non-empty strings")
    return [w.strip() for w in out]


def _chars(data: dict, path: str, name: str) -> frozenset[str]:
    """The characters of the string (or strings) at ``data[path]``, spaces and line breaks ignored, or a RuleError."""
    node = _at(data, path, name)
    items = node if isinstance(node, list) else [node]
    if not items or not all(isinstance(x, str) and x.strip() for x in items):
        raise RuleError(f"kg/rules/{name}: [{path}] must be a string of characters (or a list of them)")
    return frozenset("".join("".join(x.split()) for x in items))


def _tsv_rows(name: str, columns: int) -> list[list[str]]:
    rows = []
    for n, line in enumerate(_read(name).splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) > columns or not cells[0].strip():
            raise RuleError(f"kg/rules/{name}:{n}: expected at most {columns} tab-separated columns, got {line!r}")
        rows.append([c.strip() for c in cells] + [""] * (columns - len(cells)))
    return rows


def _longest_first(words) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


def load_divisions() -> dict[str, tuple[Division, ...]]:
    """Read ``divisions.tsv``: full name -> the divisions of that name."""
    out: dict[str, list[Division]] = {}
    rows = _tsv_rows("divisions.tsv", 4)
    if rows and rows[0][0] == "name":
        rows = rows[1:]
    for name, level, parent, short in rows:
        if level not in {"province", "prefecture", "county"}:
            raise RuleError(f"kg/rules/divisions.tsv: {name!r} has level {level!r}; use province, prefecture or county")
        shorts = tuple(s for s in short.split(",") if s)
        out.setdefault(name, []).append(Division(name, level, parent, shorts))
    return {k: tuple(v) for k, v in out.items()}


@functools.cache
def load() -> Lexicon:
    """Load and check every rule file (once per process)."""
    pos = _toml("positions.toml")
    orgs = _toml("organizations.toml")
    events = _toml("events.toml")
    trig = _toml("triggers.toml")
    places = _toml("places.toml")
    persons = _toml("persons.toml")
    tags = _toml("tags.toml")

    surname_rows = _tsv_rows("surnames.txt", 2)
    surnames = [r[0] for r in surname_rows]
    bad = [r for r in surname_rows if r[1] not in ("common", "rare")]
    if bad:
        raise RuleError(f"kg/rules/surnames.txt: class must be common or rare, got {bad[0]!r}")
    singles = frozenset(s for s in surnames if len(s) == 1)
    compounds = frozenset(s for s in surnames if len(s) > 1)

    event_kinds: dict[str, str] = {}
    event_ranks: dict[str, int] = {}
    for kind, spec in events.get("kinds", {}).items():
        if not isinstance(spec, dict) or not isinstance(spec.get("rank"), int):
            raise RuleError(f"kg/rules/events.toml: [kinds.{kind}] needs an integer rank and a nouns list")
        event_ranks[kind] = spec["rank"]
        for noun in _words(spec, "nouns", "events.toml"):
            event_kinds.setdefault(noun, kind)

    divisions = load_divisions()
    alias: dict[str, str] = {}
    ambiguous: set[str] = set()
    for name, divs in divisions.items():
        for div in divs:
            for short in div.short:
                if short in divisions:
                    continue
                if alias.get(short, name) != name:
                    ambiguous.add(short)
                alias[short] = name
    for short in ambiguous:
        del alias[short]

    countries: set[str] = set()
    short_countries: set[str] = set()
    letters: dict[str, str] = {}
    for common, full, others in _tsv_rows("countries.txt", 3):
        countries.add(common)
        for other in [full, *others.split(",")]:
            if len(other) == 1:
                short_countries.add(other)  # 美, 俄: only inside compounds like 中美
                letters.setdefault(other, common)
            elif other and other != common:
                alias.setdefault(other, common)
                countries.add(other)

    roles = {role: tuple(_words(trig, f"roles.{role}", "triggers.toml")) for role in trig.get("roles", {})}
    unknown = set(roles) - {"attendee", "organizer", "leader", "speaker"}
    if unknown:
        raise RuleError(f"kg/rules/triggers.toml: unknown role(s) {sorted(unknown)}; use attendee, organizer, leader, speaker")
    return Lexicon(
        surnames=singles,
        common_surnames=frozenset(r[0] for r in surname_rows if r[1] == "common"),
        compound_surnames=compounds,
        titles=frozenset(_words(pos, "titles", "positions.toml")),
        org_units=_longest_first(
            _words(pos, "org_units.party", "positions.toml") + _words(pos, "org_units.government", "positions.toml")
        ),
        level_prefixes=_longest_first(_words(pos, "org_units.level_prefixes", "positions.toml")),
        group_words=frozenset(_words(pos, "groups.words", "positions.toml")),
        gov_suffixes=_longest_first(_words(orgs, "suffixes.government", "organizations.toml")),
        org_suffixes=_longest_first(
            _words(orgs, "suffixes.government", "organizations.toml") + _words(orgs, "suffixes.other", "organizations.toml")
        ),
        known_gov=frozenset(_words(orgs, "known.government", "organizations.toml")),
        gov_markers=tuple(_words(orgs, "suffixes.government_markers", "organizations.toml")),
        known_org=frozenset(_words(orgs, "known.other", "organizations.toml")),
        not_orgs=frozenset(_words(orgs, "not_names.words", "organizations.toml")),
        short_suffix_min_prefix=int(orgs.get("suffixes", {}).get("short_min_prefix", 2)),
        event_kinds=event_kinds,
        event_ranks=event_ranks,
        event_nouns=_longest_first(event_kinds),
        anaphors=frozenset(_words(events, "words.anaphors", "events.toml")),
        general_anaphors=frozenset(_words(events, "words.general_anaphors", "events.toml")),
        joiners=frozenset(_words(events, "words.joiners", "events.toml")),
        roles=roles,
        happen_verbs=_longest_first(_words(trig, "happen.verbs", "triggers.toml")),
        meeting_verbs=_longest_first(_words(trig, "meeting.verbs", "triggers.toml")),
        visit_verbs=_longest_first(_words(trig, "meeting.visit", "triggers.toml")),
        place_before=_longest_first(_words(trig, "place.before", "triggers.toml")),
        speech_verbs=tuple(_words(trig, "speech.verbs", "triggers.toml")),
        generic_modifiers=frozenset(_words(events, "words.generic", "events.toml")),
        head_of_place=frozenset(_words(pos, "titles.head_of_place", "positions.toml")),
        place_suffixes=_longest_first(_words(places, "suffixes", "places.toml") + _words(places, "venues", "places.toml")),
        venue_suffixes=frozenset(_words(places, "venues", "places.toml")),
        divisions=divisions,
        place_alias=alias,
        countries=frozenset(countries),
        countries_short=frozenset(short_countries | set(places.get("country_letters", ""))),
        country_letters={c: letters.get(c, c) for c in short_countries | set(places.get("country_letters", ""))},
        letter_pairs_before=_longest_first(_words(places, "letter_pairs_before", "places.toml")),
        known_places=frozenset(_words(places, "known", "places.toml")),
        not_places=frozenset(_words(places, "not_places", "places.toml")),
        stop_names=frozenset(_words(persons, "not_names.words", "persons.toml")),
        not_given=frozenset(_words(persons, "not_given.words", "persons.toml")),
        function_chars=_chars(persons, "not_given.function_chars", "persons.toml"),
        not_final=_chars(persons, "not_given.not_final", "persons.toml"),
        name_tails=_chars(persons, "not_given.name_tails", "persons.toml"),
        foreign_chars=_chars(persons, "foreign.chars", "persons.toml"),
        org_finals=_chars(orgs, "suffixes.nt_finals", "organizations.toml"),
        datelines=frozenset(_words(orgs, "suffixes.datelines", "organizations.toml")),
        name_breakers=frozenset(_words(orgs, "not_names.breakers", "organizations.toml")),
        title_modifiers=frozenset(_words(orgs, "not_names.title_modifiers", "organizations.toml")),
        not_body_ends=tuple(_words(orgs, "not_names.ends", "organizations.toml")),
        periodical_names=_longest_first(_words(orgs, "periodicals.names", "organizations.toml")),
        periodical_kinds=_longest_first(_words(orgs, "periodicals.kinds", "organizations.toml")),
        governed_suffixes=frozenset(_words(orgs, "governments.suffixes", "organizations.toml")),
        government_kinds=frozenset(_words(orgs, "governments.kinds", "organizations.toml")),
        letter_bodies=_chars(orgs, "suffixes.letter_bodies", "organizations.toml"),
        body_name_words=frozenset(_words(orgs, "not_names.inside", "organizations.toml")),
        federation_scopes=frozenset(_words(orgs, "federations.scopes", "organizations.toml")),
        federation_finals=_chars(orgs, "federations.finals", "organizations.toml"),
        services=frozenset(_words(orgs, "services.words", "organizations.toml")),
        ranks=tuple(_words(orgs, "services.ranks", "organizations.toml")),
        competitions=frozenset(_words(orgs, "not_names.competitions", "organizations.toml")),
        trip_chars=_chars(places, "trips.always", "places.toml"),
        trip_chars_some=_chars(places, "trips.some", "places.toml"),
        trip_letters_some=_chars(places, "trips.some_letters", "places.toml"),
        cues_before=frozenset(_words(persons, "cues.before", "persons.toml")),
        number_cues=frozenset(_words(persons, "cues.after_number", "persons.toml")),
        cues_after=frozenset(_words(persons, "cues.after", "persons.toml")),
        surname_only=frozenset(_words(persons, "cues.surname_only", "persons.toml")),
        title_modifier_chars=_chars(persons, "cues.title_modifiers", "persons.toml"),
        japanese_surnames=frozenset(_words(persons, "japanese.surnames", "persons.toml")),
        japanese_finals=_chars(persons, "japanese.given_finals", "persons.toml"),
        abbreviations=_abbreviations(places.get("abbreviations", {})),
        retag=_retag(tags),
        name_chars=load_name_chars(),
    )


def load_name_chars() -> dict[str, tuple[float, float]]:
    """Read ``name_chars.tsv`` (made by ``benchmarks/name_chars.py``): character -> (given, foreign) ratios."""
    out: dict[str, tuple[float, float]] = {}
    for n, (char, given, foreign) in enumerate(_tsv_rows("name_chars.tsv", 3), 1):
        try:
            scores = (float(given), float(foreign))
        except ValueError:
            scores = None
        if len(char) != 1 or scores is None or not all(-20 <= v <= 20 for v in scores):
            raise RuleError(
                f"kg/rules/name_chars.tsv: row {n} ({char!r}) needs one character and two numbers in -20..20; "
                "remake the file with benchmarks/name_chars.py"
            )
        out[char] = scores
    return out


def _abbreviations(table: dict) -> dict[str, str]:
    if not all(isinstance(k, str) and len(k) == 1 and isinstance(v, str) and v for k, v in table.items()):
        raise RuleError("kg/rules/places.toml: [abbreviations] maps one character to a place name, e.g. 京 = \"北京市\"")
    return dict(table)


_JIEBA_TAGS = frozenset("a ad an b c d f i j l m n nr nrfg nrt ns nt nz p q r s t u v vd vn x z".split())


def _retag(data: dict) -> dict[str, str]:
    table = data.get("retag")
    if not isinstance(table, dict):
        raise RuleError("kg/rules/tags.toml: missing [retag]; it maps a jieba tag to a list of words, e.g. v = [\"会见\"]")
    out: dict[str, str] = {}
    for tag in table:
        if tag not in _JIEBA_TAGS:
            raise RuleError(f"kg/rules/tags.toml: [retag] {tag!r} is no jieba tag; use one of {' '.join(sorted(_JIEBA_TAGS))}")
        for word in _words(table, tag, "tags.toml"):
            if out.setdefault(word, tag) != tag:
                raise RuleError(f"kg/rules/tags.toml: {word!r} is given two tags ({out[word]}, {tag}); keep one")
    return out


def rules_dir() -> Path:
    """The folder the rule files are read from."""
    return Path(str(RULES))
