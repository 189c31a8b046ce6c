"""Chinese date expressions normalized against the article date."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.clean import clean_line
from kg.dates import cn_number, find_dates, is_day, start_end

REF = dt.date(2024, 7, 5)


def values(text: str, ref: dt.date | None = REF) -> list[str]:
    return [v for _, _, v in find_dates(text, ref)]


def spans(text: str, ref: dt.date | None = REF) -> list[tuple[str, str]]:
    """(matched text, value) pairs."""
    return [(text[s:e], v) for s, e, v in find_dates(text, ref)]


# --- absolute dates and ranges ---------------------------------------------------


def test_full_range():
    assert list(find_dates("于7月4日至7月6日在上海举办", REF)) == [(1, 10, "2024-07-04/2024-07-06")]


def test_range_with_day_only_end():
    assert spans("大会7月4日至6日举行") == [("7月4日至6日", "2024-07-04/2024-07-06")]


@pytest.mark.parametrize("dash", ["到", "—", "-", "～", "~"])
def test_range_separators(dash):
    assert values(f"7月4日{dash}6日") == ["2024-07-04/2024-07-06"]


def test_range_across_years():
    assert values("2024年7月4日至2025年1月3日") == ["2024-07-04/2025-01-03"]


def test_ocr_spaced_date_after_cleaning():
    """The OCR line "于 7 月 4日至 7 月 6 日在上海" once cleaned."""
    text = clean_line("于 7 月 4日至 7 月 6 日在上海")[0]
    assert spans(text) == [("7月4日至7月6日", "2024-07-04/2024-07-06")]
    assert spans(clean_line("于 7 月 5 日在西岸")[0]) == [("7月5日", "2024-07-05")]


def test_day_with_part_of_day():
    assert spans("7月4日上午，徐汇区政协主席") == [("7月4日上午", "2024-07-04")]


def test_hao_for_day():
    assert values("7月4号") == ["2024-07-04"]


def test_year_only():
    assert spans("2019年成为上海唯一入选的") == [("2019年", "2019")]


def test_year_and_month():
    assert values("2024年7月") == ["2024-07"]
    assert values("5月份") == ["2024-05"]


def test_full_date_with_year():
    assert values("2023年3月5日") == ["2023-03-05"]


def test_chinese_numeral_date():
    assert spans("二〇二四年七月四日上午") == [("二〇二四年七月四日上午", "2024-07-04")]
    assert values("十二月三十一日") == ["2024-12-31"]


def test_month_day_takes_nearest_year():
    assert values("1月3日", dt.date(2023, 12, 30)) == ["2024-01-03"]
    assert values("12月30日", dt.date(2024, 1, 2)) == ["2023-12-30"]
    assert values("7月4日", dt.date(2024, 7, 5)) == ["2024-07-04"]


def test_day_only_after_local_time():
    (found,) = spans("当地时间3日，会议开幕。")
    assert found[1] == "2024-07-03"
    assert found[0].endswith("3日")


def test_day_only_in_next_or_previous_month():
    assert values("当地时间31日", dt.date(2024, 7, 2)) == ["2024-07-31"]  # June has no 31st
    assert values("当地时间1日", dt.date(2024, 7, 30)) == ["2024-08-01"]
    assert values("当地时间30日", dt.date(2024, 8, 1)) == ["2024-07-30"]


def test_several_dates():
    assert values("7月4日至7月6日举办，8月1日闭幕") == ["2024-07-04/2024-07-06", "2024-08-01"]


def test_backwards_range_keeps_first_date():
    assert spans("7月6日至4日") == [("7月6日", "2024-07-06")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("7月4日-", ("7月4日", "2024-07-04")),
        ("7月4日至今，已有", ("7月4日", "2024-07-04")),
        ("7月4日到场", ("7月4日", "2024-07-04")),
        ("自2019年至今", ("2019年", "2019")),
    ],
)
def test_dangling_separator_not_in_span(text, expected):
    assert spans(text) == [expected]


@pytest.mark.parametrize("text", ["13月5日", "2月30日", "7月32日"])
def test_impossible_dates_ignored(text):
    assert values(text) == []


# --- relative dates ------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("今天上午", "2024-07-05"),
        ("今日", "2024-07-05"),
        ("昨天", "2024-07-04"),
        ("昨日下午", "2024-07-04"),
        ("前天", "2024-07-03"),
        ("明天", "2024-07-06"),
        ("后天", "2024-07-07"),
        ("今年", "2024"),
        ("去年", "2023"),
        ("明年", "2025"),
        ("前年", "2022"),
        ("本月", "2024-07"),
        ("上月", "2024-06"),
        ("下月", "2024-08"),
    ],
)
def test_relative_words(text, expected):
    assert spans(text) == [(text, expected)]


def test_relative_month_across_year():
    assert values("上月", dt.date(2024, 1, 10)) == ["2023-12"]
    assert values("下月", dt.date(2024, 12, 10)) == ["2025-01"]


def test_relative_day_across_month():
    assert values("昨天", dt.date(2024, 3, 1)) == ["2024-02-29"]


def test_last_year_month():
    """去年12月: the relative year is the date's year, one expression, not two."""
    assert spans("去年12月，企业数量翻番") == [("去年12月", "2023-12")]
    assert spans("去年12月", dt.date(2024, 1, 10)) == [("去年12月", "2023-12")]


def test_relative_needs_reference():
    assert values("今天上午", None) == []
    assert values("7月4日", None) == []


def test_year_given_needs_no_reference():
    assert values("2024年7月4日", None) == ["2024-07-04"]
    assert values("2019年", None) == ["2019"]


# --- not dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "一手抓经济调度",
        "徐汇已连续第七年承办",
        "全区大模型企业170家",
        "共22个大模型通过上线备案",
        "占全市三分之二",
        "瞄准全年GDP增长目标",
        "第3版",
    ],
)
def test_no_date(text):
    assert values(text) == []


def test_no_date_in_sample_numbers():
    """The sample's first article: only the real dates are found."""
    text = (
        "徐汇已连续第七年承办或参与世界人工智能大会。2019年成为上海唯一入选的全国首批战略性新兴产业集群，"
        "全区大模型企业170家，共22个大模型通过上线备案、占全市三分之二。"
    )
    assert values(text) == ["2019"]


# --- helpers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024", 2024),
        ("07", 7),
        ("二〇二四", 2024),
        ("二○二四", 2024),
        ("一九九九", 1999),
        ("七", 7),
        ("十", 10),
        ("十四", 14),
        ("二十", 20),
        ("二十三", 23),
        ("三十一", 31),
        ("两", 2),
    ],
)
def test_cn_number(text, expected):
    assert cn_number(text) == expected


def test_start_end():
    assert start_end("2024-07-04/2024-07-06") == ("2024-07-04", "2024-07-06")
    assert start_end("2024-07-04") == ("2024-07-04", None)
    assert start_end("2024-07") == ("2024-07", None)
    assert start_end("2024") == ("2024", None)


def test_is_day():
    assert is_day("2024-07-04")
    assert not is_day("2024-07")
    assert not is_day("2024")
    assert not is_day("2024-07-04/2024-07-06")


def test_offsets_are_into_the_text():
    text = "会议于今天上午和7月6日举行"
    for s, e, value in find_dates(text, REF):
        assert text[s:e] in ("今天上午", "7月6日")
        assert value in ("2024-07-05", "2024-07-06")
