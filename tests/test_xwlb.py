"""`kg extract` on real national news it has no rule for (CCTV evening news, 2023).

The articles are read from ../shared; no name in them is in kg's lexicons.
"""

from __future__ import annotations

import json

import pytest

from kg.pipeline import as_json, extract_paths
from conftest import XWLB, shared_file


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    wanted = {"xwlb-20230214-02", "xwlb-20230106-03", "xwlb-20230323-06", "xwlb-20230207-01"}
    lines = [line for line in shared_file(XWLB).open(encoding="utf-8") if json.loads(line)["id"] in wanted]
    path = tmp_path_factory.mktemp("xwlb") / "some.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return {ex.doc.id: as_json(ex) for ex in extract_paths([path])}


def persons(article):
    return {m["text"] for m in article["mentions"] if m["type"] == "Person"}


def test_premier_meets_a_president(articles):
    a = articles["xwlb-20230214-02"]
    assert {"李克强", "莱希"} <= persons(a)
    meetings = [e for e in a["events"] if e["kind"] == "Meeting"]
    assert len(meetings) == 1
    m = meetings[0]
    assert {"李克强", "莱希"} <= set(m["attendee"])
    assert m["startDate"] == ["2023-02-14"]
    assert m["location"] == ["北京市"]  # 在京
    titles = {m["text"] for m in a["mentions"] if m["type"] == "Position"}
    assert {"国务院总理", "伊朗总统"} <= titles


def test_transliterated_name_stays_whole(articles):
    a = articles["xwlb-20230106-03"]
    assert "谢尔达尔·别尔德穆哈梅多夫" in persons(a)
    assert not any(p != "谢尔达尔·别尔德穆哈梅多夫" and "谢尔" in p for p in persons(a))
    meeting = next(e for e in a["events"] if e["kind"] == "Meeting")
    assert {"栗战书", "谢尔达尔·别尔德穆哈梅多夫"} <= set(meeting["attendee"])
    assert meeting["location"] == ["人民大会堂"]
    assert meeting["startDate"] == ["2023-01-06"]


def test_forum_with_organizers_and_a_date_range(articles):
    a = articles["xwlb-20230323-06"]
    forum = next(e for e in a["events"] if e["kind"] == "Forum")
    assert "全人类共同价值" in forum["name"] and forum["name"].endswith("国际论坛")
    assert forum["startDate"] == ["2023-03-22"] and forum["endDate"] == ["2023-03-23"]
    assert forum["location"] == ["北京市"]
    assert {"中共中央宣传部", "中国社会科学院"} <= set(forum["organizer"])


def test_chair_of_a_symposium_is_organizer_and_attendee(articles):
    a = articles["xwlb-20230207-01"]
    assert {"李克强", "韩正"} <= persons(a)
    forum = next(e for e in a["events"] if e["name"].endswith("座谈会"))
    assert forum["organizer"] == ["李克强"]
    assert {"李克强", "韩正"} <= set(forum["attendee"])
    assert forum["startDate"] == ["2023-02-06"]
