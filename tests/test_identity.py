"""Identity across articles: aliases merge, one name per node, the same graph in any order."""

from __future__ import annotations

import datetime as dt

from rdflib import Literal, URIRef

from kg.corpus import Corpus
from kg.identity import abbreviations
from kg.model import ORGANIZATION, PLACE, Document, Extraction, Mention
from kg.pipeline import extract_document
from kg.rdf import RDF, SDO


def _doc(doc_id: str, text: str, day: dt.date = dt.date(2024, 7, 5)) -> Document:
    return Document(id=doc_id, text=text, source=f"{doc_id}.txt", date=day, date_source="given")


def _nodes(g, cls, name):
    """Nodes of class ``cls`` with ``name`` as their name or one of their other names."""
    return {n for n in g.subjects(RDF.type, cls)
            if Literal(name) in set(g.objects(n, SDO.name)) | set(g.objects(n, SDO.alternateName))}


def test_abbreviations_of_organization_names():
    assert "北大" in abbreviations("北京大学")
    assert "世卫组织" in abbreviations("世界卫生组织")
    assert "人社部" in abbreviations("人力资源社会保障部")
    assert "俄国防部" in abbreviations("俄罗斯国防部")
    # A shorter full name is another organization, not a short form.
    assert "南京大学" not in abbreviations("南京师范大学")
    assert "中央宣传部" not in abbreviations("中央纪委国家监委宣传部")
    assert abbreviations("人民群众") == frozenset()  # no organization suffix


def _short_forms_article() -> Extraction:
    """An article writing a university and a district in short forms (as a mention finder may leave them)."""
    text = "上海交大与徐汇签约。"
    doc = _doc("short", text)
    return Extraction(
        doc=doc,
        mentions=(
            Mention(0, 4, ORGANIZATION, "上海交大", "org.known", "上海交大"),
            Mention(5, 7, PLACE, "徐汇", "place.lexicon", "徐汇"),
        ),
        sentences=((0, len(text)),),
    )


def test_short_forms_merge_into_the_full_names_and_become_alternate_names():
    full = extract_document(_doc("full", "7月4日，上海交通大学在徐汇区举办人工智能论坛。"))
    forward, backward = Corpus(), Corpus()
    for ex in (full, _short_forms_article()):
        forward.add(ex)
    for ex in (_short_forms_article(), full):
        backward.add(ex)
    g = forward.graph()
    assert set(g) == set(backward.graph())  # order does not matter
    (uni,) = _nodes(g, SDO.Organization, "上海交大")
    assert list(g.objects(uni, SDO.name)) == [Literal("上海交通大学")]
    assert list(g.objects(uni, SDO.alternateName)) == [Literal("上海交大")]
    (district,) = _nodes(g, SDO.Place, "徐汇")
    assert str(district).endswith("/place/%E5%BE%90%E6%B1%87%E5%8C%BA")  # 徐汇区
    assert set(g.objects(district, SDO.name)) == {Literal("徐汇区")}
    # Both articles point at the merged nodes, and so does the evidence.
    assert len(set(g.subjects(SDO.mentions, uni))) == 2
    evidence_subjects = {s for s in g.objects(None, RDF.subject)} | {o for o in g.objects(None, RDF.object)}
    assert not any("%E4%BA%A4%E5%A4%A7" in str(n) for n in evidence_subjects)  # no node 上海交大 left


def test_a_short_form_alone_is_named_by_its_canonical_name():
    g = Corpus()
    g.add(_short_forms_article())
    graph = g.graph()
    (district,) = _nodes(graph, SDO.Place, "徐汇")
    assert set(graph.objects(district, SDO.name)) == {Literal("徐汇区")}
    assert set(graph.objects(district, SDO.alternateName)) == {Literal("徐汇")}
    # No full name in the corpus: the organization stays as written.
    assert _nodes(graph, SDO.Organization, "上海交大")


def test_event_name_variants_of_one_year_are_one_event_with_one_name():
    c = Corpus()
    c.add(extract_document(_doc("a", "2024世界人工智能大会在上海开幕。", dt.date(2024, 7, 4))))
    c.add(extract_document(_doc("b", "世界人工智能大会在上海闭幕。", dt.date(2024, 7, 6))))
    g = c.graph()
    events = [e for e in g.subjects(RDF.type, SDO.Event) if "人工智能大会" in str(g.value(e, SDO.name))]
    assert len(events) == 1
    assert g.value(events[0], SDO.name) == Literal("2024世界人工智能大会")
    assert set(g.objects(events[0], SDO.alternateName)) == {Literal("世界人工智能大会")}


def test_meetings_of_one_name_on_different_days_stay_apart():
    c = Corpus()
    c.add(extract_document(_doc("a", "7月4日，区委常委会会议召开，张明出席会议。", dt.date(2024, 7, 4))))
    c.add(extract_document(_doc("b", "7月11日，区委常委会会议召开，张明出席会议。", dt.date(2024, 7, 11))))
    g = c.graph()
    meetings = {e for e in g.subjects(RDF.type, SDO.Event) if g.value(e, SDO.name) == Literal("区委常委会会议")}
    assert len(meetings) == 2
    assert {str(g.value(e, SDO.startDate)) for e in meetings} == {"2024-07-04", "2024-07-11"}
    # The same name in two articles is one person, who attended both.
    (person,) = _nodes(g, SDO.Person, "张明")
    assert set(g.subjects(SDO.attendee, person)) == meetings


def test_posts_follow_their_organization():
    c = Corpus()
    c.add(extract_document(_doc("a", "北京大学校长王立新出席会议。")))
    text = "北大与清华签约。"
    c.add(Extraction(doc=_doc("b", text), mentions=(Mention(0, 2, ORGANIZATION, "北大", "org.known", "北大"),),
                     sentences=((0, len(text)),)))
    g = c.graph()
    (person,) = _nodes(g, SDO.Person, "王立新")
    posts = set(g.objects(person, URIRef("http://www.w3.org/ns/org#holds")))
    assert len(posts) == 1
    (uni,) = _nodes(g, SDO.Organization, "北大")
    assert g.value(posts.pop(), URIRef("http://www.w3.org/ns/org#postIn")) == uni
