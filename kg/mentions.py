"""Mentions: dates, organizations, places, positions, persons and named events.

Each kind has one small function; each returns :class:`~kg.model.Mention` s
tagged with the id of the rule that found them. :func:`find_mentions` runs
them in order (later kinds use earlier ones: a position's organization, a
person after a title) and settles overlaps.

Spans may nest across types (an organization inside a position, a place
inside an organization); within a type, and for persons against anything,
the longer span wins.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import dates as datemod
from . import lexicon, segment
from .model import (
    DATE,
    EVENT,
    GOVERNMENT,
    ORGANIZATION,
    PERSON,
    PLACE,
    POSITION,
    Document,
    Mention,
)
from .segment import Token

_CJK = re.compile(r"[\u4e00-\u9fff]")
# Tags that end a name when extending it leftwards: punctuation, verbs,
# prepositions, conjunctions, particles, adverbs, pronouns, quantifiers...
_STOP_TAGS = frozenset(
    "x w v vd vi vl vg p c u uj ul uz ud ug uv d df r rr rz y e o q f t ad ag a an z zg mq k h kt kg".split()
)
_NAME_STOP = frozenset("，。、；：！？,.;:!? \n等和与及在于为对向从同跟把被将是的了着也都就还又并或及其")
_WORK_TITLE = re.compile(r"《[^《》\n]*》")
_NUMERAL = re.compile(r"[一二三四五六七八九十百零〇○]+")
_YEAR_OR_ORDINAL = re.compile(r"(?:19|20)\d\d年?|第[0-9一二三四五六七八九十百]+[届次期]?|(?:[一二三四五六七八九十百]+|首)届|[0-9]+[层楼号]?|[一二三四五六七八九十]层")


@dataclass
class _Ctx:
    """Per-document lookup tables over the tokens."""

    text: str
    toks: list[Token]
    lex: lexicon.Lexicon
    starts: dict[int, int]  # token start -> index
    ends: dict[int, int]  # token end -> index
    owner: list[int]  # char -> token index
    shielded: list[bool]  # char inside 《》 (a title of a work)
    dotted: dict[int, int] | None = None  # dotted foreign names, computed on first use

    @classmethod
    def build(cls, text: str, toks: list[Token]) -> _Ctx:
        owner = [0] * len(text)
        for i, t in enumerate(toks):
            owner[t.start : t.end] = [i] * (t.end - t.start)
        shielded = [False] * len(text)
        for m in _WORK_TITLE.finditer(text):
            shielded[m.start() + 1 : m.end() - 1] = [True] * (m.end() - m.start() - 2)
        return cls(
            text=text,
            toks=toks,
            lex=lexicon.load(),
            starts={t.start: i for i, t in enumerate(toks)},
            ends={t.end: i for i, t in enumerate(toks)},
            owner=owner,
            shielded=shielded,
        )

    def token_at(self, pos: int) -> Token | None:
        return self.toks[self.owner[pos]] if 0 <= pos < len(self.text) else None

    def extend_left(self, start: int, limit: int, allow=None) -> int:
        """Move ``start`` left over name-like tokens (at most ``limit`` characters)."""
        i = self.starts.get(start)
        if i is None:
            return start
        floor = start - limit
        while i > 0:
            t = self.toks[i - 1]
            if t.start < floor or t.word in self.lex.generic_modifiers or t.word in self.lex.datelines or (
                t.word in self.lex.name_breakers
            ) or (
                allow is None and t.tag in _STOP_TAGS and t.word not in self.lex.body_name_words
            ) or t.word in _verb_words():
                break
            if allow is not None and not allow(t):
                break
            if allow is None and (t.tag == segment.TITLE_TAG or t.word in self.lex.titles):
                break  # 某舰队|司令|某某|海军少将: a title ends a body's name read leftwards
            if t.tag == "m" and not _year_or_ordinal(t.word) and not (
                allow is None and _NUMERAL.fullmatch(t.word) and i >= 2 and self.toks[i - 2].tag == "ns"
            ):
                break  # a count, not a name; 某市|九十|中学, 某市|二七|学校: a place's numbered body
            i -= 1
        # 中|德 + 经济顾问委员会: a country letter (jieba may tag 中 f) before another one starts the name.
        while i > 0 and self.toks[i - 1].start >= floor and self.toks[i].word[:1] in self.lex.country_letters and (
            self.toks[i - 1].word in self.lex.country_letters
        ):
            i -= 1
        return self.toks[i].start


@functools.cache
def _verb_words() -> frozenset[str]:
    """Trigger and speech verbs: never inside a name, whatever jieba tags them (会见/n)."""
    lex = lexicon.load()
    verbs = set(lex.meeting_verbs) | set(lex.visit_verbs) | set(lex.happen_verbs) | set(lex.speech_verbs)
    for role in ("attendee", "leader", "speaker"):
        verbs |= set(lex.roles.get(role, ()))
    # 纪律检查委员会: a verb that is part of many body names stays allowed.
    return frozenset(v for v in verbs if len(v) >= 2) - {"检查"}


def _year_or_ordinal(word: str) -> bool:
    return _YEAR_OR_ORDINAL.fullmatch(word) is not None


@functools.cache
def _alternation(words: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in words))


@functools.cache
def _title_pattern() -> re.Pattern:
    return _alternation(tuple(sorted(lexicon.load().titles, key=lambda w: (-len(w), w))))


# --- dates -----------------------------------------------------------------


def date_mentions(ctx: _Ctx, doc: Document) -> list[Mention]:
    """Date expressions, normalized against the document date (rule ``date.expression``)."""
    return [
        Mention(s, e, DATE, ctx.text[s:e], "date.expression", value)
        for s, e, value in datemod.find_dates(ctx.text, doc.date)
    ]


# --- organizations ---------------------------------------------------------


_NAME_TAGS = frozenset({"ns", "nt", "nz", "nr", "nrt", "nrfg", "eng", "j"})


def _proper(ctx: _Ctx, start: int, end: int, head: Token, compound: bool = True) -> bool:
    """Is ``text[start:end]`` the name part of a proper name, not a common noun (行业, 全区)?

    It is if jieba sees a name in it or in the head word, or if it is long
    enough to be a compound name (市场监管 + 局).
    """
    if head.tag in _NAME_TAGS or ctx.lex.is_place_name(ctx.text[start:end]):
        return True  # 某国 + 队: a place's team or body
    if ctx.text[start] in ctx.lex.level_chars and ctx.toks[ctx.owner[start]].word == ctx.text[start]:
        return True  # 市|接待处, 省|教育|考试院: a body of an unnamed place's level
    i = ctx.starts.get(start)
    n = 0
    while i is not None and i < len(ctx.toks) and ctx.toks[i].start < end:
        t = ctx.toks[i]
        if t.tag in _NAME_TAGS or (t.tag == "m" and _year_or_ordinal(t.word)) or ctx.lex.is_place_name(t.word):
            return True
        n += 1
        i += 1
    # 市场监管 + 总局, 知识产权局: four characters of name are a compound name however jieba cuts them.
    return compound and end - start >= 4 and (n >= 2 or head.start < end or head.tag == "n")


_COMMON_TAGS = frozenset({"n", "vn", "an", "ng", "b"})


def _from_place(ctx: _Ctx, start: int, limit: int) -> int:
    """A body's name starts at the place it is named after when only common nouns stand
    before that place (航线|某国航空公司, 通知|某市海关)."""
    i = ctx.starts.get(start)
    while i is not None and i < len(ctx.toks) and ctx.toks[i].start < limit:
        t = ctx.toks[i]
        if t.tag == "ns" and ctx.lex.is_place_name(t.word):
            return t.start
        if t.tag not in _COMMON_TAGS:
            break
        i += 1
    return start


_PLACE_LED_TAGS = frozenset({"n", "vn", "v", "b", "j"})
# How many common words may stand between a body's anchor (a place, a named body) and its suffix.
_LED_WORDS = 5


def _place_led(ctx: _Ctx, s: int, bodies: dict[int, int], bare: bool) -> int:
    """Start of a body named by a place or a named body and a few common words, some of which jieba tags
    verbs (某国|雇主|协会, 某国|国家|统计|委员会, 某部|残疾人|工作|协调|委员会): the anchor, if one stands within
    ``_LED_WORDS`` such words before the name part starting at ``s``, else ``s``. ``bodies`` maps the end of
    each body found so far to its start (某省|桥牌|协会 + 赛事|开发|委员会); ``bare``: ``s`` starts the suffix."""
    i = ctx.starts.get(s)
    if i is None:
        return s
    k, verbs, lex = i, _verb_words(), ctx.lex
    while k > 0 and i - k < _LED_WORDS:
        t = ctx.toks[k - 1]
        if t.tag not in _PLACE_LED_TAGS or not 2 <= len(t.word) <= 4 or t.word in verbs or (
            t.word in lex.name_breakers or t.word in lex.generic_modifiers or t.word in lex.org_suffixes
        ) or not _CJK.match(t.word):
            break
        k -= 1
    if k == i or k == 0:
        return s
    anchor = ctx.toks[k - 1]
    if ctx.toks[k].tag == "v" and (i - k > 1 or anchor.tag != "ns" or not bare):
        return s  # 某市|拥有|研究|中心, 某公司|资助|某协会: a verb after the anchor makes a clause (某国|雇主|协会 stays)
    if anchor.end in bodies:
        return bodies[anchor.end]
    if anchor.tag == "ns" and lex.is_place_name(anchor.word):
        return anchor.start
    if anchor.tag == "nt" and len(anchor.word) >= 3 and anchor.word[-1] in lex.org_finals and not ctx.shielded[anchor.start]:
        return anchor.start  # 某协会|经济|开发|委员会: a unit of a named body
    return s


def _not_body(name: str, lex: lexicon.Lexicon) -> bool:
    """Does ``name`` end in a word that names people, a region or a thing, though it ends like a body (基层干部, 某地中南部, 联合公报)?"""
    return any(name.endswith(w) for w in lex.not_body_ends)


_JOINERS = frozenset("—·・－-")
_FOREIGN_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nz", "eng"})


_QUOTED_BEFORE = re.compile(r"“([^“”，。、；：！？\s]{1,12})”$")


def _quoted_name(ctx: _Ctx, start: int) -> int:
    """A quoted name right before a body's kind word is the body's name, with the place before it
    (某国“某某”艺术团, “某某”考察团)."""
    if start < 3 or ctx.text[start - 1] != "”":
        return start
    m = _QUOTED_BEFORE.search(ctx.text, max(0, start - 14), start)
    if m is None:
        return start
    q = m.start()
    place = _known_place_before(ctx, q)
    return q if place is None else place


def _known_place_before(ctx: _Ctx, pos: int) -> int | None:
    """Start of the known place (a division, a country) jieba's word for which ends right at ``pos``, if any."""
    place = ctx.token_at(pos - 1) if pos > 0 else None
    if place is not None and place.end == pos and place.tag == "ns" and ctx.lex.is_place_name(place.word):
        return place.start
    return None


def _joined_names(ctx: _Ctx, start: int) -> int:
    """A body's name goes on left over names joined by a dash or a dot (某某—某某集团, 某某·某某大学)."""
    while start >= 2 and ctx.text[start - 1] in _JOINERS and start in ctx.starts:
        first, before = ctx.toks[ctx.starts[start]], ctx.token_at(start - 2)
        if first.tag not in _FOREIGN_TAGS and first.tag != "nt" or before.tag not in _FOREIGN_TAGS or before.end != start - 1:
            break
        start = before.start
    return start


_GOVERNED_TAGS = frozenset({"ns", "nt", "nr", "nrt", "nrfg", "j"})


def _governed(ctx: _Ctx, start: int, s: int) -> int | None:
    """Start of a government's name before its suffix at ``s``: the run of places, names and words of
    kinds of government (特区, 自治, 临时) right before it (存款归还给|某国政府, 月份|特区政府); None if none."""
    i = ctx.starts.get(start)
    if i is None:
        return start
    out = None
    while i < len(ctx.toks) and ctx.toks[i].start < s:
        t = ctx.toks[i]
        if t.tag in _GOVERNED_TAGS and t.word not in ctx.lex.not_orgs or t.word in ctx.lex.government_kinds:
            out = t.start if out is None else out
        elif t.end > s:
            return out if out is not None else t.start  # 某国政府/nt: the suffix's own word
        else:
            out = None
        i += 1
    return out


