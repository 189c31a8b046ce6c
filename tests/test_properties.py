"""Property tests (hypothesis): cleaning keeps every CJK character, offsets slice back,
the RDF always parses, and no bytes crash `kg build`. Example counts are bounded so the
file runs in seconds."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from kg import clean, markup
from kg.cli import main
from kg.model import RawArticle
from kg.pipeline import extract_document
from kg.corpus import build_graph

from conftest import SAMPLE

FEW = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEWER = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")
# Characters that make cleaning work: CJK (also outside the BMP), spaces of every kind,
# full-width letters and digits, punctuation, quotes, control and zero-width characters.
cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF) | st.sampled_from("徐汇区委书记曹立强出席会议𠀀𪚥")
noise = st.sampled_from(list(" \u3000\t\xa0\u200b\ufeff\x00\x07ＡＢ１２３ab12，、；：“”‘’《》（）()-—…·"))
fragment = st.text(cjk | noise, min_size=1, max_size=30)
paragraph = st.builds(lambda body, end: body + end, fragment.filter(lambda s: _CJK.search(s)), st.sampled_from("。！？"))
paragraphs = st.lists(paragraph, min_size=1, max_size=6)
breaks = st.sampled_from(["\n", "\r\n", "\n\n", "\n \u3000", "\u2028"])


def _cjk(text: str) -> list[str]:
    return _CJK.findall(text)


@FEW
@given(st.text(cjk | noise | st.sampled_from("\n\r"), max_size=80))
def test_clean_line_keeps_every_cjk_character(raw):
    text, offsets = clean.clean_line(raw.replace("\n", "").replace("\r", ""))
    assert _cjk(text) == _cjk(raw)
    assert len(offsets) == len(text)
    for ch, off in zip(text, offsets, strict=True):
        if _CJK.match(ch):
            assert raw.replace("\n", "").replace("\r", "")[off] == ch


@FEW
@given(paragraphs, breaks, st.booleans())
def test_clean_keeps_every_cjk_character(paras, sep, page):
    raw_text = sep.join(paras)
    raw = RawArticle(id="p", text=raw_text, source="p.txt" if page else "p.jsonl", line=None if page else 1)
    docs = clean.clean(raw)
    assert _cjk("".join(d.text for d in docs)) == _cjk(raw_text)
    for doc in docs:  # every CJK character maps back to itself in the raw text
        for i, ch in enumerate(doc.text):
            if _CJK.match(ch):
                assert raw_text[doc.raw_offsets[i]] == ch


tags = st.sampled_from(["<p>", "</p>", "<br/>", "<div class=\"a\">", "</div>", "<b>", "</b>", "&amp;", "&ldquo;",
                        "&nbsp;", "&#20013;", "<!-- 注释 -->", "<script>var s = '<p>脚本</p>';</script>"])


@FEW
@given(st.lists(fragment | tags, min_size=1, max_size=12))
def test_html_reduction_keeps_text_and_maps_back(pieces):
    html = "<p>" + "".join(pieces) + "</p>"
    text, omap = markup.reduce(html)
    # What a browser shows: no script, comment or tag; &#20013; is 中.
    shown = re.sub(r"<script>.*?</script>|<!--.*?-->|<[^>]*>", "", html).replace("&#20013;", "中")
    assert _cjk(text) == _cjk(shown)
    assert "脚本" not in text and "注释" not in text
    for i, ch in enumerate(text):
        if _CJK.match(ch) and html[omap[i]] != "&":
            assert html[omap[i]] == ch


@st.composite
def articles(draw):
    """A document made of real sentences of the sample and random ones."""
    real = [s + "。" for s in re.split(r"[。\n]", clean.clean(RawArticle("s", SAMPLE_TEXT, "s.txt"))[1].text) if s]
    chosen = draw(st.lists(st.sampled_from(real) | paragraph, min_size=1, max_size=5))
    title = draw(st.none() | st.text(cjk | noise | st.sampled_from('<>"&\\'), max_size=20))
    ident = draw(st.text(min_size=1, max_size=12).filter(lambda s: s.strip() and not re.search("[\ud800-\udfff]", s)))
    return RawArticle(id=ident, text="\n".join(chosen), source="a.jsonl", title=title, line=1)


@FEWER
@given(articles())
def test_offsets_slice_back_to_mentions(raw):
    for doc in clean.clean(raw):
        ex = extract_document(doc)
        for m in ex.mentions:
            assert doc.text[m.start : m.end] == m.text
        for e in ex.events:
            assert 0 <= e.start < e.end <= len(doc.text)
        for r in ex.relations:
            assert 0 <= r.start <= r.end <= len(doc.text)


@FEWER
@given(st.lists(articles(), min_size=1, max_size=3))
def test_rdf_always_parses(raws):
    extractions = [extract_document(doc) for raw in raws for doc in clean.clean(raw)]
    g = build_graph(extractions)
    for fmt in ("turtle", "nt"):
        again = Graph().parse(data=g.serialize(format=fmt), format=fmt)
        assert len(again) == len(g)
    iris = {term for triple in g for term in triple if isinstance(term, URIRef)}
    assert not [iri for iri in iris if re.search(r"[\s<>\"{}|\\^`]", iri)]


def _build_exits_cleanly(tmp_path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(out), "--allow-empty"])
    # 0: built (maybe empty, maybe with skipped lines); 1: nothing could be read. Never a crash.
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        Graph().parse(out / "graph.ttl", format="turtle")
    else:
        assert result.stderr.strip().splitlines()[-1].startswith("Error: ")


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["page.txt", "page.html", "news.jsonl"]))
def test_random_bytes_never_crash_build(tmp_path_factory, data, name):
    _build_exits_cleanly(tmp_path_factory.mktemp("fuzz"), name, data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=5,
)
records = st.fixed_dictionaries({}, optional={k: json_values | fragment for k in ("id", "title", "date", "text", "url")})


@FEW
@given(st.lists(records | json_values, min_size=1, max_size=4))
def test_random_archive_lines_never_crash_build(tmp_path_factory, lines):
    data = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines).encode("utf-8", "surrogatepass")
    _build_exits_cleanly(tmp_path_factory.mktemp("fuzz"), "news.jsonl", data)
