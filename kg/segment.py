"""Segmentation with jieba: words, part-of-speech tags and character offsets.

One jieba tokenizer per process, of our own (the global ``jieba`` stays as
it is), with the lexicons added as words: titles and event nouns so that
"区委副书记" or "研判会" come out whole, divisions and countries tagged
``ns`` so that a district is not taken for a person. The dictionary so made
is cached on disk (:func:`cache_dir`), keyed by jieba's version, this code
and the rule files.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import marshal
import math
import os
from dataclasses import dataclass
from pathlib import Path

from . import lexicon
from .errors import KgError

# Tags we give our own lexicon words.
TITLE_TAG = "kt"
EVENT_TAG = "ke"
GROUP_TAG = "kg"


@dataclass(frozen=True, slots=True)
class Token:
    """A word of the cleaned text: ``text[start:end] == word``."""

    word: str
    tag: str
    start: int
    end: int


@functools.cache
def tokenizer():
    """The process-wide jieba POS tokenizer with kg's lexicons added (built once).

    It is jieba's ``POSTokenizer`` with a faster, exact decoder for words
    jieba's dictionary lacks (:func:`_pos_tokenizer_class`).
    """
    import jieba

    jieba.setLogLevel(logging.WARNING)
    cached = _from_cache()
    if cached is not None:
        return cached
    lex = lexicon.load()
    base = jieba.Tokenizer()
    base.initialize()
    pos = _pos_tokenizer_class()(base)
    freq, tags = base.FREQ, pos.word_tag_tab

    def add(word: str, weight: int, tag: str) -> None:
        base.add_word(word, max(freq.get(word, 0), weight), tag)

    for name in lex.divisions:
        add(name, 2000, "ns")
    for name in lex.place_alias:
        # A short form that is an everyday word (和平, 长安) stays that word; one jieba
        # tags a person's or other proper name (its dictionary has cities as nr, nz) is
        # the place, and so is a prefecture or province unless listed as no place.
        if len(name) < 2 or name in lex.not_places:
            continue
        if name not in freq:
            add(name, 1000, "ns")
        elif freq[name] and (tags.get(name) in _PROPER_TAGS or _major(lex, name)):
            add(name, 0, "ns")  # the tag only: how jieba cuts the text stays
    for name in lex.countries | lex.known_places:
        if len(name) >= 2:
            add(name, 2000, "ns")
    for word in lex.titles:
        add(word, 3000, TITLE_TAG)
    for word in lex.event_kinds:
        if len(word) >= 2:
            add(word, 3000, EVENT_TAG)
    for word in lex.group_words:
        add(word, 3000, GROUP_TAG)
    # jieba's dictionary has a few country + title words (某国总理/nr): cut them, so the
    # place and the title are seen.
    for place in lex.countries:
        for title in lex.head_of_place:
            if place + title in freq:
                base.del_word(place + title)
    for word, tag in lex.retag.items():  # corrections to jieba's tags (kg/rules/tags.toml)
        add(word, 0 if freq.get(word) else 1000, tag)
    _to_cache(pos)
    return pos


_PROPER_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nz"})


def _major(lex: lexicon.Lexicon, alias: str) -> bool:
    """Is ``alias`` the short form of a province or prefecture (a city everyone names)?"""
    return any(d.level != "county" for d in lex.divisions.get(lex.place_alias[alias], ()))


# --- the dictionary cache -----------------------------------------------------------
# jieba's dictionary with kg's words added takes ~1.2 s to build and 0.3 s to load
# from a marshal file, which matters for every process (and every short `kg` command).


def cache_dir() -> Path:
    """Where kg keeps its dictionary cache: ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``."""
    if os.environ.get("KG_CACHE_DIR"):
        return Path(os.environ["KG_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg"


def _cache_file() -> Path:
    """The cache file for this jieba, this code and these rules (any change makes a new key)."""
    import jieba

    digest = hashlib.sha1(f"{jieba.__version__}|{jieba.DEFAULT_DICT}|".encode())
    here = Path(__file__).parent
    for path in [Path(__file__), here / "lexicon.py", *sorted((here / "rules").iterdir())]:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return cache_dir() / f"jieba-{digest.hexdigest()[:16]}.marshal"


def _from_cache():
    import jieba

    try:
        freq, total, tags = marshal.loads(_cache_file().read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    base = jieba.Tokenizer()
    base.FREQ, base.total, base.initialized = freq, total, True
    pos = _pos_tokenizer_class().__new__(_pos_tokenizer_class())
    # What POSTokenizer.__init__ sets, without reading jieba's dictionary file again.
    pos.tokenizer, pos.word_tag_tab = base, tags
    return pos


def _to_cache(pos) -> None:
    from .outputs import write_atomic

    pos.makesure_userdict_loaded()
    try:
        write_atomic(_cache_file(), marshal.dumps((pos.tokenizer.FREQ, pos.tokenizer.total, pos.word_tag_tab)))
    except (KgError, OSError) as exc:  # no cache, only slower start-ups
        logging.getLogger(__name__).info("no dictionary cache: %s", exc)


@functools.cache
def _pos_tokenizer_class():
    """jieba's POS tokenizer, with the same output, faster where three quarters of its time goes.

    For a run of characters its dictionary does not cover (a name, a rare
    word), jieba.posseg decodes a hidden Markov model of 256 word-position and
    tag states (``jieba/posseg/viterbi.py``) in pure Python, state by state.
    Here the same Viterbi runs on numpy arrays, a character at a time
    (:func:`_viterbi`), which gives the same path several times faster; and
    since news repeats its names, the result for a run is kept (the last
    :data:`_RUN_CACHE` runs). ``tests/test_segment.py`` checks the output
    equals jieba.posseg's on real news.
    """
    ps = _posseg()
    viterbi = _viterbi(ps.char_state_tab_P, ps.start_P, ps.trans_P, ps.emit_P)

    cut_run = ps.POSTokenizer._POSTokenizer__cut_detail

    class POSTokenizer(ps.POSTokenizer):
        # The names jieba's own methods call (name-mangled privates of jieba 0.42).
        def _POSTokenizer__cut(self, sentence):
            pos_list = viterbi(sentence)
            begin, nexti = 0, 0
            for i, char in enumerate(sentence):
                pos = pos_list[i][0]
                if pos == "B":
                    begin = i
                elif pos == "E":
                    yield ps.pair(sentence[begin : i + 1], pos_list[i][1])
                    nexti = i + 1
                elif pos == "S":
                    yield ps.pair(char, pos_list[i][1])
                    nexti = i + 1
            if nexti < len(sentence):
                yield ps.pair(sentence[nexti:], pos_list[nexti][1])

        def _POSTokenizer__cut_DAG(self, sentence):
            # jieba.posseg's __cut_DAG, with the dictionary walk and the best route in one pass (_best_route).
            freq, tags, pair = self.tokenizer.FREQ, self.word_tag_tab, ps.pair
            ends = _best_route(sentence, freq, math.log(self.tokenizer.total))
            x, buf, n = 0, "", len(sentence)
            while x < n:
                y = ends[x] + 1
                word = sentence[x:y]
                if y - x == 1:
                    buf += word
                else:
                    if buf:
                        yield from self._buffered(buf, freq, tags)
                        buf = ""
                    yield pair(word, tags.get(word, "x"))
                x = y
            if buf:
                yield from self._buffered(buf, freq, tags)

        def _buffered(self, buf, freq, tags):
            # Single characters the route left: one tag each, or a run the HMM decodes if no dictionary word.
            if len(buf) == 1:
                return (ps.pair(buf, tags.get(buf, "x")),)
            if not freq.get(buf):
                return self._run(buf)
            return tuple(ps.pair(c, tags.get(c, "x")) for c in buf)

        def _POSTokenizer__cut_detail(self, sentence):
            return iter(self._run(sentence))

        @functools.lru_cache(maxsize=_RUN_CACHE)
        def _run(self, sentence):
            return tuple(cut_run(self, sentence))

    return POSTokenizer


def _best_route(sentence: str, freq: dict, logtotal: float) -> list[int]:
    """For each start, the end of the word on jieba's best route through ``sentence`` (``Tokenizer.calc``).

    jieba first lists every dictionary word at every start (``get_DAG``) and
    then scores routes from the end; this does both in one pass from the end,
    with the same sums in the same order and ties going to the longer word, so
    the route is the same.
    """
    n = len(sentence)
    log = math.log
    score = [0.0] * (n + 1)
    ends = [0] * n
    for k in range(n - 1, -1, -1):
        best = end = None
        i, frag = k, sentence[k]
        while i < n:
            f = freq.get(frag)
            if f is None:  # no dictionary word starts so
                break
            if f:
                s = log(f) - logtotal + score[i + 1]
                if best is None or s >= best:
                    best, end = s, i
            i += 1
            frag = sentence[k : i + 1]
        if best is None:
            best, end = log(freq.get(sentence[k]) or 1) - logtotal + score[k + 1], k
        score[k], ends[k] = best, end
    return ends


def _viterbi(states: dict, start_p: dict, trans_p: dict, emit_p: dict):
    """jieba.posseg's Viterbi decoder (``viterbi(obs, states, start_p, trans_p, emit_p)[1]``) on numpy arrays.

    Each step adds the same three numbers in the same order as jieba does,
    so the scores are equal to the bit, and ties go the same way: jieba keeps
    the greatest ``(score, state)`` tuple, and here states are numbered from
    the greatest down, so numpy's ``argmax`` (the first of equal scores) picks
    the same one.
    """
    import numpy as np

    order = sorted(trans_p, reverse=True)
    sid = {s: i for i, s in enumerate(order)}
    n = len(order)
    trans = np.full((n, n), float("-inf"))  # jieba scores a transition the model lacks -inf
    for y0, targets in trans_p.items():
        for y, p in targets.items():
            trans[sid[y0], sid[y]] = p
    reach = trans > float("-inf")
    goes_on = reach.any(axis=1)  # jieba drops states with no transition from the candidates before
    start = np.array([start_p.get(s, float("-inf")) for s in order])
    every, ids_of, emit_of = np.arange(n), {}, {}

    def ids(ch: str):
        found = ids_of.get(ch)
        if found is None:
            seen = states.get(ch)
            found = ids_of[ch] = every if seen is None else np.array(sorted(sid[s] for s in seen))
        return found

    def emit(ch: str):
        found = emit_of.get(ch)
        if found is None:
            found = emit_of[ch] = np.array([emit_p[s].get(ch, _MIN_FLOAT) for s in order])
        return found

    def viterbi(obs: str) -> list:
        cur = ids(obs[0])
        score = start[cur] + emit(obs[0])[cur]
        cols, back = [cur], []
        for ch in obs[1:]:
            keep = goes_on[cur]
            prev, prev_score = (cur, score) if keep.all() else (cur[keep], score[keep])
            expect = reach[prev].any(axis=0)
            mask = np.zeros(n, dtype=bool)
            mask[ids(ch)] = True
            mask &= expect
            if not mask.any():
                mask = expect if expect.any() else np.ones(n, dtype=bool)
            cur = np.flatnonzero(mask)
            scores = prev_score[:, None] + trans[prev[:, None], cur]
            scores += emit(ch)[cur]
            best = scores.argmax(axis=0)
            score = scores[best, np.arange(len(cur))]
            cols.append(cur)
            back.append(prev[best])
        state = cur[int(score.argmax())]
        route = [None] * len(obs)
        for t in range(len(obs) - 1, -1, -1):
            route[t] = order[state]
            if t:
                state = back[t - 1][np.searchsorted(cols[t], state)]
        return route

    return viterbi


def _posseg():
    """``jieba.posseg``, imported without reading the tags of jieba's dictionary for its global tokenizer.

    Importing jieba.posseg makes a global POS tokenizer (``jieba.posseg.dt``)
    that reads the tags of all 350,000 words of jieba's dictionary file at
    once: a third of a second, a third of kg's start-up. kg tags with its own
    tokenizer, whose tags come from kg's cache, so the global one gets a table
    that reads the file the first time anything looks a tag up in it: it
    behaves as before, and costs nothing if nothing uses it.
    """
    import sys

    if "jieba.posseg" in sys.modules:
        return sys.modules["jieba.posseg"]
    import io

    import jieba

    jieba.dt.get_dict_file = lambda: io.BytesIO()  # read by the global tokenizer as it is made
    try:
        import jieba.posseg as ps
    finally:
        del jieba.dt.get_dict_file
    ps.dt.word_tag_tab = _LazyTags(ps.dt)
    return ps


class _LazyTags(dict):
    """A POS tokenizer's word -> tag table, read from its dictionary when first used (see :func:`_posseg`)."""

    def __init__(self, owner) -> None:
        super().__init__()
        self._owner, self._table = owner, None

    def _load(self) -> dict:
        if self._table is None:  # read once, even for a caller that kept this object
            owner = self._owner
            type(owner).load_word_tag(owner, owner.tokenizer.get_dict_file())  # sets owner.word_tag_tab to a plain dict
            self._table = owner.word_tag_tab
            self._table.update(dict.items(self))  # anything added before it was read
        return self._table

    def get(self, key, default=None):
        return self._load().get(key, default)

    def __getitem__(self, key):
        return self._load()[key]

    def __contains__(self, key) -> bool:
        return key in self._load()

    def __iter__(self):
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())

    def keys(self):
        return self._load().keys()

    def items(self):
        return self._load().items()

    def values(self):
        return self._load().values()


_MIN_FLOAT = -3.14e100
_RUN_CACHE = 100_000


def word_freq(word: str) -> int:
    """How often jieba's dictionary has seen ``word`` (0 if it does not list it)."""
    return tokenizer().tokenizer.FREQ.get(word, 0) or 0


def tokens(text: str) -> list[Token]:
    """Segment ``text`` into tagged tokens with offsets.

    >>> [t.word for t in tokens("区委书记出席会议")]  # doctest: +SKIP
    ['区委书记', '出席', '会议']
    """
    out: list[Token] = []
    pos = 0
    for pair in tokenizer().cut(text):
        word = pair.word
        end = pos + len(word)
        out.append(Token(word, pair.flag, pos, end))
        pos = end
    return out
