"""Cleaning an OCR'd page: reflow, headlines, subheads, article split, offsets."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from kg.clean import clean, clean_line, infer_date
from kg.model import RawArticle
from kg.read import read_text

from conftest import SAMPLE

TITLE_1 = "2024世界人工智能大会徐汇活动精彩纷呈"
TITLE_2 = "徐汇区委季度工作会议暨经济运行分析会、安全稳定形势研判会举行"
SUBHEADS = ("咬定目标狠抓落实", "创新驱动改革破题")


@pytest.fixture(scope="module")
def raw():
    return read_text(SAMPLE)


@pytest.fixture(scope="module")
def docs(raw):
    return clean(raw)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- the sample page --------------------------------------------------------


def test_sample_is_three_articles(docs):
    assert len(docs) == 3
    assert [d.id for d in docs] == ["xuhui-2024-07-05-1", "xuhui-2024-07-05-2", "xuhui-2024-07-05-3"]
    assert all(d.source == str(SAMPLE) for d in docs)


def test_headlines_go_to_their_articles(docs):
    assert [d.title for d in docs] == [TITLE_1, TITLE_2, None]


def test_title_is_first_line(docs):
    for doc in docs:
        if doc.title:
            assert doc.text.split("\n", 1)[0] == doc.title
            assert doc.text[: doc.title_end] == doc.title
        else:
            assert doc.title_end == 0


def test_articles_start_where_expected(docs):
    """Each body opens with the article's first sentence (the headline line above it excluded)."""
    bodies = [d.text[d.title_end :].lstrip("\n") for d in docs]
    assert bodies[0].startswith("2024世界人工智能大会于7月4日至7月6日在上海举办")
    assert bodies[1].startswith("7月4日，徐汇区委季度工作会议")
    assert bodies[2].startswith("7月4日上午，徐汇区政协主席黄冲带领")


def test_articles_end_where_expected(docs):
    assert docs[0].text.endswith("贡献徐汇力量。")
    assert docs[1].text.endswith("打开工作新局面。")
    assert docs[2].text.endswith("感受到党和政府的关怀。")


def test_subheads_removed_from_text_and_recorded(docs):
    second = docs[1]
    assert second.subheads == SUBHEADS
    for sub in SUBHEADS + ("咬定目标 狠抓落实", "创新驱动 改革破题"):
        assert sub not in second.text
    assert docs[0].subheads == () and docs[2].subheads == ()


def test_continuation_marker_removed(docs):
    for doc in docs:
        assert "下转" not in doc.text
        assert "第3版" not in doc.text
        assert "（）" not in doc.text


def test_truncated_top_headline_dropped(docs):
    """The page opens with the tail of a headline from the previous page; it belongs to no article."""
    for doc in docs:
        assert "徐汇区举办" not in doc.text
        assert "新时代好少年" not in doc.text


def test_headlines_at_page_end_not_in_last_body(docs):
    assert TITLE_1 not in docs[2].text
    assert TITLE_2 not in docs[2].text


def test_column_lines_reflowed(docs):
    """Sentences broken at the column width come out whole; paragraphs are lines."""
    second = docs[1].text
    assert "区委书记曹立强，区委副书记、代理区长王华" in second
    assert "区领导刘琪、何雅、俞林伟、秦丽萍、习挺松、徐国文、吴捷、王志华、邓大伟、施斌等出席会议。" in second
    assert "徐汇区政协主席黄冲带领区党代表、区人大代表、区政协委员和律师代表组团来到华泾镇华发居民区" in docs[2].text
    for doc in docs:
        for paragraph in doc.text[doc.title_end :].strip("\n").split("\n"):
            assert paragraph.endswith("。"), paragraph


def test_paragraph_count(docs):
    assert [len(d.text[d.title_end :].strip("\n").split("\n")) for d in docs] == [5, 5, 5]


def test_spaces_between_cjk_dropped(docs):
    text = "\n".join(d.text for d in docs)
    assert "7 月" not in text and "4 日" not in text
    assert docs[1].text.count("7月4日") == 1
    assert "于7月4日至7月6日在上海举办" in docs[0].text
    assert "于7月5日在西岸智塔西塔楼一层西岸厅举办" in docs[0].text
    assert "2019年成为上海唯一入选" in docs[0].text
    assert "全年GDP增长目标" in docs[1].text
    assert not re.search(r"[\u4e00-\u9fff，。、] |  ", text)


def test_ascii_next_to_cjk_loses_space(docs):
    assert "包括AI女性菁英论坛" in docs[0].text
    assert "“加速‘人工智能+’构筑新质生产力”" in docs[0].text