def _org_type(name: str, suffix: str, lex: lexicon.Lexicon) -> str:
    if name in lex.known_gov or suffix in lex.gov_suffixes:
        return GOVERNMENT
    if any(mark in name for mark in lex.gov_markers):
        return GOVERNMENT
    return ORGANIZATION


def organization_mentions(ctx: _Ctx) -> list[Mention]:
    """Names ending in an organization suffix (研究院, 大学, 区委…), and well-known bodies."""
    return [*_suffix_bodies(ctx), *_news_sources(ctx), *_periodicals(ctx), *_token_bodies(ctx)]


def _suffix_bodies(ctx: _Ctx) -> list[Mention]:
    """Bodies named by a suffix and what leads it (rule ``org.suffix``): 某某区教育局, 北京师范大学."""
    text, lex = ctx.text, ctx.lex
    out: list[Mention] = []
    bodies: dict[int, int] = {}  # end -> start of each body found so far
    for m in _alternation(lex.org_suffixes).finditer(text):
        s, e = m.span()
        tok = ctx.token_at(s)
        head = _head_title_after(ctx, e)
        if not _suffix_ends_body(ctx, m, tok, head):
            continue
        start = _body_start(ctx, m, tok, bodies)
        if start is None or not _body_kept(ctx, m, start, tok, head):
            continue
        name = text[start:e]
        kind = _org_type(name, m.group(), lex)
        if kind != GOVERNMENT and _under_government(ctx, start, s):
            kind = GOVERNMENT  # 某某总局|数据分析中心: a unit of a government body
        out.append(Mention(start, e, kind, name, "org.suffix", name))
        bodies[e] = start
    return out


def _head_title_after(ctx: _Ctx, e: int) -> bool:
    """Whether the head's title glued to a body's name ends it at ``e``: 司法部长, 国家银行行长."""
    text, heads = ctx.text, _head_titles()
    return e not in ctx.ends and (
        text[e - 1 : e + 1] in heads and e + 1 in ctx.ends
        or text[e : e + 2] in heads and text[e] == text[e - 1] and e + 2 in ctx.ends
        or _title_after(ctx, e)
    )


def _suffix_ends_body(ctx: _Ctx, m: re.Match, tok: Token, head: bool) -> bool:
    """Whether the suffix ``m`` (in token ``tok``) can end a body's name, by the words around it."""
    text, lex = ctx.text, ctx.lex
    s, e = m.span()
    if (e not in ctx.ends and not head) or ctx.shielded[s]:
        return False
    if head and len(m.group()) == 1 and (
        text[s - 1 : s] == m.group() or text[tok.start : s] in lex.title_modifiers
        or tok.start == s and s > 0 and ctx.token_at(s - 1).word in lex.title_modifiers
    ):
        return False  # 某部|部长, 某部|副部长, 代理|部长: the title's own first character, no body's suffix
    if len(m.group()) == 1 and tok.start != s and len(tok.word) == 2:
        return False  # a two-character word ending in a one-character suffix is a word (汇报, 大局)
    if tok.start != s and tok.tag not in _NAME_TAGS and not (tok.tag in ("n", "l", "v") and len(tok.word) >= 3) and not (
        head and tok.tag == segment.TITLE_TAG
    ):  # 财政部长/kt: a body's name and its head's title as one title word stay a name
        return False  # the suffix is inside an ordinary word (党和政府, 结局)
    if tok.start == s and tok.end == e and tok.tag in ("v", "vd") and len(tok.word) <= 2:
        if s > 0 and ctx.token_at(s - 1).tag == "ns":
            return False  # 某县|组织|干部学习: the place does it, no body
        nxt = ctx.token_at(e)
        if nxt is not None and nxt.tag not in ("n", "ns", "nt", "nz", "x", "f", "vn", "kt", "uj"):
            return False  # a verb: 集团组织各方, not an organization
    return True


def _body_start(ctx: _Ctx, m: re.Match, tok: Token, bodies: dict[int, int]) -> int | None:
    """Where the name of the body ending in suffix ``m`` starts; None if nothing before the suffix makes a body."""
    text, lex = ctx.text, ctx.lex
    s = m.start()
    start = _quoted_name(ctx, _joined_names(ctx, _from_place(ctx, ctx.extend_left(tok.start, 20), tok.start)))
    if start >= 2 and text[start - 2] in lex.country_letters and text[start - 1] in lex.country_letters and (
        start - 2 in ctx.starts and start - 1 in ctx.starts
    ):
        start -= 2  # 法|中|委员会, 美|中|经贸促进会: a body of two countries
    if tok.tag != "nt" and start in ctx.starts and (start == s or ctx.toks[ctx.starts[start]].tag not in ("ns", "nt")):
        start = _place_led(ctx, start, bodies, start == s)
    if start in ctx.starts and ctx.toks[ctx.starts[start]].word in lex.countries and text.startswith("全国", ctx.toks[ctx.starts[start]].end):
        start = ctx.toks[ctx.starts[start]].end  # 某国|全国人大: the country is a place of its own
    if start > 0 and start in ctx.starts and ctx.token_at(start - 1).word in lex.level_chars and (
        start < 2 or ctx.token_at(start - 2).tag in _STOP_TAGS
    ):
        start -= 1  # 省|教育考试院, 县|人大内司委: the level of an unnamed place
    lead = ctx.toks[ctx.starts[start]].word if start in ctx.starts else ""
    if lead in lex.org_suffixes and lead not in lex.known_gov and lead not in lex.known_org:
        rest = ctx.toks[ctx.starts[start]].end
        if s - rest >= 2 and rest in ctx.starts:
            start = rest  # 银行|国民银行, 该委员会|计算机中心: a bare kind word before a name is no part of it
    if m.group() in lex.governed_suffixes:
        start = _governed(ctx, start, s)
        if start is None:
            return None  # 建设高性能政府, 9名政府: no place or people governed, no body
    if s - start == 1 and tok.start == s and (m.group() in lex.known_gov or m.group() in lex.known_org) and (
        text[start] not in lex.level_chars and text[start] not in lex.country_letters
    ):
        start = s  # 报|国务院: one character before a known body is no part of its name
    return start


def _body_kept(ctx: _Ctx, m: re.Match, start: int, tok: Token, head: bool) -> bool:
    """Whether ``text[start:end of m]`` names a body: not a title, a rank, a competition or an office, and a name."""
    text, lex = ctx.text, ctx.lex
    s, e = m.span()
    name, prefix = text[start:e], text[start:s]
    if len(m.group()) == 1 and len(prefix) < lex.short_suffix_min_prefix:
        return False
    if any(text[e - k : e] in lex.titles for k in range(len(m.group()) + 1, min(6, e - start) + 1)):
        return False  # a title (省委常委), not a body
    if name in lex.stop_names or name in lex.not_orgs or not _CJK.search(name) or _not_body(name, lex):
        return False
    first = ctx.toks[ctx.starts[start]] if start in ctx.starts else None
    if m.group() in lex.services and text.startswith(lex.ranks, e):
        return False  # 某某|海军少将: a rank, no body
    after = ctx.token_at(e) if e < len(text) else None
    if after is not None and (
        after.word in lex.competitions or first is not None and first.tag == "m" and after.word in lex.event_kinds
    ):
        return False  # 第十届世界女篮|锦标赛, 五国女篮|邀请赛: a competition's name, no team
    if first is not None and first.tag in _NR_TAGS and s - first.end <= 1 and not lex.is_place_name(first.word) and (
        m.group() in ("政府", "办公室", "局")
    ):
        return False  # 某某政府, 某某办公室 after a person's name: the person's administration or office, no body's name
    # A minister's title jieba's dictionary lists whole (某某部长) names a standing body.
    listed = head and tok.start == start and segment.word_freq(tok.word) > 0
    # 教育部, 人武部, 团县委: a body by its kind, one word jieba's dictionary lists whole.
    listed = listed or (
        tok.start == start < s and tok.end == e and m.group() in lex.gov_suffixes and tok.tag in _COMMON_TAGS
        and len(tok.word) == 3 and segment.word_freq(tok.word) > 0
    )
    return name in lex.known_gov or name in lex.known_org or listed or _proper(ctx, start, s, tok)


def _token_bodies(ctx: _Ctx) -> list[Mention]:
    """Bodies that are one jieba word (or two): jieba's nt names, federations, a country's airline, known bodies."""
    text, lex = ctx.text, ctx.lex
    out: list[Mention] = []
    for t in ctx.toks:
        if (
            t.tag == "nt"
            and len(t.word) >= 3
            and t.word[-1] in lex.org_finals
            and not ctx.shielded[t.start]
            and t.word not in lex.not_orgs
            and not _not_body(t.word, lex)
        ):
            out.append(Mention(t.start, t.end, _org_type(t.word, t.word, lex), t.word, "org.jieba_nt", t.word))
        if len(t.word) == 2 and t.word[1] in lex.federation_finals and t.start > 0 and not ctx.shielded[t.start]:
            scope = ctx.token_at(t.start - 1)
            if scope.word in lex.federation_scopes and scope.end == t.start:  # 国际|武联, 中国|田协
                name = text[scope.start : t.end]
                out.append(Mention(scope.start, t.end, ORGANIZATION, name, "org.federation", name))
        if len(t.word) == 2 and t.word[1] in lex.letter_bodies and t.word[0] in lex.country_letters and not ctx.shielded[t.start]:
            out.append(Mention(t.start, t.end, ORGANIZATION, t.word, "org.letter_body", t.word))  # 法航: a country's airline
        if t.word in lex.known_gov or t.word in lex.known_org:
            kind = GOVERNMENT if t.word in lex.known_gov else ORGANIZATION
            out.append(Mention(t.start, t.end, kind, t.word, "org.known", t.word))
    return out


_DATELINE = re.compile(r"(?:网|社|台|报|之声)(?=([\u4e00-\u9fff]{2,8}?)(?:\d{1,2}月)?\d{1,2}日(?:电|讯|消息))")
_BYLINE = re.compile(r"[（(]([\u4e00-\u9fff]{2,8}?(?:网|社|台|报|之声))记者")


def _news_sources(ctx: _Ctx) -> list[Mention]:
    """The outlet of a dateline or byline: 某某网 + 北京7月23日电, (某某台记者 (rule ``org.news_source``)."""
    text, out = ctx.text, []
    for m in _DATELINE.finditer(text):
        e = m.end()
        if e not in ctx.ends or not ctx.lex.is_place_name(m.group(1)) or ctx.shielded[m.start()]:
            continue
        tok = ctx.token_at(e - 1)
        start = tok.start
        if len(tok.word) < 3 and tok.word == m.group() and start > 0:
            prev = ctx.token_at(start - 1)  # 某广|网: the outlet's name jieba cut before its suffix
            start = prev.start if len(prev.word) == 2 and _CJK.match(prev.word) and prev.tag not in _STOP_TAGS else start
        if e - start >= 3:
            out.append(Mention(start, e, ORGANIZATION, text[start:e], "org.news_source", text[start:e]))
    for m in _BYLINE.finditer(text):
        s, e = m.span(1)
        if s in ctx.starts and not ctx.shielded[s]:
            out.append(Mention(s, e, ORGANIZATION, m.group(1), "org.news_source", m.group(1)))
    return out


@functools.cache
def _periodical_pattern() -> re.Pattern:
    lex = lexicon.load()
    names = "|".join(map(re.escape, lex.periodical_names))
    kinds = "|".join(map(re.escape, lex.periodical_kinds))
    return re.compile(rf"《([^《》\n]{{1,16}}?(?:{names}))》|《[^《》\n]{{1,16}}》(?:{kinds})")


def _periodicals(ctx: _Ctx) -> list[Mention]:
    """A newspaper or magazine by its title: 《某某日报》, 《某某》杂志, with the place before it (某国《某某》周刊)
    (rule ``org.periodical``)."""
    text, out = ctx.text, []
    for m in _periodical_pattern().finditer(text):
        start, e = m.span(1) if m.group(1) else m.span()
        place = _known_place_before(ctx, m.start())
        if place is not None:
            start, e = place, m.end()  # 某国《某某》周刊: the place's magazine
        out.append(Mention(start, e, ORGANIZATION, text[start:e], "org.periodical", text[start:e]))
    return out


