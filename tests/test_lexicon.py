"""The rule files load, are checked, and hold generic knowledge only."""

from __future__ import annotations

import re

import pytest

from kg import lexicon
from kg.errors import RuleError
from conftest import ROOT

# Names that occur in the sample and the test articles: none may be in kg/.
SPECIFIC = ["曹立强", "王华", "沈权", "黄冲", "俞林伟", "秦丽萍", "习挺松", "邓大伟", "西岸智塔", "模速空间", "华发居民区",
            "华泾镇", "满意在徐汇", "新质生产力", "李克强", "莱希", "栗战书", "别尔德穆哈梅多夫", "韩正", "人民大会堂",
            "上海交通大学", "上海人工智能实验室", "世界人工智能大会", "全人类共同价值"]


def test_rules_load_once_with_expected_sizes():
    lex = lexicon.load()
    assert lexicon.load() is lex
    assert len(lex.surnames) > 400 and "欧阳" in lex.compound_surnames
    assert {"书记", "副书记", "代理区长", "主席", "总理", "首席执行官"} <= lex.titles
    assert "研究院" in lex.org_suffixes and "区委" in lex.org_suffixes
    assert lex.event_kinds["论坛"] == "Forum" and lex.event_kinds["大会"] == "Conference"
    assert len([d for ds in lex.divisions.values() for d in ds if d.level == "county"]) > 2500


def test_divisions_know_their_parents():
    lex = lexicon.load()
    assert lex.parent_of("徐汇区") == "上海市"
    assert lex.canonical_place("上海") == "上海市"
    assert lex.canonical_place("广西") == "广西壮族自治区"
    assert lex.parent_of("朝阳区") is None  # two of them: ambiguous


def test_no_specific_names_in_the_package():
    text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "kg").rglob("*") if p.suffix in {".py", ".toml", ".txt", ".tsv"})
    found = [name for name in SPECIFIC if name in text]
    assert not found, f"specific names in kg/: {found}"


def test_malformed_rule_file_is_reported(monkeypatch, tmp_path):
    for f in (ROOT / "kg" / "rules").iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / "events.toml").write_text("[kinds.Forum]\nrank = 'high'\nnouns = ['论坛']\n", encoding="utf-8")
    monkeypatch.setattr(lexicon, "RULES", tmp_path)
    lexicon.load.cache_clear()
    try:
        with pytest.raises(RuleError, match="events.toml"):
            lexicon.load()
        (tmp_path / "events.toml").write_text("kinds = [", encoding="utf-8")
        with pytest.raises(RuleError, match=re.escape("kg/rules/events.toml")):
            lexicon.load()
    finally:
        monkeypatch.undo()
        lexicon.load.cache_clear()


def test_a_character_rule_must_be_characters(monkeypatch, tmp_path):
    for f in (ROOT / "kg" / "rules").iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    persons = (tmp_path / "persons.toml").read_text(encoding="utf-8")
    (tmp_path / "persons.toml").write_text(persons.replace('name_tails = "曾摄"', "name_tails = 3"), encoding="utf-8")
    monkeypatch.setattr(lexicon, "RULES", tmp_path)
    lexicon.load.cache_clear()
    try:
        with pytest.raises(RuleError, match=re.escape("kg/rules/persons.toml: [not_given.name_tails] must be a string")):
            lexicon.load()
    finally:
        monkeypatch.undo()
        lexicon.load.cache_clear()


def test_tag_corrections_are_checked_and_applied(monkeypatch, tmp_path):
    from kg import segment

    # jieba's dictionary tags 会见 a noun and 前往 a time word; kg's tokenizer makes them verbs,
    # and cuts a country + title word its dictionary has as a name (某国总理/nr).
    tags = {t.word: t.tag for t in segment.tokens("他前往机场会见德国总理。")}
    assert tags["会见"] == "v" and tags["前往"] == "v"
    assert tags["德国"] == "ns" and tags["总理"] == segment.TITLE_TAG
    for f in (ROOT / "kg" / "rules").iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    monkeypatch.setattr(lexicon, "RULES", tmp_path)
    lexicon.load.cache_clear()
    try:
        (tmp_path / "tags.toml").write_text("[retag]\nverb = ['会见']\n", encoding="utf-8")
        with pytest.raises(RuleError, match="tags.toml.*no jieba tag"):
            lexicon.load()
        (tmp_path / "tags.toml").write_text("[retag]\nv = ['会见']\nn = ['会见']\n", encoding="utf-8")
        with pytest.raises(RuleError, match="two tags"):
            lexicon.load()
    finally:
        monkeypatch.undo()
        lexicon.load.cache_clear()
