"""Reading inputs: encodings, JSONL archives, dates from file names, clear errors."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kg.errors import InputError, KgError
from kg.read import date_from_filename, decode, parse_date, read_articles, read_jsonl, read_text

from conftest import SAMPLE

TEXT = SAMPLE.read_text(encoding="utf-8")


# --- decode ---------------------------------------------------------------


def test_decode_utf8():
    assert decode(TEXT.encode("utf-8")) == TEXT


def test_decode_utf8_bom_is_stripped():
    decoded = decode(TEXT.encode("utf-8-sig"))
    assert decoded == TEXT
    assert not decoded.startswith("\ufeff")


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_decode_utf16_with_bom(encoding, bom):
    decoded = decode(bom + TEXT.encode(encoding))
    assert decoded == TEXT
    assert not decoded.startswith("\ufeff")


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_decode_gbk_family(encoding):
    assert decode(TEXT.encode(encoding)) == TEXT


def test_decode_gb18030_only_characters():
    """Characters outside GBK (here an emoji and a rare CJK extension B ideograph) still read."""
    text = "徐汇🙂𠀀区"
    assert decode(text.encode("gb18030")) == text


def test_decode_binary_names_the_file():
    with pytest.raises(InputError, match=r"photo\.jpg.*binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.jpg")


def test_decode_neither_utf8_nor_gb18030():
    with pytest.raises(InputError, match=r"page\.txt: not UTF-8"):
        decode(b"\x81", "page.txt")


def test_decode_damaged_utf8_after_bom():
    with pytest.raises(InputError, match=r"page\.txt: invalid utf-8"):
        decode(b"\xef\xbb\xbf\xff\xfe\xfd", "page.txt")


def test_input_error_is_a_kg_error():
    assert issubclass(InputError, KgError)


# --- text pages -------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding, prefix",
    [
        ("utf-8", b""),
        ("utf-8-sig", b""),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("gbk", b""),
        ("gb18030", b""),
    ],
)
def test_read_text_round_trips_every_encoding(tmp_path, encoding, prefix):
    path = tmp_path / SAMPLE.name
    path.write_bytes(prefix + TEXT.encode(encoding))
    article = read_text(path)
    assert article.text == TEXT
    assert [a.text for a in read_articles([path])] == [TEXT]


def test_read_text_fields():
    article = read_text(SAMPLE)
    assert article.id == "xuhui-2024-07-05"
    assert article.source == str(SAMPLE)
    assert article.date == dt.date(2024, 7, 5)
    assert article.line is None and article.title is None and article.url is None


def test_read_text_given_date_wins_over_filename():
    assert read_text(SAMPLE, dt.date(2024, 1, 2)).date == dt.date(2024, 1, 2)
    assert next(read_articles([SAMPLE], dt.date(2024, 1, 2))).date == dt.date(2024, 1, 2)


def test_read_text_without_date_in_name(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("徐汇区。", encoding="utf-8")
    assert read_text(path).date is None


def test_binary_file_raises_with_file_name(tmp_path):
    path = tmp_path / "scan.txt"
    path.write_bytes(b"\x00\x01\x02binary\x00")
    with pytest.raises(InputError, match="scan.txt"):
        list(read_articles([path]))


def test_missing_file_raises(tmp_path):
    path = tmp_path / "nothere.txt"
    with pytest.raises(InputError, match=r"nothere\.txt: no such file"):
        list(read_articles([path]))


def test_directory_raises(tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        list(read_articles([tmp_path]))


def test_read_articles_keeps_input_order(tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("另一页。", encoding="utf-8")
    assert [a.id for a in read_articles([other, SAMPLE])] == ["other", "xuhui-2024-07-05"]


# --- JSONL archives -----------------------------------------------------------


def _jsonl(tmp_path, *lines: str, name: str = "news.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _line(**obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


def test_read_jsonl_fields(tmp_path):
    path = _jsonl(
        tmp_path,
        _line(id="a1", title="标题一", date="2024-07-05", url="https://example.org/a1", text="正文一。"),
        _line(title="标题二", date="2024年7月6日", text="正文二。"),
    )
    first, second = read_jsonl(path)
    assert (first.id, first.title, first.date, first.url, first.text, first.line) == (
        "a1", "标题一", dt.date(2024, 7, 5), "https://example.org/a1", "正文一。", 1,
    )
    assert first.source == str(path)
    # No id: the file stem and line number stand in.
    assert (second.id, second.date, second.url, second.line) == ("news-2", dt.date(2024, 7, 6), None, 2)


def test_read_jsonl_streams(tmp_path):
    """Articles come one at a time: a bad line late in the file does not stop the first."""
    path = _jsonl(tmp_path, _line(id="ok", text="正文。"), "{broken")
    articles = read_jsonl(path)
    assert next(articles).id == "ok"
    with pytest.raises(InputError, match=r"news\.jsonl:2"):
        next(articles)


def test_read_jsonl_skips_blank_lines_and_keeps_line_numbers(tmp_path):
    path = _jsonl(tmp_path, "", _line(id="a", text="一。"), "   ", "", _line(id="b", text="二。"))
    assert [(a.id, a.line) for a in read_jsonl(path)] == [("a", 2), ("b", 5)]


def test_read_jsonl_bom(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + _line(id="a", text="正文。").encode("utf-8") + b"\n")
    assert [a.id for a in read_jsonl(path)] == ["a"]


def test_read_jsonl_integer_id(tmp_path):
    path = _jsonl(tmp_path, _line(id=7, text="正文。"))
    assert next(read_jsonl(path)).id == "7"


@pytest.mark.parametrize("suffix", [".jsonl", ".jl", ".ndjson", ".JSONL"])
def test_read_articles_dispatches_jsonl_by_suffix(tmp_path, suffix):
    path = _jsonl(tmp_path, _line(id="a", text="正文。"), name="news" + suffix)
    (article,) = read_articles([path])
    assert (article.id, article.text, article.line) == ("a", "正文。", 1)


def test_jsonl_date_is_not_overridden_by_option(tmp_path):
    path = _jsonl(tmp_path, _line(id="a", date="2023-01-02", text="正文。"), name="2024-07-05.jsonl")
    (article,) = read_articles([path], dt.date(2020, 1, 1))
    assert article.date == dt.date(2023, 1, 2)


@pytest.mark.parametrize(
    "bad_line, message",
    [
        (_line(id="a", title="无正文"), "'text' is missing"),
        (_line(id="a", text=["列表"]), "'text' is missing or not a string"),
        ('["不是", "对象"]', "expected a JSON object"),
        ('"只是字符串"', "expected a JSON object"),
        ('{"id": "a", "text": "正文', "not a JSON object"),
        (_line(id="a", date="七月五日", text="正文。"), "bad date"),
        (_line(id="a", date="2024-13-01", text="正文。"), "bad date"),
        (_line(id={"x": 1}, text="正文。"), "field 'id' must be a string"),
    ],
)
def test_read_jsonl_errors_name_path_and_line(tmp_path, bad_line, message):
    path = _jsonl(tmp_path, _line(id="ok", text="正文。"), "", bad_line)
    with pytest.raises(InputError, match=message) as info:
        list(read_jsonl(path))
    assert f"{path}:3:" in str(info.value)


def test_read_jsonl_gbk_line_is_read(tmp_path):
    """JSON should be UTF-8, but archives converted by other tools are often GBK: read them."""
    path = tmp_path / "gbk.jsonl"
    path.write_bytes(_line(id="a", text="徐汇区。").encode("gbk") + b"\n")
    assert [a.text for a in read_jsonl(path)] == ["徐汇区。"]


def test_read_jsonl_undecodable_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"id": "a", "text": "\x81"}\n')
    with pytest.raises(InputError, match=r"bad\.jsonl:1: not UTF-8"):
        list(read_jsonl(path))


# --- dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [
        ("xuhui-2024-07-05.txt", dt.date(2024, 7, 5)),
        ("20240705.txt", dt.date(2024, 7, 5)),
        ("paper_2024_07_05.jsonl", dt.date(2024, 7, 5)),
        ("pages/2024.07.05.txt", dt.date(2024, 7, 5)),
        ("page.txt", None),
        ("2024-02-30.txt", None),  # not a real day
        ("id-120240705.txt", None),  # digits run on: not a date
    ],
)
def test_date_from_filename(name, expected):
    assert date_from_filename(name) == expected


def test_date_from_filename_ignores_folder():
    assert date_from_filename("2024-07-05/page.txt") is None


@pytest.mark.parametrize(
    "value",
    ["2024-07-05", "2024/7/5", "2024.07.05", "2024年7月5日", "2024年07月05", " 2024-07-05", "2024-07-05T08:30:00"],
)
def test_parse_date_forms(value):
    assert parse_date(value) == dt.date(2024, 7, 5)


@pytest.mark.parametrize("value", ["", "July 5, 2024", "24-07-05", "2024-13-01", "2024-02-30", "七月五日"])
def test_parse_date_rejects(value):
    with pytest.raises(ValueError):
        parse_date(value)


# --- a real archive (../shared) -------------------------------------------------


def test_read_real_archive():
    from conftest import XWLB, shared_file

    articles = list(read_jsonl(shared_file(XWLB)))
    assert len(articles) > 1000
    assert len({a.id for a in articles}) == len(articles)
    assert [a.line for a in articles] == sorted(a.line for a in articles)
    first = articles[0]
    assert first.date == dt.date(2023, 1, 1)
    assert first.title and first.text and first.url.startswith("http")
    assert all(a.date is not None and a.date.year == 2023 for a in articles)