def _under_government(ctx: _Ctx, start: int, end: int) -> bool:
    """Does a word in ``text[start:end]`` end in a government body's suffix of two or more characters?"""
    i = ctx.starts.get(start)
    while i is not None and i < len(ctx.toks) and ctx.toks[i].end <= end:
        w = ctx.toks[i].word
        if len(w) >= 2 and any(w.endswith(g) for g in ctx.lex.gov_suffixes if len(g) >= 2):
            return True
        i += 1
    return False


def _title_after(ctx: _Ctx, e: int) -> bool:
    """Does the word holding ``text[e - 1]`` go on with a whole title after ``e`` (某某公司|总裁 as one word, 公司总裁)?"""
    tok = ctx.token_at(e - 1)
    return tok is not None and tok.end > e and ctx.text[e : tok.end] in ctx.lex.titles


@functools.cache
def _head_titles() -> frozenset[str]:
    """Titles of a body's head that share the body's last character (部长, 局长, 行长)."""
    return frozenset(t for t in lexicon.load().titles if len(t) == 2 and t[1] == "长")


# --- places ----------------------------------------------------------------

_PLACE_CHARS = frozenset("省市区县镇乡村路街州岛湾港")
_ABBREVIATED = re.compile(r"(?:在|赴|抵|来|离|返|进|回|于)(\w)(?=[会出召举开期考调视主参访出，。期间])")


def _place_word(t: Token) -> bool:
    if t.tag == "m":
        return _year_or_ordinal(t.word)
    return t.tag not in _STOP_TAGS


def _unbodied_place_word(t: Token) -> bool:
    """A word that may stand in a place's name before its suffix: not a body's name (某通讯社|某市 is two names)."""
    return t.tag != "nt" and _place_word(t)


def place_mentions(ctx: _Ctx) -> list[Mention]:
    """Divisions, countries and other ``ns`` words; names ending in a place suffix (……镇, ……路)."""
    text, lex = ctx.text, ctx.lex
    out: list[Mention] = []
    for t in ctx.toks:
        if t.tag != "ns" or len(t.word) < 2 or ctx.shielded[t.start]:
            continue
        if t.word in lex.not_places or t.word in lex.stop_names and not lex.is_place_name(t.word):
            continue
        # jieba tags rare words ns too freely (维度); trust it for words it has seen often.
        if lex.is_place_name(t.word) or t.word[-1] in _PLACE_CHARS or segment.word_freq(t.word) >= 100:
            out.append(Mention(t.start, t.end, PLACE, t.word, "place.lexicon", lex.canonical_place(t.word)))
    out.extend(_venues(ctx))
    out.extend(_country_letters(ctx))
    for m in _ABBREVIATED.finditer(text):
        s = m.start(1)
        if text[s] in lex.abbreviations:
            out.append(Mention(s, s + 1, PLACE, text[s], "place.abbreviation", lex.abbreviations[text[s]]))
    for m in _alternation(lex.place_suffixes).finditer(text):
        s, e = m.span()
        if e not in ctx.ends or ctx.shielded[s]:
            continue
        tok = ctx.token_at(s)
        if tok.start != s and tok.tag not in ("ns", "nt", "nz") or tok.word in lex.not_places or tok.tag in _NR_TAGS:
            continue  # inside an ordinary word (全区, 道路, 城市)
        start = ctx.extend_left(tok.start, 20, allow=_unbodied_place_word)
        if m.group() not in lex.venue_suffixes:
            start = _after_places(ctx, start, tok.start)  # 某省|某县; but 某省|博物馆 is one venue
        prefix = text[start:s]
        if not prefix or (len(m.group()) == 1 and len(prefix) < 2 and tok.tag != "ns"):
            continue
        if not _proper(ctx, start, s, tok, compound=False):
            continue
        name = text[start:e]
        out.append(Mention(start, e, PLACE, name, "place.suffix", lex.canonical_place(name)))
    return out


def _after_places(ctx: _Ctx, start: int, limit: int) -> int:
    """Where a place name starts after the places written before it (某某省|某某县, 某某镇|某某居民区):
    past the last whole division, country or ``ns`` word in a division's suffix before ``limit``."""
    i = ctx.starts.get(start)
    out = start
    while i is not None and i < len(ctx.toks) and ctx.toks[i].end <= limit:
        t = ctx.toks[i]
        if len(t.word) >= 2 and t.tag == "ns" and (_whole_place(ctx.lex, t.word) or t.word[-1] in _DIVISION_CHARS):
            out = t.end
        i += 1
    return out


_DIVISION_CHARS = frozenset("省市区县镇乡村州")


def _whole_place(lex: lexicon.Lexicon, word: str) -> bool:
    """A place name that stands for itself: not the short form of a county (东湖|宾馆 is one name)."""
    full = lex.place_alias.get(word)
    if full is None or full not in lex.divisions:
        return lex.is_place_name(word)
    return any(d.level != "county" for d in lex.divisions[full])


def _country_letters(ctx: _Ctx) -> list[Mention]:
    """One-character countries: each of 中美 / 中日韩 (a compound of country letters), the 华 of 访华."""
    lex, out = ctx.lex, []
    letters = lex.country_letters
    for t in ctx.toks:
        w = t.word
        # Every case below has a country letter second: the test that rules out nearly every token comes first.
        if not 2 <= len(w) <= 6 or w[1] not in letters or ctx.shielded[t.start] or lex.is_place_name(w):
            continue
        pair = w[0] in letters and w[0] != w[1]
        if pair and len(w) > 2 and w[2:] in lex.letter_pairs_before:
            # 中美关系/nt: the pair and what follows it are one word of jieba's
            out.extend(Mention(t.start + k, t.start + k + 1, PLACE, w[k], "place.country_letter", letters[w[k]]) for k in (0, 1))
            continue
        if len(w) == 2 and pair and t.end < len(ctx.text) and ctx.text.startswith(lex.letter_pairs_before, t.end):
            out.extend(Mention(t.start + k, t.start + k + 1, PLACE, w[k], "place.country_letter", letters[w[k]]) for k in (0, 1))
            continue
        if all(c in letters for c in w) and len(set(w)) == len(w) and (
            t.tag in ("j", "ns", "nz", "nt") or segment.word_freq(w) < 50
        ):
            out.extend(Mention(t.start + k, t.start + k + 1, PLACE, c, "place.country_letter", letters[c]) for k, c in enumerate(w))
        elif len(w) == 2 and w[1] in letters and (
            w[0] in lex.trip_chars or w[0] in lex.trip_chars_some and w[1] in lex.trip_letters_some
        ):
            out.append(Mention(t.start + 1, t.end, PLACE, w[1], "place.country_letter", letters[w[1]]))
    return out


@functools.cache
def _venue_pattern() -> re.Pattern:
    lex = lexicon.load()
    verbs = sorted(set(lex.happen_verbs) | set(lex.meeting_verbs) | set(lex.visit_verbs), key=len, reverse=True)
    return re.compile(
        r"在([^，。；：、！？,;:!?\s“”《》]{2,20}?)(?:亲切|隆重|正式|分别|共同|集体|再次|专门|同)?(?:"
        + "|".join(map(re.escape, verbs))
        + ")"
    )


def _venues(ctx: _Ctx) -> list[Mention]:
    """在 X 举办/举行/会见: X is where it happened, whatever its name ends in (rule ``place.venue``)."""
    out = []
    for m in _venue_pattern().finditer(ctx.text):
        s, e = m.span(1)
        if s not in ctx.starts or e not in ctx.ends or ctx.shielded[s]:
            continue
        i, j = ctx.starts[s], ctx.ends[e]
        if any(t.tag in _STOP_TAGS and t.tag not in ("f", "m") or t.tag == segment.TITLE_TAG
               for t in ctx.toks[i : j + 1]) or ctx.text[s] in "同与和跟":
            continue  # a clause, not a name (在全国范围内广泛开展, 在同某国总理某某进行会谈)
        s = _after_places(ctx, s, e)  # 在某省某市开幕: each place is a mention of its own
        if s == e:
            continue
        name = ctx.text[s:e]
        out.append(Mention(s, e, PLACE, name, "place.venue", ctx.lex.canonical_place(name)))
    return out


# --- positions -------------------------------------------------------------


def _place_before(ctx: _Ctx, pos: int) -> int:
    """Start of a known place name (division, alias, country) ending at ``pos``, else ``pos``."""
    lex, text = ctx.lex, ctx.text
    for k in range(min(12, pos), 1, -1):
        if lex.is_place_name(text[pos - k : pos]):
            return pos - k
    return pos


def _post_norm(ctx: _Ctx, text: str, place_len: int) -> str:
    """The post a position names, less the proper name of a Chinese place (浦东新区政协主席 -> 区政协主席)."""
    if not place_len:
        return text
    place = text[:place_len]
    lex = ctx.lex
    if place in lex.countries:
        return text
    name = lex.place_alias.get(place, place)
    divs = lex.divisions.get(name)
    if not divs:
        return text
    short = next((s for d in divs for s in d.short if name.startswith(s)), None)
    level = name[len(short) :] if short and place == name else ""
    return level + text[place_len:]