def test_no_raw_whitespace_left(docs):
    for doc in docs:
        assert "\r" not in doc.text and "\t" not in doc.text and "\u3000" not in doc.text
        assert "\n\n" not in doc.text


def test_document_date_from_file_name(docs):
    assert all(d.date == dt.date(2024, 7, 5) for d in docs)


def test_document_date_from_text_when_file_name_has_none(raw):
    undated = RawArticle(id="page", text=raw.text, source="page.txt")
    docs = clean(undated)
    # Only the first article names its year (2024世界人工智能大会 ... 7月4日).
    assert [d.date for d in docs] == [dt.date(2024, 7, 4), None, None]
    assert [d.date_source for d in docs] == ["text", "none", "none"]


# --- offsets back into the raw text ------------------------------------------


def test_raw_offsets_length(docs):
    for doc in docs:
        assert len(doc.raw_offsets) == len(doc.text) + 1


@pytest.mark.parametrize(
    "needle",
    [
        "曹立强",
        "黄冲",
        "王华",
        "7月4日",
        "AI女性",
        "GDP增长",
        "区委书记曹立强，区委副书记、代理区长王华",  # crosses an OCR line break
        "于7月4日至7月6日在上海举办",
        TITLE_1,
        TITLE_2,
    ],
)
def test_raw_span_maps_back(raw, docs, needle):
    """Every occurrence maps to a raw slice equal to it once OCR spaces and line breaks go."""
    found = 0
    for doc in docs:
        for m in re.finditer(re.escape(needle), doc.text):
            span = doc.raw_span(m.start(), m.end())
            assert span is not None
            a, b = span
            assert _squash(raw.text[a:b]) == needle
            assert raw.text[a] == needle[0] and raw.text[b - 1] == needle[-1]
            found += 1
    assert found >= 1


def test_every_mention_sized_span_maps_back(raw, docs):
    """Not just chosen names: every 2-character window of every paragraph maps back exactly."""
    for doc in docs:
        for i in range(len(doc.text) - 1):
            piece = doc.text[i : i + 2]
            if "\n" in piece:
                continue
            a, b = doc.raw_span(i, i + 2)
            assert _squash(raw.text[a:b]) == _squash(piece)


def test_title_maps_to_headline_at_page_end(raw, docs):
    a, b = docs[0].raw_span(0, docs[0].title_end)
    assert raw.text[a:b] == TITLE_1
    assert a > raw.text.index("的关怀。")


def test_raw_span_of_empty_span_is_none(docs):
    assert docs[0].raw_span(3, 3) is None


# --- clean_line -------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("7 月 4 日", "7月4日"),
        ("于 7 月 4日至 7 月 6 日在上海", "于7月4日至7月6日在上海"),
        ("AI 女性 菁英论坛", "AI女性菁英论坛"),
        ("GPT 4 与 Hello   World", "GPT 4与Hello World"),
        ("ＧＤＰ２０２４", "GDP2024"),
        ("ＡＩ　女性", "AI女性"),  # ideographic space is a space too
        ("（下转），徐汇。区委！", "（下转），徐汇。区委！"),
        ("“模速 空间”", "“模速空间”"),
    ],
)
def test_clean_line(raw, expected):
    assert clean_line(raw)[0] == expected


def test_clean_line_offsets():
    text, offsets = clean_line("ＧＤＰ 增 长", base=100)
    assert text == "GDP增长"
    assert offsets == [100, 101, 102, 104, 106]


def test_clean_line_offsets_of_kept_space():
    text, offsets = clean_line("AI  GPT")
    assert text == "AI GPT"
    assert offsets[2] == 2  # the kept space points at the first raw space


def test_fullwidth_normalized_in_document():
    raw = RawArticle(id="a", text="ＧＤＰ２０２４年增长５％，（全年）目标：达成。", source="a.txt")
    (doc,) = clean(raw)
    assert doc.text == "GDP2024年增长5%，（全年）目标：达成。"


# --- non-OCR text and JSONL articles ------------------------------------------


PARAGRAPHS = [
    "7月4日，某区召开全区工作会议，部署下半年重点任务。",
    "会议指出，要坚持稳中求进工作总基调，全力以赴完成全年目标任务。",
    "会议强调，要进一步优化营商环境，服务企业发展。",
    "会议要求，各部门要加强协同配合，狠抓工作落实。",
]


def test_plain_paragraphs_kept_as_lines():
    raw = RawArticle(id="n1", text="\n".join(PARAGRAPHS), source="news.jsonl", title="某区召开工作会议", line=1)
    (doc,) = clean(raw)
    assert doc.text == "某区召开工作会议\n" + "\n".join(PARAGRAPHS)
    assert doc.title == "某区召开工作会议" and doc.title_end == 8
    assert doc.id == "n1"


