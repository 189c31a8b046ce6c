"""kg's tokenizer gives exactly what jieba.posseg gives with the same dictionary, only faster."""

from __future__ import annotations

import itertools
import json

import jieba.posseg

from kg import segment

from conftest import SAMPLE, XWLB, shared_file


def _texts() -> list[str]:
    with shared_file(XWLB).open(encoding="utf-8") as fh:
        return [SAMPLE.read_text(encoding="utf-8")] + [json.loads(line)["text"] for line in itertools.islice(fh, 300)]


def test_same_words_and_tags_as_jieba_posseg():
    ours = segment.tokenizer()
    # jieba's own POS tokenizer over the same dictionary (kg's lexicon words added).
    theirs = jieba.posseg.POSTokenizer(ours.tokenizer)
    theirs.word_tag_tab = ours.word_tag_tab
    for text in _texts():
        expected = [(p.word, p.flag) for p in theirs.cut(text)]
        assert [(p.word, p.flag) for p in ours.cut(text)] == expected
        # Twice: the second time from the cache of runs.
        assert [(t.word, t.tag) for t in segment.tokens(text)] == expected


def test_tokens_slice_back():
    text = "2024年7月4日，区委书记在华泾镇调研，与居民代表座谈。"
    toks = segment.tokens(text)
    assert "".join(t.word for t in toks) == text
    assert all(text[t.start : t.end] == t.word for t in toks)
    assert "区委书记" in [t.word for t in toks]


def test_the_dictionary_cache_gives_the_same_tokenizer(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    built = segment.tokenizer.__wrapped__()  # builds the dictionary and writes the cache
    (cache,) = tmp_path.glob("jieba-*.marshal")
    loaded = segment.tokenizer.__wrapped__()  # reads it
    assert loaded.tokenizer.FREQ == built.tokenizer.FREQ and loaded.word_tag_tab == built.word_tag_tab
    text = SAMPLE.read_text(encoding="utf-8")
    assert [(p.word, p.flag) for p in loaded.cut(text)] == [(p.word, p.flag) for p in built.cut(text)]
    # A damaged cache is rebuilt, not trusted.
    cache.write_bytes(b"not marshal")
    again = segment.tokenizer.__wrapped__()
    assert again.tokenizer.FREQ == built.tokenizer.FREQ


_GLOBAL_POSSEG = """
import json, sys
if sys.argv[1] == "kg":
    from kg import segment
    segment.tokenizer()  # imports jieba.posseg with its global tags left unread
import jieba, jieba.posseg
jieba.setLogLevel(60)
jieba.add_word("乙丙新区", tag="ns")  # a user word, added before the global tags are first read
text = "国务院总理在乙丙新区主持召开座谈会，外交部发言人回答了记者提问。"
print(json.dumps([(p.word, p.flag) for p in jieba.posseg.cut(text)], ensure_ascii=False))
"""


def test_global_jieba_posseg_tags_as_before_once_kg_is_loaded():
    import subprocess
    import sys

    def run(mode: str) -> list:
        out = subprocess.run([sys.executable, "-c", _GLOBAL_POSSEG, mode], capture_output=True, text=True, check=True)
        return json.loads(out.stdout)

    plain = run("plain")
    assert ["乙丙新区", "ns"] in plain and ["主持", "v"] in plain
    assert run("kg") == plain


def test_viterbi_gives_jiebas_path_on_unusual_runs():
    """Rare and unknown characters, long runs and single characters: the path jieba's own decoder finds."""
    import jieba.posseg as ps
    from jieba.posseg.viterbi import viterbi

    ours = segment._viterbi(ps.char_state_tab_P, ps.start_P, ps.trans_P, ps.emit_P)
    for run in ["喆", "龘靐齉", "𠮷野家", "☃雪人", "尼古拉耶维奇斯基", "甲乙丙丁戊己庚辛壬癸子丑寅卯", "乂", "ab中"]:
        assert ours(run) == viterbi(run, ps.char_state_tab_P, ps.start_P, ps.trans_P, ps.emit_P)[1], run