def position_mentions(ctx: _Ctx, orgs: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """Titles with the organization and place before them: 区委 + 副书记, 浦东新区 + 政协 + 主席.

    Returns the positions and the organizations found as their prefixes.
    """
    text, lex = ctx.text, ctx.lex
    org_end = {m.end: m for m in orgs if m.end - m.start >= 2}
    positions: list[Mention] = []
    prefix_orgs: list[Mention] = []
    for m in _title_pattern().finditer(text):
        s, e = m.span()
        if e not in ctx.ends or ctx.shielded[s]:
            continue
        start = s
        while True:
            fits = [u for u in lex.org_units if start >= len(u) and text.startswith(u, start - len(u))]
            # Prefer a unit that starts a word: 浦东新区|政协, not 浦东新|区政协.
            unit = next((u for u in fits if start - len(u) in ctx.starts), None)
            if unit:
                start -= len(unit)
            elif start in org_end and org_end[start].start < start:
                start = org_end[start].start  # a body's name as one word (某某中央政治局|常委)
            elif fits:
                start -= len(fits[0])
            else:
                break
        place_start = _place_before(ctx, start)
        place_len = 0
        if place_start < start and (start < s or m.group() in lex.head_of_place):
            place_len, start = start - place_start, place_start
        elif start < s and start > 0 and text[start - 1] in lex.level_chars and ctx.token_at(start - 1).end == start:
            start -= 1  # 区 + 政协: the level of an unnamed place
        if start not in ctx.starts:
            continue
        surface = text[start:e]
        positions.append(Mention(start, e, POSITION, surface, "position.title", _post_norm(ctx, surface, place_len)))
        if start < s and not lex.is_place_name(text[start:s]):
            org = text[start:s]  # 美国总统: a country is a place, not the organization of the post
            kind = GOVERNMENT if _is_gov_unit(org, lex) else _org_type(org, org, lex)
            prefix_orgs.append(Mention(start, s, kind, org, "org.position_prefix", org))
    return positions, prefix_orgs


def _is_gov_unit(org: str, lex: lexicon.Lexicon) -> bool:
    # The longest suffix decides: 某某公司 ends in 司 (a ministry's department) but is a company.
    suffix = next((x for x in lex.org_suffixes if org.endswith(x)), "")
    return any(org.endswith(u) for u in lex.org_units) or suffix in lex.gov_suffixes


# --- persons ---------------------------------------------------------------

_NR_TAGS = frozenset({"nr", "nrfg", "nrt"})
# Tags of a word that may be the given name after a surname jieba tags nr on its own (王/nr 建军/n).
_MERGED_GIVEN_TAGS = frozenset({"nr", "nz", "n", "ng", "nrfg", "j", "nrt", "ns", "t"})
# What may follow a name: a verb, a title, a preposition, a time (张三昨天, 李四6日), punctuation.
_AFTER_NAME_TAGS = frozenset({"v", "vn", "kt", "p", "c", "x", "t", "m", "d"})
# Tags of a first token that starts no name however surname-like its first character (都/d, 经过/p, 相继/d).
_NOT_NAME_START_TAGS = frozenset({"p", "c", "d", "u", "uj", "ul", "uz", "ud", "ug", "uv", "y", "e", "f"})
# Tags of a last token that ends no name (某|为/p); an adverb may (某|刚/d, 某|正经/d).
_NOT_NAME_END_TAGS = _NOT_NAME_START_TAGS - {"d"}
# A word jieba's dictionary has seen this often is an everyday word, not a name, unless it tags it one.
_EVERYDAY = 300


def _surname_len(ctx: _Ctx, pos: int) -> int:
    text, lex = ctx.text, ctx.lex
    if text[pos : pos + 2] in lex.compound_surnames:
        return 2
    return 1 if text[pos : pos + 1] in lex.surnames else 0


def name_at(ctx: _Ctx, pos: int, strict: bool = False) -> int | None:
    """End of a person's name starting at ``pos``, or None.

    A transliterated name (弗拉基米尔·普京), a jieba ``nr`` word, or a
    surname with a one- or two-character given name ending where the
    segmentation ends a word before a stop (，、等和 or a verb).
    """
    text = ctx.text
    if pos >= len(text) or ctx.shielded[pos]:
        return None
    if pos in dotted_names(ctx):
        return dotted_names(ctx)[pos]
    tok = ctx.token_at(pos)
    if strict and tok.start == pos:
        # After a title, a run of transliteration characters is a name (主席某某某某).
        e = _foreign_run(ctx, pos)
        nxt = ctx.token_at(e)
        if e - pos >= 3 and (e == len(text) or text[e] in _NAME_STOP or nxt.tag in _AFTER_NAME_TAGS or nxt.word in ctx.lex.cues_after):
            return e
    if tok.start == pos and tok.tag in _NR_TAGS and 2 <= len(tok.word) <= 4 and tok.word not in ctx.lex.stop_names:
        if tok.tag == "nrt" or _surname_len(ctx, pos) or strict:
            return _name_tail(ctx, tok.end) if strict else tok.end
    sn = _surname_len(ctx, pos)
    if not sn or tok.start != pos or tok.tag in _NOT_NAME_START_TAGS:
        return None  # 都|曾, 经过/p: a surname-like adverb or preposition starts no name
    for given in (2, 1):
        end = pos + sn + given
        # jieba glues a list's 等 to a one-character name (赵一等): still a name end.
        if end > len(text) or (end not in ctx.ends and text[end : end + 1] != "等"):
            continue
        chunk = text[pos:end]
        if not all(_CJK.match(c) for c in chunk) or chunk in ctx.lex.stop_names or chunk[-1] in "等们":
            continue
        if tok.end == end and tok.tag not in _NR_TAGS and segment.word_freq(chunk) >= _EVERYDAY and tok.tag != "nz":
            continue  # 家庭, 原名: one everyday word jieba does not tag a name (or a proper noun)
        last = ctx.token_at(end - 1)
        if last.start > pos and (last.tag in _NOT_NAME_END_TAGS or last.tag == "tg" or last.word in ctx.lex.speech_verbs):
            continue  # 某|为/p, 周二|晚/tg, 某某|说: a preposition, a time word or a speech verb ends no name
        nxt = ctx.token_at(end)
        if end == len(text) or text[end] in _NAME_STOP or (
            nxt and (nxt.tag in _AFTER_NAME_TAGS or nxt.word.startswith(ctx.lex.speech_verbs))
        ):
            return end
    return None


def _name_tail(ctx: _Ctx, end: int) -> int:
    """jieba cuts the last character off some foreign names (马克/nr 龙/n): take it back
    when it is a noun-like single character followed by a verb or punctuation."""
    nxt = ctx.token_at(end)
    if nxt is None or len(nxt.word) != 1 or nxt.tag not in ("n", "ng", "nr", "nz", "zg") or nxt.word in _NAME_STOP:
        return end
    after = ctx.token_at(nxt.end)
    if after is None or after.tag in ("v", "vn", "i", "l", "x", "p", "c", "d") or after.word in _NAME_STOP:
        return nxt.end
    return end


def person_mentions(ctx: _Ctx, positions: list[Mention], taken: list[Mention]) -> list[Mention]:
    """Persons after a title, in 、-lists, as jieba ``nr`` words, before speech verbs; then every repeat."""
    text, lex = ctx.text, ctx.lex
    found: dict[tuple[int, int], str] = {}

    def add(s: int, e: int, rule: str) -> None:
        found.setdefault((s, e), rule)

    pos_start = {p.start: p for p in positions}
    # After a title (or a chain of titles joined by 、): 区委副书记、代理区长张三
    for p in positions:
        end = p.end
        while end < len(text) and text[end] == "、" and end + 1 in pos_start:
            end = pos_start[end + 1].end
        e = name_at(ctx, end, strict=True)
        if e:
            add(end, e, "person.after_title")
    _cued_names(ctx, add)
    _surnames_alone(ctx, add)
    _dotted_names(ctx, add)
    _split_foreign_names(ctx, add)
    _modelled_names(ctx, add)
    _japanese_names(ctx, add)
    # 、-lists that start with a person or a group word: 区领导刘琪、何雅、……等
    heads = [(s, e) for (s, e) in found] + [
        (t.end, t.end) for t in ctx.toks if t.tag == segment.GROUP_TAG or t.word in lex.group_words
    ]
    for s, e in heads:
        pos = e
        if s == e:  # after a group word: the list starts here
            first = name_at(ctx, pos)
            if not first:
                continue
            add(pos, first, "person.list")
            pos = first
        while pos < len(text) and text[pos] in "、和及与":
            nxt = name_at(ctx, pos + 1)
            if not nxt or nxt - pos - 1 > 4 and "·" not in text[pos + 1 : nxt]:
                break
            add(pos + 1, nxt, "person.list")
            pos = nxt
    # jieba's nr words, and surname+name before speech verbs
    for i, t in enumerate(ctx.toks):
        # Inside 《》 only a full name counts (a three-character name in a book title), not a two-character word.
        if ctx.shielded[t.start] and not (t.tag == "nr" and len(t.word) == 3 and _surname_len(ctx, t.start)):
            continue
        foreign = t.tag in ("nrt", "nr") and len(t.word) >= (2 if t.tag == "nrt" else 3) and _foreign_word(ctx, i)
        if foreign and (len(t.word) == 4 or _surname_len(ctx, t.start) == 0 or lex.foreign_score(t.word) >= _FOREIGN_NAME):
            add(t.start, t.end, "person.foreign_nr")  # 基里延科: a surname-like first character does not make it Chinese
        elif t.tag in ("nr", "nrfg") and 2 <= len(t.word) <= 4 and _surname_len(ctx, t.start) and t.word not in lex.stop_names:
            # A two-character word jieba's dictionary knows well (祝福, 关怀) is a name only
            # before a speech verb; three-character ones (surname + given name) are names.
            nxt = ctx.toks[i + 1] if i + 1 < len(ctx.toks) else None
            common = len(t.word) == 2 and segment.word_freq(t.word) > 20
            glued = t.end < len(text) and text[t.end].isascii() and text[t.end].isalpha()
            if len(t.word) == 3 and t.word[-1] in lex.name_tails and not segment.word_freq(t.word) and not segment.word_freq(t.word[:2]):
                add(t.start, t.end - 1, "person.jieba_nr")  # 某某曾/nr, 某某摄/nr: the name and an adverb or "photo by"
            elif not lex.is_place_name(t.word) and not glued and (not common or (nxt is not None and nxt.word in lex.speech_verbs)):
                add(t.start, t.end, "person.jieba_nr")
        elif foreign:
            add(t.start, t.end, "person.foreign_nr")
        elif t.tag == "nr" and len(t.word) == 1 and t.word in lex.surnames and i + 1 < len(ctx.toks):
            nxt = ctx.toks[i + 1]
            if nxt.tag in _MERGED_GIVEN_TAGS and 1 <= len(nxt.word) <= 2 and _CJK.match(nxt.word):
                after = nxt.end
                if _name_ends(ctx, after) or ctx.token_at(after).word in lex.surname_only:
                    add(t.start, nxt.end, "person.jieba_nr_merged")
        if t.word in lex.speech_verbs and i > 0:
            prev = ctx.toks[i - 1]
            if prev.tag in _NR_TAGS and 2 <= len(prev.word) <= 6 and not lex.is_place_name(prev.word):
                add(prev.start, prev.end, "person.nr_before_verb")  # 某某说, 某某某表示
                continue
            for back in (3, 2, 4):
                s = t.start - back
                if s >= 0 and (s == 0 or text[s - 1] in _NAME_STOP or (s - 1) in ctx.ends and ctx.token_at(s - 1).tag in ("x", "kt")):
                    e = name_at(ctx, s)
                    if e == t.start:
                        add(s, e, "person.before_verb")
                        break
    # A well-known name at the head of a word: 某某理论, 马克思主义.
    for t in ctx.toks:
        if len(t.word) >= (5 if t.tag in _NR_TAGS else 4) and not ctx.shielded[t.start]:
            for k in (4, 3):
                head = t.word[:k]
                if segment.tokenizer().word_tag_tab.get(head) in ("nr", "nrt") and segment.word_freq(head) >= 100:
                    add(t.start, t.start + k, "person.name_in_word")
                    break
    # ……。甲、乙、丙出席: a list's first names stand before the first one found.
    for s, _ in sorted(found):
        while s > 0 and text[s - 1] == "、":
            prev = next((s - 1 - k for k in (3, 2, 4) if s - 1 - k >= 0 and name_at(ctx, s - 1 - k) == s - 1), None)
            if prev is None or (prev > 0 and text[prev - 1] not in _NAME_STOP and prev - 1 not in ctx.ends):
                break
            add(prev, s - 1, "person.list")
            s = prev
    # 哈|比比, 卡巴|杰: a transliterated name takes back the pieces jieba cut off either side.
    for (s, e), rule in list(found.items()):
        grown = _grow_foreign(ctx, s, e)
        if grown != (s, e):
            del found[(s, e)]
            found.setdefault(grown, rule)
    # 朔|尔茨表示: a name found whole elsewhere in the text takes back the characters jieba cut off.
    names = {text[s:e] for s, e in found}
    for (s, e), rule in list(found.items()):
        if e - s == 1:
            continue  # a surname alone (老王, 汤局长) stays alone
        longer = next((n for n in names if len(n) > e - s and n.endswith(text[s:e]) and text.startswith(n, e - len(n))), None)
        if longer:
            del found[(s, e)]
            found.setdefault((e - len(longer), e), rule)
    # Drop what overlaps another kind of mention or is no name, then mark every repeat of a name.
    # An event's name may hold a person's (纪念某某诞辰大会): a name inside one is free
    events = [m for m in taken if m.type == EVENT]
    every = taken
    if events and found:
        # (not a name at the head of a word: 某某思想学习教育 names the thought, not the person)
        inside = {
            k for k, r in found.items() if r != "person.name_in_word" and any(ev.start <= k[0] and k[1] <= ev.end for ev in events)
        }
        if inside:
            taken = [m for m in taken if m.type != EVENT]
            outside = _Coverage(len(text), events)
            found = {k: r for k, r in found.items() if k in inside or not outside.overlaps(*k)}
    busy = _Coverage(len(text), taken)
    # A name found by its context (after a title, in a list) beats a word jieba merely tags ns (王|东峰).
    firm = _Coverage(len(text), [m for m in taken if not _yields_to_person(ctx, m)])
    # A name found by a title or a cue may hold a place word as its given name (厂长某西洋, 主任某长江):
    # only the surname and the name's end must be free of places.
    unplaced = _Coverage(len(text), [m for m in taken if m.type != PLACE and not _yields_to_person(ctx, m)])
    persons = [
        Mention(s, e, PERSON, text[s:e], rule, text[s:e])
        for (s, e), rule in sorted(found.items())
        if not (
            busy.overlaps(s, e) if rule in _WEAK_RULES
            else _blocked_but_for_given_place(firm, unplaced, s, e, len(text)) if rule in _CONTEXT_RULES
            else firm.overlaps(s, e)
        ) and _plausible_name(ctx, text[s:e], rule)
    ]
    title_ends = {p.end for p in positions}
    busy = _Coverage(len(text), every)  # a repeat is no part of an event's name (某某思想学习教育)
    for m in persons:
        busy.add(m.start, m.end)
    for name in sorted({m.text for m in persons if len(m.text) >= 2}):
        for mm in re.finditer(re.escape(name), text):
            s, e = mm.span()
            if busy.overlaps(s, e) or ctx.shielded[s] or (s not in ctx.starts and s not in title_ends):
                continue
            if e not in ctx.ends and not (e < len(text) and text[e] in _NAME_STOP):
                continue
            persons.append(Mention(s, e, PERSON, name, "person.repeat", name))
            busy.add(s, e)
    full = _foreign_names(persons)
    out = []
    for m in persons:
        if any(f.startswith(m.text) and f != m.text for f in full.values()):
            continue  # a piece of a longer transliterated name (谢尔 of 谢尔达尔·…)
        if m.text in full:
            m = Mention(m.start, m.end, PERSON, m.text, m.rule, full[m.text])
        out.append(m)
    return out


# Transliterated-name ratios (kg/rules/name_chars.tsv): a name this foreign-like, per character,
# takes in a neighbouring piece whose every character scores at least _FOREIGN_PIECE.
_FOREIGN_NAME = 2.0
_FOREIGN_PIECE = 1.0
# A character the hand list in persons.toml lacks counts as a transliteration character from this ratio on.
_FOREIGN_CHAR = 2.0


def _foreign_char(lex: lexicon.Lexicon, c: str) -> bool:
    return c in lex.foreign_chars or lex.name_chars.get(c, _NO_SCORE)[1] >= _FOREIGN_CHAR


def _foreign_piece(ctx: _Ctx, t: Token | None) -> bool:
    lex = ctx.lex
    w = t.word if t is not None else ""
    if not 1 <= len(w) <= 3 or not _CJK.match(w) or ctx.shielded[t.start] or t.tag in _STOP_TAGS and len(w) > 1:
        return False
    if w in lex.titles or w in lex.cues_after or w in lex.cues_before or lex.is_place_name(w) or w in lex.countries:
        return False
    return all(c not in lex.function_chars and c not in _NAME_STOP and lex.name_chars.get(c, _NO_SCORE)[1] >= _FOREIGN_PIECE for c in w)


_NO_SCORE = (0.0, 0.0)


def _grow_foreign(ctx: _Ctx, s: int, e: int) -> tuple[int, int]:
    """Widen a transliterated name over the pieces jieba cut off it (哈|比比, 卡巴|杰, 库|尼科娃), if any."""
    text, lex = ctx.text, ctx.lex
    if s not in ctx.starts or e not in ctx.ends or not _CJK.match(text[e - 1]):
        return s, e
    nxt = ctx.token_at(e)
    if (
        nxt is not None
        and _foreign_piece(ctx, nxt)
        and (_name_ends(ctx, nxt.end) or text[nxt.end : nxt.end + 1] == "时")
        and _foreign_like(lex, text[s : nxt.end])
    ):
        e = nxt.end
    if "·" not in text[s:e] and s > 0:
        prev = ctx.token_at(s - 1)
        before = ctx.token_at(prev.start - 1) if prev.start > 0 else None
        boundary = before is None or before.tag in ("x", "uj", "kt", "p", "c", "v") or before.word in lex.cues_before
        if _foreign_piece(ctx, prev) and boundary and not _foreign_piece(ctx, before) and _foreign_like(lex, text[prev.start : e]):
            s = prev.start
    return s, e


def _foreign_like(lex: lexicon.Lexicon, name: str) -> bool:
    last = name.rsplit("·", 1)[-1]
    return 3 <= len(last) <= 8 and lex.foreign_score(last) >= _FOREIGN_NAME


def _foreign_word(ctx: _Ctx, i: int) -> bool:
    """A transliterated name jieba tags nr/nrt (a run of transliteration characters), not a club or a city:
    followed by a verb, punctuation, a title or 的, and not by a team or place word."""
    t, lex = ctx.toks[i], ctx.lex
    if ctx.shielded[t.start] or lex.is_place_name(t.word) or t.word in lex.stop_names:
        return False
    if len(t.word) <= 3 and t.word[-1] in lex.not_final or t.word[-1] == "人" and lex.is_place_name(t.word[:-1]):
        return False  # 某某馆; 伊朗人: a country's people
    # (one other character in a word of four or more, or of three jieba tags transliterated: 施|瓦茨)
    if sum(_foreign_char(lex, c) for c in t.word) < len(t.word) - (len(t.word) >= 4 or len(t.word) == 3 and t.tag == "nrt"):
        return False
    if i > 0 and ctx.toks[i - 1].word in lex.place_before:
        return False  # 在|某某, 赴|某某: a place
    nxt = ctx.toks[i + 1] if i + 1 < len(ctx.toks) else None
    prev = ctx.toks[i - 1] if i > 0 else None
    number_before = prev is not None and (prev.tag in ("m", "mq", "q") or prev.word[-1:].isdigit())
    if len(t.word) == 2 and (number_before or nxt is not None and nxt.tag == "m"):
        return False  # a two-character word by a number is a unit or an amount (百万卢比, 1卢比, 多达5人)
    text = ctx.text
    if t.start > 0 and text[t.start - 1] in "“‘「" and text[t.end : t.end + 1] in "”’」":
        return False  # “某某”: a quoted transliteration is a brand, a craft or a work, not a person
    return nxt is None or nxt.tag in ("v", "x", "p", "c", "d", "uj", "kt", "t", "m", "l", "i", "zg") or nxt.word in ctx.lex.cues_after


_CUE_TAGS = frozenset({"nr", "nrt", "nrfg", "nz", "n", "ng", "ns", "j", "a"})


def _name_word(ctx: _Ctx, t: Token, loose: bool) -> bool:
    """Could token ``t`` be a whole name? ``loose`` admits words jieba does not tag as names."""
    w, lex = t.word, ctx.lex
    if not 2 <= len(w) <= 6 or not all(_CJK.match(c) for c in w) or w in lex.stop_names or lex.is_place_name(w):
        return False
    if t.tag in _NR_TAGS:
        return True
    if not loose or t.tag not in _CUE_TAGS or w in lex.cues_before or w in lex.cues_after or w in lex.titles:
        return False
    # A name starts with a surname or is transliterated (工作作风, 课业负担 are neither);
    # an everyday word (收入, 介绍) is no name; a rare one after a cue is.
    sn = _surname_len(ctx, t.start)
    foreign = sum(not _foreign_char(lex, c) for c in w) <= (len(w) >= 4)
    if not (sn and len(w) <= sn + 2 or foreign):
        return False
    return segment.word_freq(w) < _EVERYDAY or (sn and len(w) == 3)


def _cued_names(ctx: _Ctx, add) -> None:
    """Names next to a cue word: 记者张三, 球员李四 (before); 张三同志, 李四总统 (after)."""
    lex, toks = ctx.lex, ctx.toks
    for i, t in enumerate(toks):
        w = t.word
        cue = w in lex.cues_before or w in lex.number_cues and i > 0 and toks[i - 1].tag == "m"
        if cue and i + 1 < len(toks):
            e = name_at(ctx, t.end, strict=True)
            if e:
                add(t.end, e, "person.cue")
            elif _name_word(ctx, toks[i + 1], loose=True):
                add(toks[i + 1].start, toks[i + 1].end, "person.cue")
        title = w in lex.titles
        if (title or w in lex.cues_after) and i > 0:
            prev = toks[i - 1]
            # Before a title only a word jieba tags as a name counts (美国总统, 铁道部长 are no persons),
            # or one it tags as a place that is no place we know (a name jieba mistakes for one).
            weak_ns = prev.tag == "ns" and title and _name_word(ctx, prev, loose=True)
            if _name_word(ctx, prev, loose=not title) or weak_ns:
                add(prev.start, prev.end, "person.cue")
                continue
            for back in (3, 2):
                s = t.start - back
                if s < 0 or s not in ctx.starts or title and ctx.token_at(s).tag not in _NR_TAGS:
                    continue
                if name_at(ctx, s) == t.start:
                    add(s, t.start, "person.cue")
                    break


_NOT_SURNAME_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r", "x", "m", "mq", "f", "y", "e", "kt", "ke", "kg"})
_NOT_GIVEN_TAGS = _NOT_SURNAME_TAGS | {"v", "vn", "d", "q", "t", "ns", "nt"}


def _cue_after(ctx: _Ctx, pos: int) -> bool:
    """Does a form of address (同志, 先生) or a title start at ``pos``?"""
    nxt = ctx.token_at(pos)
    return nxt is not None and nxt.start == pos and (nxt.word in ctx.lex.cues_after or nxt.tag == segment.TITLE_TAG)


def _name_ends(ctx: _Ctx, pos: int) -> bool:
    """Can a person's name end at ``pos``: punctuation, a verb, a title, 的 or a cue (同志) after it?"""
    text = ctx.text
    if pos >= len(text) or text[pos] in _NAME_STOP:
        return True
    nxt = ctx.token_at(pos)
    if nxt.start != pos:
        return False
    return (
        nxt.tag in _AFTER_NAME_TAGS
        or nxt.tag in ("uj", "kt", "ul")
        or nxt.word in ctx.lex.cues_after
        or nxt.word in ctx.lex.titles
        or nxt.word.startswith(ctx.lex.speech_verbs)
    )


# Sums of given-name character ratios (kg/rules/name_chars.tsv) that make a name of words
# jieba cut as common ones: a surname alone + a word (李|宏伟), surname + one + one more (李铁|辰).
_GIVEN_TWO = 3.0
_GIVEN_THIRD = 2.0
# The least given-name ratio of a character left alone after a two-character name jieba's model made.
_GIVEN_ORPHAN = -1.5


def _modelled_names(ctx: _Ctx, add) -> None:
    """Names jieba cut into common words, scored by how name-like their given-name characters are
    (``kg/rules/name_chars.tsv``) and ended where a name may end (rule ``person.given_chars``)."""
    lex, toks = ctx.lex, ctx.toks
    for i, t in enumerate(toks):
        w = t.word
        if ctx.shielded[t.start] or w[0] not in lex.surnames or i + 1 >= len(toks):
            continue
        nxt = toks[i + 1]
        if len(w) == 1 and t.tag not in _NOT_SURNAME_TAGS and w not in lex.function_chars:
            # 李|宏伟: a surname standing alone before a two-character word
            g = nxt.word
            if len(g) != 2 or not _CJK.match(g) or nxt.tag in _NOT_GIVEN_TAGS or any(c in lex.function_chars for c in g):
                continue
            if lex.given_score(g) >= _GIVEN_TWO and _name_ends(ctx, nxt.end):
                add(t.start, nxt.end, "person.given_chars")
        elif len(w) == 2 and (t.tag in _NR_TAGS or w[0] in lex.common_surnames and segment.word_freq(w) < 20) and (
            len(nxt.word) == 1 and nxt.tag not in _NOT_SURNAME_TAGS
        ):
            # 李铁|辰: jieba took surname + one character as the name and left the last one
            c = nxt.word
            if _CJK.match(c) and c not in lex.function_chars and lex.given_score(c) >= _GIVEN_THIRD and _name_ends(ctx, nxt.end):
                add(t.start, nxt.end, "person.given_chars")
                continue
        if len(w) == 2 and t.tag in _NR_TAGS and segment.word_freq(w) == 0 and _CJK.match(nxt.word):
            # 高允|连, 赵致|真的: jieba's model (not its dictionary) made a two-character name and left
            # the third character alone or glued to a particle; a name's third character is seldom a function word.
            c = nxt.word[0]
            if c in lex.function_chars and c != "之" or c in lex.name_tails or c in _NAME_STOP or lex.given_score(c) < _GIVEN_ORPHAN:
                continue
            if c == "之" and not _cue_after(ctx, nxt.end):
                continue  # 李某之死: 之 ends a name only before a form of address or a title (李某之同志)
            after = ctx.token_at(nxt.end)
            if nxt.tag.startswith("v") and after is not None and after.tag in ("ul", "uz", "ug"):
                continue  # 某某|来|了: a verb with its aspect particle, no name's last character
            if len(nxt.word) == 1 and nxt.tag not in ("x", "m", "mq", "uj", "ul", "y", "e") and _name_ends(ctx, nxt.end):
                add(t.start, nxt.end, "person.given_chars")
            elif len(nxt.word) == 2 and nxt.word[1] in _NAME_STOP and (nxt.word[1] in "的了着" or not segment.word_freq(nxt.word)):
                # 赵致|真的, 某民|复及; not 某某|谈及, a word of its own
                add(t.start, nxt.start + 1, "person.given_chars")


# Tags of a surname + form-of-address word (李老师/nr, 某主席/n): what jieba gives such words.
_SURNAME_WORD_TAGS = frozenset({"nr", "nrfg", "n", "nz"})


def _surnames_alone(ctx: _Ctx, add) -> None:
    """李老师, 郑某, 胡老, 汤局长: a surname with a form of address or a title; the surname is the person."""
    lex, toks = ctx.lex, ctx.toks
    for i, t in enumerate(toks):
        w = t.word
        if ctx.shielded[t.start]:
            continue
        if _familiar(ctx, i):
            add(t.end - 1, t.end, "person.surname_alone")  # 老王, 小|刘: the surname is the person
            continue
        if w[0] not in lex.surnames or w[0] in lex.title_modifier_chars:
            continue
        if len(w) >= 3 and w[1:] in lex.surname_only and t.tag in _SURNAME_WORD_TAGS:
            add(t.start, t.start + 1, "person.surname_alone")  # one word: 李老师/nr, 某主席/n
        elif t.tag not in _NR_TAGS:
            nxt = toks[i + 1] if len(w) == 1 and i + 1 < len(toks) else None
            # 项/n 市长, 常/d 副局长: a surname-like word before a title, not a preposition (向市长)
            # nor a number word (一项), nor an adverb inside a clause (经常)
            prev = toks[i - 1] if i > 0 else None
            if nxt is None or w in lex.function_chars or t.tag in _NOT_SURNAME_TAGS or not (
                nxt.tag == segment.TITLE_TAG or nxt.word in lex.surname_only and len(nxt.word) >= 2
            ):
                continue
            if t.tag == "d" and prev is not None and prev.tag != "x":
                continue
            add(t.start, t.end, "person.surname_alone")
        elif len(w) >= 2 and w[1:] in lex.surname_only and segment.word_freq(w) < 100:  # not 古老, 养老
            add(t.start, t.start + 1, "person.surname_alone")  # one word: 胡老/nr
        elif len(w) == 1 and i + 1 < len(toks) and toks[i + 1].word in lex.surname_only:
            add(t.start, t.end, "person.surname_alone")  # 汤/nr + 局长


def _japanese_names(ctx: _Ctx, add) -> None:
    """高桥一郎, 山田|正|太郎, 首相高桥, 高桥|首相: a common Japanese family name (persons.toml [japanese])
    with a given name ending like a Japanese one, or alone after or before a title or before a speech verb;
    once a full name is found, its family name alone elsewhere in the text is the person."""
    text, lex, toks = ctx.text, ctx.lex, ctx.toks
    surnames_of_full: set[str] = set()
    alone: list[tuple[int, int]] = []
    for i, t in enumerate(toks):
        if ctx.shielded[t.start] or t.word[:2] not in _japanese_heads():
            continue
        sur = next((text[t.start : t.start + k] for k in (3, 2) if text[t.start : t.start + k] in lex.japanese_surnames), None)
        if sur is None:
            continue
        s, se = t.start, t.start + len(sur)
        if t.end > se:  # one word: 高桥一郎/n, 山田幸之助/nr
            given = t.word[len(sur) :]
            if len(given) <= 3 and _japanese_given(lex, given) and _name_ends(ctx, t.end):
                add(s, t.end, "person.japanese")
                surnames_of_full.add(sur)
            continue
        if se not in ctx.ends:
            continue
        end = None
        for j in range(ctx.starts.get(se, len(toks)), min(len(toks), i + 5)):
            e = toks[j].end
            if e - se > 3 or not _CJK.match(toks[j].word) or toks[j].word in lex.titles:
                break
            if _japanese_given(lex, text[se:e]) and _name_ends(ctx, e):
                end = e
        if end is not None:
            add(s, end, "person.japanese")
            surnames_of_full.add(sur)
            continue
        if lex.is_place_name(sur) or segment.word_freq(sur) >= _EVERYDAY:
            continue  # 山口, 中山: a place or an everyday word alone
        nxt = ctx.token_at(se)
        prev = toks[i - 1] if i > 0 else None
        titled = nxt is not None and nxt.start == se and (nxt.tag == segment.TITLE_TAG or nxt.word in lex.cues_after)
        after_title = prev is not None and prev.tag == segment.TITLE_TAG and _name_ends(ctx, se)
        if titled or after_title or (prev is None or prev.tag == "x") and _speech_follows(ctx, ctx.starts.get(se)):
            alone.append((s, se))
    for s, e in alone:
        add(s, e, "person.japanese")
    if surnames_of_full:
        for t in toks:
            if t.word in surnames_of_full and not ctx.shielded[t.start] and _name_ends(ctx, t.end):
                add(t.start, t.end, "person.japanese")


@functools.cache
def _japanese_heads() -> frozenset[str]:
    return frozenset(s[:2] for s in lexicon.load().japanese_surnames)


def _japanese_given(lex: lexicon.Lexicon, given: str) -> bool:
    return 1 <= len(given) <= 3 and given[-1] in lex.japanese_finals and not any(c in lex.function_chars and c != "之" for c in given)


def _speech_follows(ctx: _Ctx, i: int | None) -> bool:
    """Does a speech verb (表示, 说) follow token ``i``, perhaps after an adverb or two (还, 则)?"""
    if i is None:
        return False
    for t in ctx.toks[i : i + 3]:
        if t.word in ctx.lex.speech_verbs:
            return True
        if t.tag not in ("d", "ad", "c"):
            return False
    return False


def _familiar(ctx: _Ctx, i: int) -> bool:
    """老王, 小|刘, 老|于: 老 or 小 with a common surname, addressing a person, where a name may end."""
    lex, toks = ctx.lex, ctx.toks
    t = toks[i]
    w = t.word
    if len(w) == 2 and w[0] in "老小" and w[1] in lex.common_surnames:
        # one word (老王/nr, 老张/n), not an everyday one (小康, 老马 in 老马识途 is rare enough)
        freq = segment.word_freq(w)
        ok = freq == 0 or t.tag in ("nr", "n", "r", "nz") and freq < _EVERYDAY
    elif len(w) == 1 and w in lex.common_surnames and i > 0 and toks[i - 1].word in ("老", "小"):
        before = toks[i - 2] if i > 1 else None  # 很小|于, 一|小|时: no adjective or number before
        ok = t.tag not in ("m", "q", "f") and (before is None or before.tag not in ("d", "m", "mq", "q"))
    else:
        return False
    nxt = ctx.token_at(t.end)
    return ok and _name_ends(ctx, t.end) and not (nxt is not None and nxt.word[:1].isdigit())


def _foreign_token(ctx: _Ctx, t: Token) -> bool:
    """A piece of a transliterated name: its characters are transliteration characters
    (one other character is allowed in a name word of three or more)."""
    if _CJK.match(t.word) is None:
        return False
    other = sum(not _foreign_char(ctx.lex, c) for c in t.word)
    return other == 0 or other == 1 and len(t.word) >= 3 and t.tag in _NR_TAGS


def _foreign_run(ctx: _Ctx, pos: int, limit: int = 8, dotted: bool = False) -> int:
    """End of the run of transliteration tokens starting at ``pos`` (``pos`` if none).

    After a middle dot any such token counts; elsewhere not a function word (比, 加).
    """
    i = ctx.starts.get(pos)
    end = pos
    while i is not None and i < len(ctx.toks):
        t = ctx.toks[i]
        # A one-character function word may start a name jieba cut (古|特雷斯).
        glued = (
            len(t.word) == 1
            and t.tag not in ("p", "c", "d", "r", "v", "u", "uj", "ul", "m", "q", "f")
            and i + 1 < len(ctx.toks)
            and ctx.toks[i + 1].tag in _NR_TAGS
        )
        if glued and t.start == pos and _CJK.match(t.word):
            end = t.end  # 朔|尔茨: jieba cut the first character off
            i += 1
            continue
        if t.end - pos > limit or not (_dotted_piece(ctx, t) if dotted else t.tag not in _STOP_TAGS and _foreign_token(ctx, t)):
            break
        if end > pos and _two_names(ctx, ctx.text[ctx.toks[i - 1].start : end], t.word):
            break
        end = t.end
        i += 1
    return end


def dotted_names(ctx: _Ctx) -> dict[int, int]:
    """Transliterated names joined by a middle dot (弗拉基米尔·普京), start -> end, wherever they stand."""
    if ctx.dotted is not None:
        return ctx.dotted
    text, toks, out = ctx.text, ctx.toks, {}
    for i, t in enumerate(toks):
        if t.word not in ("·", "•") or i == 0 or ctx.shielded[t.start]:
            continue
        if i >= 2 and toks[i - 2].word in ("·", "•") or any(s < t.start < e for s, e in out.items()):
            continue  # inside a chain already taken from its first dot
        left = toks[i - 1]
        if not (_CJK.match(left.word) and _dotted_piece(ctx, left) and len(left.word) <= 6):
            continue
        start = left.start
        if i >= 2 and _foreign_token(ctx, toks[i - 2]) and len(toks[i - 2].word) <= 3 and t.start - toks[i - 2].start <= 6:
            start = toks[i - 2].start
        end, pos = None, t.end
        while pos < len(text) and text[pos - 1] in "·•":
            e = _foreign_run(ctx, pos, dotted=True)
            if e == pos:
                tok = ctx.token_at(pos)
                e = tok.end if tok.start == pos and tok.tag in _NR_TAGS else pos
            if e == pos:
                break
            end, pos = e, e + 1
            if pos > len(text) or text[e : e + 1] not in ("·", "•"):
                break
        if end is not None and end - start <= 24:
            out[start] = end
    ctx.dotted = out
    return out


def _dotted_piece(ctx: _Ctx, t: Token) -> bool:
    """Next to a middle dot, a piece of the name: a name word, a run of transliteration characters,
    or a word whose characters are all at least somewhat transliteration-like (马/n 尔某/nrt, 芭芭拉/z)."""
    lex = ctx.lex
    if _CJK.match(t.word) is None or t.word in lex.titles or t.word in lex.cues_after or len(t.word) > 6:
        return False
    if len(t.word) >= 2 and t.word[-1] in _DIVISION_CHARS:
        return False  # 某镇: a division's suffix
    if t.tag in _NR_TAGS or _foreign_token(ctx, t):
        return True
    return all(c not in lex.function_chars and lex.name_chars.get(c, _NO_SCORE)[1] >= _FOREIGN_PIECE for c in t.word) and (
        len(t.word) >= 2 or t.tag not in _STOP_TAGS
    )


def _split_foreign_names(ctx: _Ctx, add) -> None:
    """A transliterated name jieba cut in two name words (梅德韦|杰夫): one name."""
    toks = ctx.toks
    i = 0
    while i < len(toks) - 1:
        t = toks[i]
        if t.tag in _NR_TAGS and _foreign_token(ctx, t) and not ctx.shielded[t.start]:
            j = i + 1
            while j < len(toks) and toks[j].tag in _NR_TAGS and _foreign_token(ctx, toks[j]) and toks[j].end - t.start <= 8:
                if _two_names(ctx, toks[j - 1].word, toks[j].word):
                    break  # 何某某|孟某某: two whole names, not one cut in two
                j += 1
            if j > i + 1 and toks[j - 1].end - t.start >= 4:
                add(t.start, toks[j - 1].end, "person.foreign_run")
            i = j
        else:
            i += 1


def _two_names(ctx: _Ctx, a: str, b: str) -> bool:
    """Are two name words of three characters or more two names (each led by a common surname,
    or each a word jieba's dictionary knows well), not the halves of one (梅德韦|杰夫)?"""
    if len(a) < 3 or len(b) < 3:
        return False
    common = ctx.lex.common_surnames
    return a[0] in common and b[0] in common or segment.word_freq(a) >= 20 and segment.word_freq(b) >= 20


def _dotted_names(ctx: _Ctx, add) -> None:
    for s, e in dotted_names(ctx).items():
        add(s, e, "person.dotted")


def _weak_place(ctx: _Ctx, m: Mention) -> bool:
    """A place only because jieba tags the word ns (not a division, country or known place),
    or the short form of a county, which is as often a given name (李|卫东)."""
    if m.type != PLACE or m.rule != "place.lexicon":
        return False
    lex = ctx.lex
    if not lex.is_place_name(m.text):
        return True
    full = lex.place_alias.get(m.text)
    return full is not None and full in lex.divisions and all(d.level == "county" for d in lex.divisions[full])


_CONTEXT_RULES = frozenset({"person.after_title", "person.cue", "person.list"})


def _blocked_but_for_given_place(firm: _Coverage, unplaced: _Coverage, s: int, e: int, size: int) -> bool:
    """Is the name s..e blocked, though a place inside its given name is allowed?"""
    if unplaced.overlaps(s, e) or firm.overlaps(s, s + 1):
        return True
    return e < size and firm.taken[e - 1] and firm.taken[e]  # a place running on past the name


def _yields_to_person(ctx: _Ctx, m: Mention) -> bool:
    """A place a name found by its context overrides: a weak place (王|东峰), or a country's one-letter
    form read inside a transliterated name (某斯塔德 is no 斯, 塔, 德)."""
    return _weak_place(ctx, m) or m.rule == "place.country_letter"


_WEAK_RULES = frozenset({"person.jieba_nr", "person.jieba_nr_merged", "person.before_verb"})


def _plausible_name(ctx: _Ctx, name: str, rule: str) -> bool:
    """Reject places, forms of address (和太后) and surname + common word (高水平)."""
    lex = ctx.lex
    if lex.is_place_name(name) or "·" in name or rule == "person.japanese":
        return not lex.is_place_name(name)
    if len(name) == 2 and name[0] in "老小" and name[1] in lex.surnames and rule != "person.surname_alone":
        return False  # 老王: the surname alone is the person (_familiar)
    sn = 2 if name[:2] in lex.compound_surnames else 1
    given = name[sn:]
    if given in lex.not_given or name[1:] in lex.not_given or given in lex.surname_only:
        return False  # 王先生, 陈小姐: the surname alone is the person (person.surname_alone)
    # A name jieba's dictionary lists as one may hold a function character (之, 和, 中).
    listed = segment.tokenizer().word_tag_tab.get(name) in ("nr", "nrfg")
    # Inside a three-character word jieba tags a name, one is fine (某和生); at the end it is not (谈话中).
    inner_ok = rule == "person.jieba_nr" and len(given) == 2
    function = given[-1:] in lex.function_chars or (given[:1] in lex.function_chars and not inner_ok)
    if rule in _WEAK_RULES and (len(given) > 2 or (not listed and function) or name[-1] in lex.not_final):
        return False  # 宣传教育, 谈话中: a surname-like first character is not enough
    if rule in ("person.jieba_nr", "person.nr_before_verb") and sn == 1 and len(given) == 2 and name[0] not in lex.common_surnames and (
        segment.word_freq(name) > 0 and lex.given_score(given) < _RARE_SURNAME_GIVEN
    ):
        return False  # 纪念章, 通知书: a dictionary word tagged a name, of a rare surname and no given name's characters
    if rule == "person.jieba_nr" and len(name) == 2 and name[0] not in lex.common_surnames and lex.given_score(given) < _RARE_SURNAME_ONE:
        return False  # 蔚然, 旷达: a rare surname and a character seldom a given name
    if not listed and 1 <= len(given) <= 2 and _unlike_given(lex, given):
        return False  # 幸福感, 贺信并: characters no given name is made of
    if len(given) == 2 and rule in _WEAK_RULES:
        tag = segment.tokenizer().word_tag_tab.get(given, "")
        if segment.word_freq(given) >= 500 and not str(tag).startswith("nr"):
            return False
    if len(name) == 2 and name[1] in lex.countries_short and (name[0] in lex.countries_short or name[0] in "来访赴抵离在回驻"):
        return False  # 巴方, 伊中, 来华: two countries, a country's side, a trip
    if len(name) == 2 and name[0] in lex.countries_short and (name[1] == "方" or name[1] in "军队籍" and name[0] not in lex.common_surnames):
        return False  # 巴方; 墨军: a country's army (韩军 may be a name)
    return True


# A character this much less likely in a given name than in ordinary text (并, 的, 感: kg/rules/name_chars.tsv)
# rules a name out, as does a two-character given name of such characters together.
_UNLIKE_CHAR = -3.0
_UNLIKE_GIVEN = -2.5


# The least given-name score (kg/rules/name_chars.tsv) of a three-character word jieba's dictionary
# tags a name when its first character is a rare surname: many such words are things (纪念章, 银行卡).
_RARE_SURNAME_GIVEN = 3.5
# The same for a two-character word tagged a name: its one given-name character.
_RARE_SURNAME_ONE = 1.5


def _unlike_given(lex: lexicon.Lexicon, given: str) -> bool:
    """Are these characters no Chinese given name (a verb, a suffix, a particle after a surname-like one)?"""
    scores = [lex.given_score(c) for c in given]
    return min(scores) <= _UNLIKE_CHAR or sum(scores) <= _UNLIKE_GIVEN


def _foreign_names(persons: list[Mention]) -> dict[str, str]:
    """Short forms of transliterated names in this text: 普京 -> 弗拉基米尔·普京."""
    out: dict[str, str] = {}
    for m in persons:
        if "·" in m.text:
            for part in m.text.split("·")[1:]:
                if len(part) >= 2:
                    out.setdefault(part, m.text)
    return out


class _Coverage:
    """Which characters are taken by mentions: an O(span) overlap test."""

    def __init__(self, size: int, mentions: Iterable[Mention] = ()) -> None:
        self.taken = bytearray(size)
        for m in mentions:
            self.add(m.start, m.end)

    def add(self, start: int, end: int) -> None:
        self.taken[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return any(self.taken[start:end])


# --- events ----------------------------------------------------------------


@functools.cache
def _quoted_event_pattern() -> re.Pattern:
    nouns = "|".join(re.escape(n) for n in lexicon.load().event_nouns)
    # Not across 的: “某某”的交流活动 is a description, not a name.
    return re.compile(rf"[“\"「][^“”\"「」\n]{{1,40}}[”\"」][\u4e00-\u7683\u7685-\u9fffA-Za-z0-9]{{0,10}}?(?:{nouns})")


# Words between a quoted title and its event noun that show the two are not one name
# (“某某”领导人首次举行正式会晤, “某某”城市联合招聘等专项活动) once the gap is long.
_GAP_BREAKS = re.compile(r"[等已被将在于首]")


def event_kind(name: str, lex: lexicon.Lexicon) -> str:
    """The kind of event a name ends in (…论坛 -> Forum), ``Event`` if none."""
    for noun in lex.event_nouns:
        if name.endswith(noun):
            return lex.event_kinds[noun]
    # 某某思辨会, 某某品鉴会: a gathering jieba has no word for (found in a list of forums).
    return "Forum" if name.endswith("会") else "Event"


def event_mentions(ctx: _Ctx) -> list[Mention]:
    """Named events: a quoted title before an event noun, a run of name words ending in
    one, or the whole subject of "…举行/召开" when it ends in one."""
    text, lex = ctx.text, ctx.lex
    out: list[Mention] = []
    for m in _quoted_event_pattern().finditer(text):
        gap = m.group()[m.group().rfind(m.group()[0] if m.group()[0] == '"' else "”") + 1 :]
        if m.end() in ctx.ends and not (len(gap) > 8 and (_after_trigger(gap) or _GAP_BREAKS.search(gap))):
            out.append(Mention(m.start(), m.end(), EVENT, m.group(), "event.quoted", event_norm(m.group())))
    for m in _alternation(lex.event_nouns).finditer(text):
        s, e = m.span()
        if e not in ctx.ends or ctx.shielded[s]:
            continue
        tok = ctx.token_at(s)
        if tok.start != s and tok.tag not in (segment.EVENT_TAG, "n", "nz", "nt", "vn"):
            continue
        nxt = ctx.token_at(e)
        if nxt is not None and nxt.tag == segment.EVENT_TAG and lex.event_kinds.get(nxt.word) != "Ceremony":
            continue  # 会议 + 论坛: a compound noun, not the end of a name (but 论坛 + 开幕式 is)
        start = _event_start(ctx, ctx.starts[tok.start])
        prefix = text[start:s]
        if len(prefix) < 2 or not _proper(ctx, start, s, tok) and len(prefix) < 4:
            continue
        cut = _after_trigger(prefix)
        if cut:
            # 某某出席第四届某某论坛: the name starts after the verb; 出席会议 is no name at all.
            start += cut
            if start not in ctx.starts or len(text[start:s]) < 2:
                continue
        name = text[start:e]
        out.append(Mention(start, e, EVENT, name, "event.noun", event_norm(name)))
    out.extend(_clause_events(ctx))
    for m in _PARTY_CONGRESS.finditer(text):  # 党的二十大, 中共十九大: a party congress by its number
        if m.start() in ctx.starts and m.end() in ctx.ends and not ctx.shielded[m.start()]:
            out.append(Mention(m.start(), m.end(), EVENT, m.group(), "event.party_congress", m.group()))
    out.extend(_short_events(ctx))
    out.extend(_listed_events(ctx, out))
    out.extend(_quoted_aliases(ctx, out))
    return out


# One item of a 、-list: up to the next list or clause break (等 ends the list).
_LIST_ITEM = re.compile(r"[^、，。；,;：:！？!?\n“”\"《》（）()等]{4,25}")


_ITEM_JOINERS = ("以及", "及", "和", "与")
_COUNTED = re.compile(r"[0-9一二两三四五六七八九十百千多几]+[场个项次批届期]?[场个项次批]")


def _listed_events(ctx: _Ctx, found: list[Mention]) -> list[Mention]:
    """Items of a 、-list that follows a named event and end in an event noun: 某某论坛、
    甲乙丙论坛、丁戊会 (names whose words would stop the noun rule: 与, verbs)."""
    text, lex = ctx.text, ctx.lex
    out: list[Mention] = []
    todo = [m.end for m in found]
    seen = set(todo)
    while todo:
        e = todo.pop()
        if e >= len(text) or text[e] != "、" or e + 1 not in ctx.starts:
            continue
        m = _LIST_ITEM.match(text, e + 1)
        if m is None or ctx.shielded[m.start()]:
            continue
        item, end = m.group(), m.end()
        for joiner in _ITEM_JOINERS:  # 某某论坛和某某活动: two items
            k = item.find(joiner)
            if k > 0 and (joiner == "以及" or any(item[:k].endswith(n) for n in lex.event_nouns) or any(
                item[:k].endswith(n) for n in _name_cues()["short_suffixes"]
            )):
                item, end = item[:k], m.start() + k
        if end not in ctx.ends:
            continue
        last = ctx.toks[ctx.ends[end]]
        noun = next((n for n in lex.event_nouns if item.endswith(n)), None)
        # A word jieba does not know cut as …/v + 会/v (思辨会) ends a name in such a list too.
        if noun is None and last.word != "会" or len(item) - len(noun or "会") < 2:
            continue
        first = ctx.toks[ctx.starts[m.start()]]
        if first.word in lex.generic_modifiers or first.tag in ("r", "d", "p", "c", "u", "uj") or (
            first.tag == "m" and not _year_or_ordinal(first.word) or _COUNTED.match(item)
        ) or (
            "的" in item or _after_trigger(item)
        ):
            continue
        out.append(Mention(m.start(), end, EVENT, item, "event.listed", event_norm(item)))
        if end not in seen:
            seen.add(end)
            todo.append(end)
    return out


# What may follow a title told alone: a verb, preposition, adverb, conjunction, 的.
_ALONE_AFTER = frozenset("v vd vi p d c uj ul".split())


def _quoted_aliases(ctx: _Ctx, found: list[Mention]) -> list[Mention]:
    """A quoted title told again alone (“某某”在各方支持下…) names the event it named first
    (“某某”大走访活动)."""
    text, lex = ctx.text, ctx.lex
    titles = {}
    for m in found:
        # Only a campaign's slogan names it (“某某·某某”大走访活动); “某某”座谈会 is on a topic.
        if m.rule == "event.quoted" and m.text[0] in "“\"「" and event_kind(m.text, lex) == "Activity":
            close = max(m.text.rfind("”"), m.text.rfind("\""), m.text.rfind("」"))
            if close > 5:
                titles.setdefault(m.text[: close + 1], m)
    out = []
    for title, named in titles.items():
        if sum(m.text.startswith(title) and m.text != named.text for m in found):
            continue  # “某国”领导人会晤, “某国”代表会议: the title names no single event
        at = text.find(title)
        while at >= 0:
            end = at + len(title)
            nxt = ctx.token_at(end)
            # Told alone: what follows is no name word (“某某”大走访活动 is the full name again).
            alone = nxt is None or nxt.tag in _ALONE_AFTER or not _CJK.match(nxt.word[0])
            if at != named.start and end in ctx.ends and at in ctx.starts and alone:
                out.append(Mention(at, end, EVENT, title, "event.quoted_alias", event_norm(named.text)))
            at = text.find(title, end)
    return out


_PARTY_CONGRESS = re.compile(r"(?:党的|中共|中国共产党第?)[一二三四五六七八九十]{1,3}(?:届[一二三四五六七八九十]中全会|大)")


@functools.cache
def _name_cues() -> dict[str, frozenset[str]]:
    """[names] of kg/rules/event_cues.toml: words that may stand inside an event name."""
    data = lexicon._toml("event_cues.toml")
    keys = ("field_verbs", "opening_verbs", "short_suffixes", "dashes")
    return {k: frozenset(lexicon._words(data, f"names.{k}", "event_cues.toml")) for k in keys}


@functools.cache
def _short_event_pattern() -> re.Pattern:
    suffixes = "|".join(re.escape(w) for w in sorted(_name_cues()["short_suffixes"], key=len, reverse=True))
    return re.compile(rf"(?:{suffixes})")


_SHORT_STOP = _STOP_TAGS | {"m"}


def _short_events(ctx: _Ctx) -> list[Mention]:
    """Short forms (省运会, 第三届消博会): one or two characters before 运会, 博会 in one
    name, however jieba cuts them, and the name words before."""
    text = ctx.text
    out = []
    for m in _short_event_pattern().finditer(text):
        s, e = m.span()
        if e not in ctx.ends or ctx.owner[s] != ctx.owner[e - 1] or ctx.shielded[s]:
            continue  # 命运 + 会: the suffix is not one word
        for k in (2, 1):
            first = ctx.token_at(s - k)
            if s - k in ctx.starts and first.tag not in _SHORT_STOP or (
                s - k in ctx.starts and first.tag == "v" and first.word not in _verb_words() and len(first.word) == 1
            ):
                if text[s - k] in _NAME_STOP or not _CJK.match(text[s - k]) or text[s - k : e] in ctx.lex.event_kinds:
                    continue  # 亚运会 is an event noun: the noun rule names it
                start = _event_start(ctx, ctx.starts[s - k])
                start = min(start, s - k)
                name = text[start:e]
                out.append(Mention(start, e, EVENT, name, "event.short_form", event_norm(name)))
                break
    return out


@functools.cache
def _triggers() -> tuple[str, ...]:
    lex = lexicon.load()
    verbs = [v for vs in lex.roles.values() for v in vs] + list(lex.meeting_verbs) + list(lex.happen_verbs)
    return tuple(v for v in verbs if len(v) >= 2)


def _after_trigger(text: str) -> int:
    """Where a name may start in ``text``: after its last role or meeting verb (0 if none)."""
    return max((text.rfind(v) + len(v) for v in _triggers() if v in text), default=0)


def _event_start(ctx: _Ctx, i: int) -> int:
    """Start of an event name whose last word is token ``i``.

    Name words run leftwards until a stop word; another event noun is crossed
    only through a joiner (工作会议 + 暨 + 分析会).
    """
    toks, lex = ctx.toks, ctx.lex
    cues = _name_cues()
    last = i
    floor = toks[i].start - 30
    while i > 0:
        t = toks[i - 1]
        if t.start < floor or t.word in lex.datelines or t.word in lex.name_breakers:
            break
        if t.word in lex.generic_modifiers:
            # 某某新时代…: a one-character modifier between name words is part of the name.
            if not (len(t.word) == 1 and i >= 2 and toks[i].tag in ("n", "nz", "ns") and (
                toks[i - 2].tag in _NAME_TAGS or toks[i - 2].word in cues["opening_verbs"]
            )):
                break
        elif t.word in lex.joiners and t.word == "暨":
            i -= 1
            continue
        elif t.tag == segment.EVENT_TAG or t.word in lex.event_kinds:
            if toks[i].word != "暨":
                break
        elif t.tag == "m":
            if not (_year_or_ordinal(t.word) or t.word in _ORDINAL_PARTS):
                break
        elif len(t.word) == 1 and t.word in lex.country_letters and toks[i].word[0] in lex.country_letters:
            pass  # 中 + 德 of 中德论坛, however jieba tags the letters
        elif t.word in cues["dashes"]:
            if not (i >= 2 and toks[i].tag in _DASHED_TAGS and toks[i - 2].tag in _DASHED_TAGS):
                break  # 中国—某洲博览会: a dash only between two places
        elif t.word in cues["opening_verbs"]:
            i -= 1
            if i > 0 and toks[i - 1].word in cues["opening_verbs"]:
                continue
            break  # 学习贯彻 opens the name: nothing before it belongs
        elif t.word in cues["field_verbs"]:
            pass
        elif t.tag in _STOP_TAGS and t.tag not in ("t", "zg") or t.word in _verb_words():
            break
        i -= 1
    # Generic modifiers (重要, 多场) and dates (今年) at the front are not part of a name; nor
    # are opening verbs with hardly a name after them.
    while i < len(toks) - 1 and (toks[i].word in lex.generic_modifiers or toks[i].tag == "t"):
        i += 1
    if toks[i].word in cues["opening_verbs"]:
        j = i
        while toks[j].word in cues["opening_verbs"]:
            j += 1
        # 学习贯彻 + a proper name (or 新时代…) opens a name; 贯彻 + 中央…会议 does not.
        if last - j < 2 or toks[j].tag not in _NAME_TAGS and not (
            len(toks[j].word) == 1 and toks[j].word in lex.generic_modifiers
        ):
            i = j
    start = toks[i].start
    # 举行了开村仪式: jieba glues 了 to the name's first character (and leaves the next one alone).
    before = toks[i - 1] if i > 0 else None
    if before is not None and len(before.word) == 2 and before.word[0] == "了" and i >= 2 and len(toks[i].word) == 1 and (
        toks[i - 2].word in _verb_words() or toks[i - 2].tag == "v"
    ):
        start = before.start + 1
    return start


# What a dash inside a name stands between: places, bodies, their short forms (中国—东盟).
_DASHED_TAGS = frozenset({"ns", "nt", "j"})
# Pieces of "第31届", "2023年" that jieba cuts apart.
_ORDINAL_PARTS = frozenset("第届年次期")
_CLAUSE_END = re.compile(r"[，。；！？,;!?\n：:]")


# Prepositions a clause may open with before an event's name (自某某活动开展以来); not 与 (甲与乙论坛).
_SUBJECT_PREPOSITIONS = frozenset(["自", "对", "从", "向", "为", "自从", "随着"])


def _clause_events(ctx: _Ctx) -> list[Mention]:
    """The subject of "SUBJECT(于DATE)(在PLACE)举行" when it ends in an event noun."""
    text, lex = ctx.text, ctx.lex
    out = []
    for m in _alternation(lex.happen_verbs).finditer(text):
        v = m.start()
        c = v
        while c > 0 and not _CLAUSE_END.match(text[c - 1]):
            c -= 1
        subject = text[c:v]
        if subject[:1] in ("于", "在", "由", "将") or not subject:
            continue
        # Cut "…大会于7月4日在上海" back to the name.
        for cut in ("于", "在", "将", "已", "正式", "隆重", "顺利", "日前", "近日"):
            k = subject.find(cut)
            if k > 0:
                subject = subject[:k]
        subject = subject.rstrip()
        end = c + len(subject)
        cut = _after_trigger(subject)
        c += cut  # 某某出席某某博览会开幕: the name starts after the verb
        subject = subject[cut:]
        if c in ctx.starts and end in ctx.ends:
            # 某地自某某主题教育开展以来: the name starts after a preposition.
            j = ctx.ends[end]
            while j > ctx.starts[c] and ctx.toks[j].word not in _SUBJECT_PREPOSITIONS:
                j -= 1
            if j > ctx.starts[c] and end - ctx.toks[j].end >= 6:
                c = ctx.toks[j].end
                subject = text[c:end]
        if any(ch in subject for ch in "《》—“”") or ctx.shielded[c] or ctx.shielded[max(c, end - 1)]:
            continue
        if not (4 <= len(subject) <= 40) or end not in ctx.ends or c not in ctx.starts:
            continue
        if not any(subject.endswith(n) for n in lex.event_nouns):
            continue
        out.append(Mention(c, end, EVENT, subject, "event.clause_subject", event_norm(subject)))
    return out


def event_norm(name: str) -> str:
    """Event names compare without quotes of either width and inner spaces."""
    return re.sub(r"[\s\"“”‘’'「」]", "", name)


# --- all together ----------------------------------------------------------

_PRIORITY = {EVENT: 0, POSITION: 1, GOVERNMENT: 2, ORGANIZATION: 2, PLACE: 3, PERSON: 4, DATE: 5}


def _settle(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest of overlapping spans of one base type; drop exact duplicates."""
    by_type: dict[str, list[Mention]] = {}
    for m in mentions:
        by_type.setdefault(ORGANIZATION if m.type == GOVERNMENT else m.type, []).append(m)
    kept: list[Mention] = []
    for group in by_type.values():
        group.sort(key=lambda m: (-(m.end - m.start), m.start, m.type != GOVERNMENT, m.rule))
        owner: dict[int, Mention] = {}  # character -> the chosen mention covering it
        for m in group:
            clash = {owner[i] for i in range(m.start, m.end) if i in owner}
            # A known place at the head of a longer one stays (某某镇 in 某某镇某某村): it contains it.
            nested_head = m.type == PLACE and m.rule == "place.lexicon" and all(
                c.start == m.start and c.end > m.end for c in clash
            )
            if clash and not nested_head:
                continue
            kept.append(m)
            if not clash:
                owner.update((i, m) for i in range(m.start, m.end))
    kept.sort(key=lambda m: (m.start, -(m.end - m.start), _PRIORITY[m.type]))
    return kept


def _bare_title(position: Mention) -> bool:
    """Is the position a title alone, with no organization or place before it (代理区长)?"""
    return _title_pattern().fullmatch(position.text) is not None


def _held_positions(positions: list[Mention], persons: list[Mention], text: str) -> set[Mention]:
    """Positions followed (through 、-chains) by a person."""
    person_start = {p.start for p in persons}
    person_end = {p.end for p in persons}
    pos_start = {p.start: p for p in positions}
    held: set[Mention] = {p for p in positions if p.start in person_end}  # 某某主席
    for p in positions:
        chain = [p]
        end = p.end
        while end < len(text) and text[end] == "、" and end + 1 in pos_start:
            chain.append(pos_start[end + 1])
            end = chain[-1].end
        if end in person_start:
            held.update(chain)
    return held


def find_mentions(doc: Document, toks: list[Token] | None = None) -> list[Mention]:
    """Every mention in ``doc``, sorted by start.

    >>> [m.text for m in find_mentions(doc) if m.type == "Person"]  # doctest: +SKIP
    ["张三", "李四", ...]
    """
    toks = toks if toks is not None else segment.tokens(doc.text)
    ctx = _Ctx.build(doc.text, toks)
    found_dates = date_mentions(ctx, doc)
    orgs = organization_mentions(ctx)
    places = place_mentions(ctx)
    positions, prefix_orgs = position_mentions(ctx, orgs)
    events = event_mentions(ctx)
    # A body named like a meeting (中国人民政治协商会议) is the body.
    org_spans = {(m.start, m.end) for m in orgs}
    events = [m for m in events if (m.start, m.end) not in org_spans]
    others = _settle(orgs + prefix_orgs + places + positions + events + found_dates)
    persons = person_mentions(ctx, positions, others)
    held = _held_positions(positions, persons, doc.text)
    # A title nobody holds counts only with its organization (区政协委员 yes, 委员 no).
    others = [m for m in others if m.type != POSITION or m in held or not _bare_title(m)]
    # An organization or place word inside a person's name is not one (陈宝生 is not 宝生).
    named = _Coverage(len(doc.text), persons)
    others = [m for m in others if not (_yields_to_person(ctx, m) and named.overlaps(m.start, m.end))]
    return _settle(others + persons)
