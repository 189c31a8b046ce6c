"""Date expressions in Chinese news, normalized against the article's own date.

``find_dates`` yields ``(start, end, value)`` with ``value`` an ISO date
(``2024-07-04``), an ISO interval (``2024-07-04/2024-07-06``), a month
(``2024-07``) or a year (``2024``). Dates without a year take the one that
puts them nearest the article date; relative words (今天, 昨天, 去年) count
from it.

Written here rather than with ``dateparser``: that library finds no Chinese
ranges (7月4日至6日), no day-only dates (当地时间3日) and costs about a
millisecond a call, where this costs one regex pass per paragraph.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"[0-9〇零○一二两三四五六七八九十]"
_YEAR = r"(?P<{p}y>(?:19|20)\d\d|[一二][〇零○一二三四五六七八九]{{3}})年"
_MONTH = rf"(?P<{{p}}m>{_NUM}{{{{1,3}}}})月份?"
_DAY = rf"(?P<{{p}}d>{_NUM}{{{{1,3}}}})[日号]"
_PART = r"(?:上午|下午|晚上|晚间|早上|早晨|中午|凌晨|傍晚|夜间|晚)?"


def _full(p: str) -> str:
    y, m, d = (s.format(p=p) for s in (_YEAR, _MONTH, _DAY))
    return rf"(?:{y})?(?:{m})?(?:{d})?"


_DATE = re.compile(
    rf"(?<![0-9〇零一二三四五六七八九十])(?=(?:当地时间)?[0-9〇零一二两三四五六七八九十])(?:当地时间)?(?P<a>{_full('a')}){_PART}"
    rf"(?:(?:至|到|—|–|-|~|～)(?P<b>{_full('b')}){_PART})?"
)
_RELATIVE = re.compile(r"(?P<w>今天|今日|昨天|昨日|前天|明天|明日|后天|今年|去年|明年|前年|本月|上月|下月)"
                       + _PART)
_REL_DAYS = {"今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2, "明天": 1, "明日": 1, "后天": 2}
_REL_YEARS = {"今年": 0, "去年": -1, "明年": 1, "前年": -2}
_REL_MONTHS = {"本月": 0, "上月": -1, "下月": 1}


def cn_number(text: str) -> int:
    """``"2024"`` -> 2024, ``"二〇二四"`` -> 2024, ``"十四"`` -> 14, ``"二十"`` -> 20."""
    if text.isdigit():
        return int(text)
    try:
        if "十" in text:
            tens, _, ones = text.partition("十")
            return (_digit(tens) if tens else 1) * 10 + (_digit(ones) if ones else 0)
        value = 0
        for ch in text:
            value = value * 10 + _digit(ch)
        return value
    except (KeyError, TypeError):
        return 0  # digits of both kinds mixed (二十8日): no date, rather than a guess


def _digit(ch: str) -> int:
    return int(ch) if ch.isdigit() else _CN_DIGITS[ch]


def _nearest(ref: dt.date | None, month: int, day: int, year: int | None) -> dt.date | None:
    """The date with this month and day nearest ``ref`` (a year given wins)."""
    try:
        if year is not None:
            return dt.date(year, month, day)
        if ref is None:
            return None
        options = []
        for y in (ref.year - 1, ref.year, ref.year + 1):
            try:
                options.append(dt.date(y, month, day))
            except ValueError:
                pass
        return min(options, key=lambda d: abs((d - ref).days)) if options else None
    except ValueError:
        return None


def _day_only(ref: dt.date | None, day: int) -> dt.date | None:
    """A day of the month nearest ``ref`` (当地时间3日)."""
    if ref is None:
        return None
    options = []
    for delta in (-1, 0, 1):
        m = ref.month + delta
        y = ref.year + (m - 1) // 12
        m = (m - 1) % 12 + 1
        try:
            options.append(dt.date(y, m, day))
        except ValueError:
            pass
    return min(options, key=lambda d: abs((d - ref).days)) if options else None


def _value(
    m: re.Match, p: str, ref: dt.date | None, inherit: tuple[int | None, int | None]
) -> tuple[str | None, int | None, int | None]:
    """Normalize one side of a match; returns (value, year, month) for the other side to inherit."""
    ys, ms, ds = m.group(f"{p}y"), m.group(f"{p}m"), m.group(f"{p}d")
    year = cn_number(ys) if ys else inherit[0]
    month = cn_number(ms) if ms else inherit[1]
    if ds:
        day = cn_number(ds)
        if month is None:
            date = _day_only(ref, day) if year is None else None
        else:
            date = _nearest(ref, month, day, year)
        if date is None:
            return None, year, month
        return date.isoformat(), date.year, date.month
    if month is not None and 1 <= month <= 12:
        if year is None and ref is not None:
            year = _nearest(ref, month, 1, None).year
        return (f"{year:04d}-{month:02d}" if year else None), year, month
    if year is not None:
        return f"{year:04d}", year, None
    return None, year, month


def find_dates(text: str, ref: dt.date | None) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, value)`` for every date expression in ``text``.

    >>> list(find_dates("于7月4日至7月6日在上海举办", dt.date(2024, 7, 5)))
    [(1, 10, '2024-07-04/2024-07-06')]
    """
    taken: set[int] = set()
    for m in _DATE.finditer(text):
        if not (m.group("ay") or m.group("am") or m.group("ad")):
            continue
        start = m.start()
        year0 = None
        rel = text[start - 2 : start]
        if ref is not None and rel in _REL_YEARS and not m.group("ay"):
            # 去年12月: the relative year is the year of the date.
            year0 = ref.year + _REL_YEARS[rel]
            start -= 2
            taken.add(start)
        a, year, month = _value(m, "a", ref, (year0, None))
        if a is None:
            continue
        value, end = a, m.end("a") + _part_len(text, m.end("a"))
        if m.group("by") or m.group("bm") or m.group("bd"):
            b, _, _ = _value(m, "b", ref, (year, month))
            # A range only when both ends are of one precision and in order ("7月6日至4日" is not).
            if b is not None and len(b) == len(a) and b > a:
                value, end = f"{a}/{b}", m.end()
        yield start, end, value
    if ref is None:
        return
    for m in _RELATIVE.finditer(text):
        if m.start() in taken:
            continue
        w = m.group("w")
        if w in _REL_DAYS:
            value = (ref + dt.timedelta(days=_REL_DAYS[w])).isoformat()
        elif w in _REL_YEARS:
            value = f"{ref.year + _REL_YEARS[w]:04d}"
        else:
            mm = ref.month + _REL_MONTHS[w]
            value = f"{ref.year + (mm - 1) // 12:04d}-{(mm - 1) % 12 + 1:02d}"
        yield m.start(), m.end(), value


_PART_RE = re.compile(_PART)


def _part_len(text: str, pos: int) -> int:
    return _PART_RE.match(text, pos).end() - pos


def start_end(value: str) -> tuple[str, str | None]:
    """Split a normalized value into start and end (``None`` unless an interval)."""
    a, _, b = value.partition("/")
    return a, (b or None)


def role_value(value: str, end: bool) -> str:
    """The value a startDate (``end`` false) or endDate relation to a date ``value`` stands for:
    an interval's first or last part; a single date is both (闭幕 on 23日 ends the event that day)."""
    a, b = start_end(value)
    return (b or a) if end else a


def is_day(value: str) -> bool:
    """Is this a full ``YYYY-MM-DD`` date?"""
    return len(value) == 10
