"""The sample page, end to end: what the graph must say, asked through SPARQL."""

from __future__ import annotations

from rdflib.compare import isomorphic

from kg.sparql import run_query

PERSONS = {"曹立强", "王华", "沈权", "刘琪", "何雅", "俞林伟", "秦丽萍", "习挺松", "徐国文", "吴捷", "王志华", "邓大伟", "施斌", "黄冲"}


def rows(graph, query):
    return [tuple(str(v) for v in row) for row in run_query(graph, query)]


def test_the_fourteen_persons_and_nothing_else(sample_graph):
    names = {r[0] for r in rows(sample_graph, "SELECT ?n WHERE { ?p a schema:Person ; schema:name ?n }")}
    assert PERSONS <= names
    # No subhead, film title or title+name string is a person.
    for bad in ("咬定目标", "狠抓落实", "创新驱动", "龙腾沪跃看徐汇", "区委书记曹立强", "区领导刘琪", "徐汇区政协主席黄冲"):
        assert not any(bad in n or n in bad and len(n) > 3 for n in names), bad
    assert names == PERSONS, names - PERSONS


def test_every_entity_carries_its_base_type(sample_graph):
    for cls in ("GovernmentOrganization",):
        q = f"SELECT ?x WHERE {{ ?x a schema:{cls} FILTER NOT EXISTS {{ ?x a schema:Organization }} }}"
        assert rows(sample_graph, q) == []
    q = "SELECT ?x WHERE { ?x a ?c FILTER(?c IN (kg:Meeting, kg:Forum, kg:Conference, kg:Activity, kg:Visit)) FILTER NOT EXISTS { ?x a schema:Event } }"
    assert rows(sample_graph, q) == []


def test_quarterly_work_meeting_has_thirteen_attendees_on_july_4(sample_graph):
    q = """SELECT ?name ?day WHERE {
        ?e a schema:Event ; schema:name ?ename ; schema:startDate ?day ; schema:attendee ?p .
        ?p schema:name ?name .
        FILTER(CONTAINS(?ename, "季度工作会议"))
    }"""
    found = rows(sample_graph, q)
    assert {r[1] for r in found} == {"2024-07-04"}
    assert {r[0] for r in found} == PERSONS - {"黄冲"}
    assert len({r[0] for r in found}) == 13


def test_forum_organizers_date_venue_and_conference(sample_graph):
    q = """SELECT ?org ?day ?venue ?super WHERE {
        ?f a schema:Event ; schema:name ?fname ; schema:organizer ?o ; schema:startDate ?day ;
           schema:location ?v ; schema:superEvent ?s .
        ?o schema:name ?org . ?v schema:name ?venue . ?s schema:name ?super .
        FILTER(CONTAINS(?fname, "构筑新质生产力") && CONTAINS(?fname, "论坛"))
    }"""
    found = rows(sample_graph, q)
    assert {r[0] for r in found} == {"中央广播电视总台研究院", "上海交通大学", "上海人工智能实验室"}
    assert {r[1] for r in found} == {"2024-07-05"}
    assert {r[2] for r in found} == {"西岸智塔西塔楼一层西岸厅"}
    assert {r[3] for r in found} == {"2024世界人工智能大会"}


def test_conference_in_shanghai_from_july_4_to_6(sample_graph):
    q = """SELECT ?place ?start ?end WHERE {
        ?c schema:name "2024世界人工智能大会" ; a kg:Conference ; schema:location ?l ;
           schema:startDate ?start ; schema:endDate ?end .
        ?l schema:name ?place .
    }"""
    assert rows(sample_graph, q) == [("上海市", "2024-07-04", "2024-07-06")]
    # The text says 上海; the node keeps it as an alternate name.
    assert bool(run_query(sample_graph, 'ASK { ?l schema:name "上海市" ; schema:alternateName "上海" }').askAnswer)


def test_visit_campaign_led_by_huang_chong(sample_graph):
    q = """SELECT ?ename ?day ?place WHERE {
        ?e schema:name ?ename ; schema:organizer ?p ; schema:attendee ?p ; schema:startDate ?day ; schema:location ?l .
        ?p schema:name "黄冲" . ?l schema:name ?place .
        FILTER(CONTAINS(?ename, "大走访活动"))
    }"""
    assert rows(sample_graph, q) == [("“满意在徐汇·服务在基层”大走访活动", "2024-07-04", "华发居民区")]


def test_places_lie_in_places(sample_graph):
    q = """SELECT ?a ?b WHERE { ?x schema:containedInPlace ?y . ?x schema:name ?a . ?y schema:name ?b }"""
    pairs = set(rows(sample_graph, q))
    assert ("华发居民区", "华泾镇") in pairs
    assert ("华泾镇", "徐汇区") in pairs
    assert ("徐汇区", "上海市") in pairs


def test_positions(sample_graph):
    q = "SELECT ?n ?t WHERE { ?p schema:name ?n ; schema:jobTitle ?t }"
    titles = set(rows(sample_graph, q))
    assert titles == {
        ("曹立强", "区委书记"),
        ("王华", "区委副书记"),
        ("王华", "代理区长"),
        ("沈权", "区委副书记"),
        ("黄冲", "区政协主席"),
    }
    assert rows(sample_graph, 'SELECT ?o WHERE { ?p schema:name "黄冲" ; schema:memberOf/schema:name ?o }') == [("徐汇区政协",)]


def test_every_fact_has_evidence_back_to_the_raw_file(sample_graph, sample_build):
    from conftest import SAMPLE

    raw = SAMPLE.read_text(encoding="utf-8")
    q = """SELECT ?sentence ?b ?e ?rb ?re ?rule ?doc WHERE {
        ?ev a kg:Evidence ; rdf:subject ?s ; rdf:predicate schema:attendee ; rdf:object ?o ;
            kg:rule ?rule ; prov:wasDerivedFrom ?doc ; kg:evidence ?sen .
        ?sen nif:anchorOf ?sentence ; nif:beginIndex ?b ; nif:endIndex ?e ;
             kg:rawBeginIndex ?rb ; kg:rawEndIndex ?re .
    }"""
    found = rows(sample_graph, q)
    assert len(found) >= 14
    for sentence, _, _, rb, re_, rule, doc in found:
        assert rule and doc
        squeezed = "".join(raw[int(rb) : int(re_)].split())
        assert squeezed == "".join(sentence.split()), (squeezed, sentence)
    # Every core attendee triple is backed by evidence.
    q2 = """SELECT ?e ?p WHERE { ?e schema:attendee ?p
        FILTER NOT EXISTS { ?ev rdf:subject ?e ; rdf:predicate schema:attendee ; rdf:object ?p } }"""
    assert rows(sample_graph, q2) == []


def test_same_build_twice_is_isomorphic(sample_graph, tmp_path):
    from kg.pipeline import build
    from kg.sparql import load_graph
    from conftest import SAMPLE

    build([SAMPLE], tmp_path)
    assert isomorphic(sample_graph, load_graph(tmp_path / "graph.ttl"))


def test_html_written_offline(sample_build):
    page = (sample_build[0] / "graph.html").read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page
    assert "黄冲" in page and "曹立强" in page
