"""`kg eval`: scoring against gold files, kg's format and NER JSONL, through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.evaluate import read_gold, scores

from conftest import ROOT, SHARED, shared_file

GOLD = ROOT / "tests" / "gold" / "dev.jsonl"
# Two real sentences: an evening-news meeting and a People's Daily-style NER line.
MEETING = "国务院总理李强14日在京会见来华进行国事访问的巴西总统卢拉。秦刚等参加会见。"


def _gold_record(**extra) -> dict:
    text = MEETING
    def m(s, t, norm=""):
        i = text.index(s)
        return {"start": i, "end": i + len(s), "type": t, "text": s, **({"norm": norm} if norm else {})}
    rec = {
        "id": "meet", "date": "2023-04-14", "text": text,
        "mentions": [m("国务院总理", "Position"), m("国务院", "GovernmentOrganization"), m("李强", "Person"),
                     m("14日", "Date", "2023-04-14"), m("京", "Place", "北京市"), m("巴西总统", "Position"),
                     m("巴西", "Place"), m("卢拉", "Person"), m("秦刚", "Person")],
        "events": [{"name": "李强会见卢拉", "kind": "Meeting", "named": False, "attendee": ["李强", "卢拉", "秦刚"],
                    "location": ["北京市"], "startDate": ["2023-04-14"]}],
        "relations": [{"subject": "李强", "predicate": "holdsPosition", "object": "国务院总理"},
                      {"subject": "卢拉", "predicate": "jobTitle", "object": "巴西总统"}],
    }
    rec.update(extra)
    return rec


@pytest.fixture()
def gold_file(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(_gold_record(), ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_eval_runs_kg_on_the_gold_text_and_prints_a_table(gold_file):
    result = CliRunner().invoke(main, ["eval", str(gold_file)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("Person") for line in lines)
    assert any(line.startswith("attendee") for line in lines)
    person = next(line for line in lines if line.startswith("Person")).split()
    assert person[1:3] == ["3", "3"]  # gold 3, kg finds the three names


def test_eval_json_scores_the_meeting(gold_file):
    result = CliRunner().invoke(main, ["eval", str(gold_file), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["mentions"]["Person"]["exact"]["recall"] == 1.0
    assert report["events"]["tp"] == 1  # kg's 会见 is aligned with the gold meeting by its attendees
    assert report["relations"]["attendee"]["gold"] == 3
    assert report["relations"]["holdsPosition"]["gold"] == 2  # jobTitle is read as holdsPosition
    assert report["mentions"]["Date"]["value"]["tp"] == 1  # 14日 -> 2023-04-14


def test_eval_of_kg_extract_output_equals_eval_of_kg_run_inline(gold_file, tmp_path):
    runner = CliRunner()
    extracted = runner.invoke(main, ["extract", str(gold_file)])
    assert extracted.exit_code == 0, extracted.output
    pred = tmp_path / "pred.jsonl"
    pred.write_text(extracted.output, encoding="utf-8")
    a = json.loads(runner.invoke(main, ["eval", str(gold_file), str(pred), "--json"]).output)
    b = json.loads(runner.invoke(main, ["eval", str(gold_file), "--json"]).output)
    assert a["mentions"] == b["mentions"] and a["relations"] == b["relations"]


def test_perfect_predictions_score_one(gold_file):
    report = scores(gold_file, gold_file)
    assert report["mentions"]["all"]["exact"]["f1"] == 1.0
    assert report["relations"]["all"]["f1"] == 1.0 and report["events"]["f1"] == 1.0


def test_ner_format_with_label_map_and_org_merge(tmp_path):
    text = "本报讯为了改善农村贫困教师的生活条件，中华慈善总会烛光工程日前在北京启动。"
    ents = [{"start": 19, "end": 25, "type": "ORG", "text": "中华慈善总会"}, {"start": 29, "end": 31, "type": "TIME", "text": "日前"},
            {"start": 32, "end": 34, "type": "LOC", "text": "北京"}, {"start": 0, "end": 2, "type": "book", "text": "本报"}]
    path = tmp_path / "ner.jsonl"
    path.write_text(json.dumps({"text": text, "entities": ents}, ensure_ascii=False) + "\n", encoding="utf-8")
    gold = read_gold(path)
    assert gold.types == {"Organization", "Date", "Place"}  # 'book' is not in the map: not scored
    report = json.loads(CliRunner().invoke(main, ["eval", str(path), "--json"]).output)
    assert report["merge_orgs"] is True and "Event" not in report["mentions"]
    assert report["mentions"]["Place"]["exact"]["tp"] == 1  # 北京
    mapped = json.loads(CliRunner().invoke(main, ["eval", str(path), "--json", "--label", "book=Organization",
                                                  "--label", "TIME="]).output)
    assert mapped["mentions"]["Organization"]["exact"]["gold"] == 2 and "Date" not in mapped["mentions"]
    bad = CliRunner().invoke(main, ["eval", str(path), "--label", "LOC=Country"])
    assert bad.exit_code != 0 and "'Country' is not a kg type" in bad.output


@pytest.mark.parametrize("line, message", [
    ('{"id": "a", "text": "李强会见卢拉", "mentions": [{"start": 0, "end": 3, "type": "Person", "text": "李强"}]}',
     "gold.jsonl:2: mention 0 [0:3] says '李强' but the text there is '李强会'"),
    ('{"id": "a", "text": "李强", "mentions": [{"start": 0, "end": 2, "type": "Human"}]}', "gold.jsonl:2: mention 0 ('李强') has type 'Human'"),
    ('{"id": "a", "text": "李强", "events": [{"kind": "Meeting"}]}', "gold.jsonl:2: event 0 needs a 'name'"),
    ('not json', "gold.jsonl:2: not a JSON object"),
])
def test_bad_gold_is_one_line_naming_file_and_line(tmp_path, line, message):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(_gold_record(id="ok"), ensure_ascii=False) + "\n" + line + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(path)])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_predictions_of_other_text_are_refused(gold_file, tmp_path):
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"id": "meet", "text": "别的文字", "mentions": []}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(gold_file), str(pred)])
    assert result.exit_code == 1 and "differs from the gold text" in result.output


def test_dev_gold_is_built_from_its_source_and_every_span_slices_back():
    assert subprocess.run([sys.executable, str(ROOT / "tests" / "gold" / "make_dev.py"), "--check"]).returncode == 0
    gold = read_gold(GOLD)  # checks offsets against text, types, predicates
    assert len(gold.records) >= 19
    for rec in gold.records:
        for m in rec.mentions:
            assert rec.text[m.start:m.end] == m.text
        names = {m.text for m in rec.mentions} | {m.norm for m in rec.mentions}
        for s, _, o in rec.relations:
            assert s[0] in names and o[0] in names


def test_dev_gold_scores_as_a_dict():
    report = scores(GOLD)
    assert set(report["relations"]) >= {"attendee", "organizer", "location", "startDate", "superEvent", "event roles"}
    assert 0 < report["mentions"]["Person"]["exact"]["f1"] <= 1


def test_people_daily_is_read_with_the_default_map():
    path = shared_file(SHARED / "data" / "peoples_daily_dev.jsonl")
    gold = read_gold(path)
    assert gold.flat and gold.types == {"Person", "Place", "Organization"}
    assert sum(len(r.mentions) for r in gold.records) == 3819
