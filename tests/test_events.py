"""Events and relations on short invented news sentences (generic patterns only)."""

from __future__ import annotations

import datetime as dt

from kg.clean import clean
from kg.dates import start_end
from kg.model import Event, RawArticle
from kg.pipeline import extract_document


def extract(text: str, title: str | None = None, date=dt.date(2024, 5, 20)):
    doc = clean(RawArticle(id="t", text=text, source="<test>", title=title, date=date, line=1))[0]
    return extract_document(doc)


def roles(ex, predicate):
    """{event name: [object names]} for one predicate."""
    out: dict[str, list[str]] = {}
    for r in ex.relations:
        if r.predicate == predicate and isinstance(r.subject, Event):
            value = r.object.name if isinstance(r.object, Event) else (r.object.norm or r.object.text)
            if predicate in ("startDate", "endDate"):
                value = start_end(value)[predicate == "endDate"]
            out.setdefault(r.subject.name, []).append(value)
    return out


def test_meeting_between_two_people_with_place_and_day():
    ex = extract("国家主席张建华18日在北京会见来访的某国总统约翰·多伊。")
    (meeting,) = [e for e in ex.events if e.kind == "Meeting"]
    assert not meeting.named
    assert sorted(roles(ex, "attendee")[meeting.name]) == ["张建华", "约翰·多伊"]
    assert roles(ex, "location")[meeting.name] == ["北京市"]
    assert roles(ex, "startDate")[meeting.name] == ["2024-05-18"]


def test_organizers_after_you_and_venue_and_date():
    ex = extract("由北京大学、中国科学院共同主办的“智能未来”高峰论坛，于5月21日在国家会议中心举办。")
    forum = "“智能未来”高峰论坛"
    assert roles(ex, "organizer")[forum] == ["北京大学", "中国科学院"]
    assert roles(ex, "location")[forum] == ["国家会议中心"]
    assert roles(ex, "startDate")[forum] == ["2024-05-21"]


def test_attending_the_meeting_named_in_the_headline():
    ex = extract(
        "5月19日，全市安全生产工作会议召开。\n市委书记张德明，市委副书记、市长李卫东等出席会议。",
        title="全市安全生产工作会议召开",
    )
    attendees = roles(ex, "attendee")
    assert list(attendees) == ["全市安全生产工作会议"]
    assert sorted(attendees["全市安全生产工作会议"]) == ["张德明", "李卫东"]
    assert roles(ex, "startDate")["全市安全生产工作会议"] == ["2024-05-19"]


def test_chair_organizes_and_attends():
    ex = extract("国务院总理王志远主持召开国务院常务会议。")
    meeting = "国务院常务会议"
    assert "王志远" in roles(ex, "organizer")[meeting]
    assert "王志远" in roles(ex, "attendee")[meeting]
    # The body the meeting is named after holds it only where the text names no chair.
    assert "国务院" not in roles(ex, "organizer")[meeting]
    alone = extract("5月8日，国务院常务会议召开。")
    assert roles(alone, "organizer")[meeting] == ["国务院"]


def test_forum_is_part_of_the_conference_of_the_article():
    ex = extract("2024全球数字经济大会于5月20日至5月22日在北京举办。其中，数据要素论坛于5月21日举行。")
    assert roles(ex, "superEvent") == {"数据要素论坛": ["2024全球数字经济大会"]}
    assert roles(ex, "startDate")["2024全球数字经济大会"] == ["2024-05-20"]
    assert roles(ex, "endDate")["2024全球数字经济大会"] == ["2024-05-22"]


def test_positions_are_held_with_their_organization():
    ex = extract("浦东新区政协主席周明出席活动。")
    held = [(r.subject.text, r.object.norm) for r in ex.relations if r.predicate == "holdsPosition"]
    assert held == [("周明", "新区政协主席")]  # the post, less the place's proper name
    post = [(r.subject.text, r.object.text) for r in ex.relations if r.predicate == "postIn"]
    assert post == [("浦东新区政协主席", "浦东新区政协")]


def test_every_relation_points_into_the_text():
    ex = extract("国家主席张建华18日在北京会见来访的某国总统约翰·多伊。")
    for r in ex.relations:
        assert 0 <= r.start < r.end <= len(ex.doc.text)
        assert r.rule and 0 < r.confidence <= 1


def test_a_chain_of_titles_with_organizations():
    ex = extract("市委副书记、市委秘书长王立新出席会议。")
    held = sorted(r.object.norm for r in ex.relations if r.predicate == "holdsPosition")
    assert held == ["市委副书记", "市委秘书长"]


def test_an_unnamed_meeting_takes_its_full_noun_and_its_chair():
    ex = extract("国务院总理王志远昨天主持召开常务会议，部署有关工作。", date=dt.date(2024, 3, 2))
    (meeting,) = ex.events
    assert meeting.name == "常务会议" and not meeting.named
    assert roles(ex, "organizer")[meeting.name] == ["王志远"]
    assert roles(ex, "startDate")[meeting.name] == ["2024-03-01"]


def test_hosts_with_a_spouse_and_a_venue_between_zai_and_the_verb():
    ex = extract("国家主席张建华和夫人李晓梅在东湖宾馆百花厅亲切会见某国国王约翰。")
    (meeting,) = [e for e in ex.events if e.kind == "Meeting"]
    assert sorted(roles(ex, "attendee")[meeting.name]) == sorted(["张建华", "李晓梅", "约翰"])
    assert roles(ex, "location")[meeting.name] == ["东湖宾馆百花厅"]


def test_a_meeting_with_a_group_is_named_by_the_group():
    ex = extract("开幕式前，副总理陈志远会见了外方参会企业代表。")
    (meeting,) = [e for e in ex.events if e.kind == "Meeting"]
    assert meeting.name == "陈志远会见外方参会企业代表"
    assert roles(ex, "attendee")[meeting.name] == ["陈志远"]
