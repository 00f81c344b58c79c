"""`content check`: the bundled file passes; a corrupted one fails with itemised errors."""

from __future__ import annotations

import copy
import json
import re
from collections import Counter

import pytest

from bot.cli import main
from content.check import check_file, check_schema
from content.curated import CuratedError, find_passage
from content.model import BUNDLED, Studyset


@pytest.fixture(scope="module")
def bundled() -> dict:
    return json.loads(BUNDLED.read_text(encoding="utf-8"))


def save(tmp_path, data) -> object:
    path = tmp_path / "set.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_bundled_file_passes(capsys):
    assert main(["content", "check", str(BUNDLED)]) == 0
    out = capsys.readouterr().out
    assert "ok" in out and "questions" in out


def test_corruptions_are_each_reported(tmp_path, bundled, capsys):
    data = copy.deepcopy(bundled)
    q0, q1, q2 = [q for q in data["questions"] if not q.get("withheld") and q["choices"]][:3]
    q0["choices"] = q0["choices"][:2]
    q1["answers"] = ["Atlantis"]
    q2["prompt"] = f"Fill in: {q2['answers'][0]} ____"
    data["events"][0]["date"] = "2024-13"
    data["passages"][1]["text"] = "It began in Febru ary of that year."
    data["glossary"][0]["passage"] = "no-such-passage"
    data["prompts"].append(dict(data["prompts"][0]))
    data["articles"][0]["source_file"] = "/home/me/articles/a.txt"
    path = save(tmp_path, data)
    _, errors = check_file(path)
    text = "\n".join(errors)
    assert f"question {q0['id']}: 2 choices" in text
    assert f"question {q1['id']}: answer 'Atlantis' not in passage" in text
    assert f"question {q2['id']}: the prompt gives away its answer" in text
    assert f"event {data['events'][0]['id']}: date '2024-13'" in text
    assert f"passage {data['passages'][1]['id']}: line-break fragment 'Febru ary'" in text
    assert "unknown passage 'no-such-passage'" in text
    assert f"prompts: id {data['prompts'][0]['id']!r} used 2 times" in text
    assert f"article {data['articles'][0]['id']}: source_file must be a bare file name" in text
    assert main(["content", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{len(errors)} problem(s)" in err and "Traceback" not in err


def test_an_answer_may_be_the_glossarys_completed_long_form_of_a_term_defined_there(
    tmp_path, bundled
):
    # "Japan Maritime SDF" in the text, "Japan Maritime Self-Defence Force" in the glossary.
    data = copy.deepcopy(bundled)
    q = next(q for q in data["questions"] if not q.get("withheld") and not q["choices"])
    entry = data["glossary"][0]
    entry["expansion"], entry["passage"], entry["citations"] = "Atlantis", q["passage"], []
    q["answers"] = ["Atlantis"]
    errors = check_file(save(tmp_path, data))[1]
    assert not [e for e in errors if q["id"] in e]
    entry["passage"] = next(p["id"] for p in data["passages"] if p["id"] != q["passage"])
    errors = check_file(save(tmp_path, data))[1]
    assert f"question {q['id']}: answer 'Atlantis' not in passage" in "\n".join(errors)


def test_a_timeline_answer_is_what_a_served_event_of_its_passage_tells(tmp_path, bundled):
    # "Japan established the Fleet Escort Force (FEF)." is the event "In 1961, Japan ..."
    data = copy.deepcopy(bundled)
    q = next(q for q in data["questions"] if q["kind"] == "timeline" and not q["withheld"])
    assert check_file(save(tmp_path, data))[1] == []
    q["sources"] = [*q["sources"], "no-such-passage"]
    errors = "\n".join(check_file(save(tmp_path, data))[1])
    assert f"question {q['id']}: unknown passage 'no-such-passage'" in errors
    q["sources"] = q["sources"][:-1]
    told = [e for e in data["events"] if e["passage"] == q["passage"] and not e["withheld"]]
    for event in told:
        event["withheld"] = "context-dependent"
    errors = "\n".join(check_file(save(tmp_path, data))[1])
    assert f"question {q['id']}: answer {q['answers'][0]!r} not in passage" in errors


def test_withheld_questions_are_not_held_to_the_served_rules(tmp_path, bundled):
    data = copy.deepcopy(bundled)
    withheld = next(q for q in data["questions"] if q.get("withheld"))
    withheld["choices"] = ["just one"]
    assert check_file(save(tmp_path, data))[1] == []
    withheld["withheld"] = ""
    assert any(withheld["id"] in error for error in check_file(save(tmp_path, data))[1])


def test_report_counts_served_and_withheld_per_reason_kind_and_article(bundled, capsys):
    assert main(["content", "check", "--report", str(BUNDLED)]) == 0
    out = capsys.readouterr().out
    s = Studyset.from_dict(bundled)
    served = len(s.served_questions)
    withheld = len(s.questions) - served
    assert withheld > 0
    assert re.search(rf"^questions\s+{served}\s+{withheld}\s", out, re.M)
    reasons = {q.withheld for q in s.questions if q.withheld}
    assert all(f"{reason} " in out for reason in reasons)
    for item in ("events", "prompts"):
        assert f"\n{item} " in out
    for kind, n in Counter(q.kind for q in s.served_questions).items():
        assert re.search(rf"^{kind}\s+{n}\s", out, re.M)  # and per question kind
    for article in s.articles:
        mine = [q for q in s.questions if q.article == article.id]
        shown = sum(1 for q in mine if not q.withheld)
        assert re.search(rf"{article.id}\s+{shown} of {len(mine)}\b", out)


def test_schema_errors_name_the_field(bundled):
    data = copy.deepcopy(bundled)
    del data["questions"][0]["answers"]
    data["passages"][0]["index"] = "zero"
    errors = check_schema(data)
    assert "questions[0].answers: expected list, got missing" in errors
    assert "passages[0].index: expected int, got str" in errors
    assert check_schema([]) == ["the file must hold a JSON object"]


def test_wrong_passage_numbering_is_reported(tmp_path, bundled):
    data = copy.deepcopy(bundled)
    data["passages"][0]["index"] = 7
    _, errors = check_file(save(tmp_path, data))
    first = data["passages"][0]
    assert any(e.startswith(f"passage {first['id']}: id should be") for e in errors)
    assert any("passage indexes are not 0, 1, 2" in e for e in errors)


def test_unreadable_files_are_reported(tmp_path):
    assert check_file(tmp_path / "none.json")[1] == [f"{tmp_path / 'none.json'}: no such file"]
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert "not a readable JSON file" in check_file(bad)[1][0]


def test_curated_anchor_must_match_one_passage(bundled):
    studyset = Studyset.from_dict(bundled)
    article = studyset.articles[0].id
    found = find_passage(studyset, article, studyset.passages[0].text[:40], "test")
    assert found.id == studyset.passages[0].id
    with pytest.raises(CuratedError, match="not found"):
        find_passage(studyset, article, "words no article contains", "test")
