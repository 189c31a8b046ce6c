"""Segmentation with jieba: words, part-of-speech tags and character offsets.

One jieba tokenizer per process, of our own (the global ``jieba`` stays as
it is), with the lexicons added as words: titles and event nouns so that
"区委副书记" or "研判会" come out whole, divisions and countries tagged
``ns`` so that a district is not taken for a person.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

from . import lexicon

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
    """The process-wide jieba POS tokenizer with kg's lexicons added (built once)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    lex = lexicon.load()
    base = jieba.Tokenizer()
    base.initialize()
    pos = jieba.posseg.POSTokenizer(base)
    freq, tags = base.FREQ, pos.word_tag_tab

    def add(word: str, weight: int, tag: str) -> None:
        base.add_word(word, max(freq.get(word, 0), weight), tag)

    for name in lex.divisions:
        add(name, 2000, "ns")
    for name in lex.place_alias:
        # A short form that is an everyday word (和平, 长安) stays that word.
        if len(name) >= 2 and (name not in freq or tags.get(name) == "ns"):
            add(name, 1000, "ns")
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
    return pos


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