def test_plain_text_page_paragraphs_kept():
    raw = RawArticle(id="p", text="\n\n".join(PARAGRAPHS) + "\n", source="p.txt")
    (doc,) = clean(raw)
    assert doc.text == "\n".join(PARAGRAPHS)


def test_jsonl_title_has_no_raw_offsets_but_body_does():
    body = "\n".join(PARAGRAPHS)
    raw = RawArticle(id="n1", text=body, source="news.jsonl", title="某区召开工作会议", line=1)
    (doc,) = clean(raw)
    assert doc.raw_span(0, doc.title_end) is None
    start = doc.text.index("全年目标任务")
    a, b = doc.raw_span(start, start + 6)
    assert body[a:b] == "全年目标任务"


def test_jsonl_article_not_split():
    """A JSONL line is one article even with datelines and continuation markers inside."""
    text = (
        "本报讯 张三出席了会议。\n"
        "本报讯 另一条消息，王五表示同意。\n"
        "（下转第3版）\n"
        "新华社北京7月4日电 第三条消息结束。"
    )
    jsonl = clean(RawArticle(id="j", text=text, source="a.jsonl", line=4))
    assert len(jsonl) == 1
    assert jsonl[0].id == "j"
    assert jsonl[0].line == 4
    page = clean(RawArticle(id="t", text=text, source="a.txt"))
    assert [d.id for d in page] == ["t-1", "t-2", "t-3"]


def test_split_articles_option_overrides():
    text = "本报讯 张三出席了会议。\n本报讯 另一条消息，王五表示同意。"
    assert len(clean(RawArticle(id="t", text=text, source="a.txt"), split_articles=False)) == 1
    assert len(clean(RawArticle(id="j", text=text, source="a.jsonl", line=1), split_articles=True)) == 2


def test_jsonl_title_cleaned():
    raw = RawArticle(id="j", text="正文。", source="a.jsonl", title="ＡＩ 大会 开幕", line=1)
    assert clean(raw)[0].title == "AI大会开幕"


def test_jsonl_date_and_url_carried():
    raw = RawArticle(id="j", text="正文。", source="a.jsonl", date=dt.date(2023, 1, 2), url="https://x.org/1", line=9)
    (doc,) = clean(raw)
    assert (doc.date, doc.url, doc.line) == (dt.date(2023, 1, 2), "https://x.org/1", 9)


def test_empty_text_gives_no_documents():
    assert clean(RawArticle(id="e", text=" \n\n　\n", source="e.txt")) == []


# --- infer_date ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024年7月4日上午，会议举行。", dt.date(2024, 7, 4)),
        ("2024世界人工智能大会于7月4日至7月6日举办。", dt.date(2024, 7, 4)),
        ("2023年，公司于3月5日成立。", dt.date(2023, 3, 5)),
        ("会议将于2024年举行，具体日期待定。", None),  # a year but no month and day
        ("7月4日，会议举行。", None),  # no year
        ("没有日期。", None),
        ("2024年13月40日", None),  # not a date
    ],
)
def test_infer_date(text, expected):
    assert infer_date(text) == expected


# --- real archives (../shared) ------------------------------------------------


BRIEFS = """央视网消息（新闻联播）：
今天全国交通出行平稳有序
今天（1月1日），全国交通出行整体平稳有序。铁路预计发送旅客470万人次，其中珠三角地区预计发送旅客80多万人次。
今起进口关税配额全面实施联网核查无纸化通关
近日，海关总署、国家发展改革委、商务部发布联合公告，决定自2023年1月1日起对进口关税配额全面实施联网核查、无纸化通关。
白鹤滩水电站外送特高压输电通道全部建成投运
我国“西电东送”重点工程——白鹤滩送浙江±800千伏特高压直流输电工程日前竣工投产。"""


def test_jsonl_brief_headlines_not_glued_to_paragraphs():
    (doc,) = clean(RawArticle(id="b", text=BRIEFS, source="a.jsonl", title="国内联播快讯", line=1))
    assert "平稳有序今天" not in doc.text
    assert "无纸化通关近日" not in doc.text
    assert "建成投运我国" not in doc.text


def test_xwlb_articles_are_never_split():
    """Every article of a real JSONL archive cleans to at most one document, with its own id."""
    from kg.read import read_jsonl

    from conftest import XWLB, shared_file

    count = 0
    for raw in read_jsonl(shared_file(XWLB)):
        docs = clean(raw)
        assert len(docs) <= 1, raw.id
        if docs:
            assert docs[0].id == raw.id
            assert docs[0].title == clean_line(raw.title)[0]
            assert docs[0].date == raw.date
            count += 1
    assert count > 1000
