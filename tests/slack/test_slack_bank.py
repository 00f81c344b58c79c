"""The question bank through Bolt's real request handling: `/report` as text and the Report
button, review buttons, and `/questions add` with text arguments."""

from __future__ import annotations

from fake_slack import TEAM
from slack_harness import buttons, text_of
from slack_world import ADMIN

ALL = {"q-signed", "q-crew", "q-port"}


def shown(reply: dict) -> str:
    return text_of(reply["blocks"])


def action(reply: dict, label: str) -> tuple[dict, dict]:
    return next((b, e) for b, e in buttons(reply["blocks"]) if e["text"]["text"] == label)


async def drawn(slack, core) -> set[str]:
    """The questions a three-question live round draws now (stopped after)."""
    await slack.ask(ADMIN, "/quiz", "start 3", channel="C0DRAW")
    place = await core.store.community("slack", TEAM)
    rnd = await core.store.open_round(place.id, "C0DRAW", "live")
    await slack.ask(ADMIN, "/quiz", "stop", channel="C0DRAW")
    return set(rnd.question_ids)


async def test_a_typed_report_withholds_the_question_until_restored(slack, core):
    _, question = await slack.ask("U0ADA", "/quiz", "practice", replies=2)
    assert "Report" in [e["text"]["text"] for _, e in buttons(question["blocks"])]
    (thanks,) = await slack.ask("U0ADA", "/report", "the crew number changed in 2020")
    assert thanks["response_type"] == "ephemeral" and "is reported" in shown(thanks)
    place = await core.store.community("slack", TEAM)
    (report,) = await core.store.open_reports(place.id)
    assert report.reasons == ("the crew number changed in 2020",)

    (refused,) = await slack.ask("U0BO", "/questions", "review")
    assert "for instructors only" in shown(refused)

    notice, head, item = await slack.ask(ADMIN, "/questions", "review", replies=3)
    assert {r["response_type"] for r in (notice, head, item)} == {"ephemeral"}
    assert "members reported 1 question" in shown(notice)
    assert report.question_id in shown(item) and "the crew number changed" in shown(item)
    assert await drawn(slack, core) == ALL - {report.question_id}

    (restored,) = await slack.press(ADMIN, *action(item, "Restore"))
    assert "asked again" in shown(restored)
    assert await drawn(slack, core) == ALL
    (retired,) = await slack.press(ADMIN, *action(item, "Retire"))
    assert "not asked in this community again" in shown(retired)
    assert await drawn(slack, core) == ALL - {report.question_id}


async def test_the_report_button_on_a_private_question(slack, core):
    _, question = await slack.ask("U0CY", "/quiz", "practice", replies=2)
    (thanks,) = await slack.press("U0CY", *action(question, "Report"))
    assert "is reported" in shown(thanks)
    place = await core.store.community("slack", TEAM)
    assert len((await core.store.question_bank(place.id)).reported) == 1


async def test_questions_add_with_text_arguments(slack, core):
    (refused,) = await slack.ask(
        ADMIN, "/questions", 'add answer="Oslo" Where was the Coastal Defence Agreement signed?'
    )
    assert "“Oslo” is not written in any passage" in shown(refused)

    (added,) = await slack.ask(
        ADMIN,
        "/questions",
        "add answer=“four navies” wrong=“two navies; six navies” article=ships "
        "Who signed the agreement in Bergen?",
    )
    assert "Added q-" in shown(added) and added["response_type"] == "ephemeral"
    assert "Ships of the Northern Sea" in str(added["blocks"][-1])
    new = ALL ^ await drawn_with_added(slack, core)
    assert len(new) == 1

    (student,) = await slack.ask("U0ADA", "/questions", 'add answer="Bergen" Where?')
    assert "for instructors only" in shown(student)


async def drawn_with_added(slack, core) -> set[str]:
    await slack.ask(ADMIN, "/quiz", "start 4", channel="C0DRAW")
    place = await core.store.community("slack", TEAM)
    rnd = await core.store.open_round(place.id, "C0DRAW", "live")
    return set(rnd.question_ids)


async def test_questions_add_typed_bare_opens_a_dialog_whose_answer_comes_back(slack, fake):
    opened = await slack.send(slack.command_body(ADMIN, "/questions", "add", name="dialog"))
    assert opened.status == 200
    (call,) = await fake.wait_for("views.open")
    view = call["view"]
    fields = [b["block_id"] for b in view["blocks"]]
    assert fields == ["prompt", "answer", "wrong", "article"]
    assert [b["optional"] for b in view["blocks"]] == [False, False, True, True]

    values = {"prompt": "Where was the agreement signed?", "answer": "Oslo"}
    await slack.send(slack.submission_body(ADMIN, view, values))
    await fake.wait_until(lambda: len(fake.responses("dialog")) == 1)
    (refused,) = fake.responses("dialog")
    assert refused["response_type"] == "ephemeral"
    assert "“Oslo” is not written in any passage" in shown(refused)

    values = {"prompt": "How many crew does the icebreaker carry?", "answer": "60"}
    await slack.send(slack.submission_body(ADMIN, view, values))
    await fake.wait_until(lambda: len(fake.responses("dialog")) == 2)
    assert "Added q-" in shown(fake.responses("dialog")[1])

    # a student may open the dialog, but the core refuses what they send
    await slack.send(slack.submission_body("U0ADA", view, values))
    await fake.wait_until(lambda: len(fake.responses("dialog")) == 3)
    assert "for instructors only" in shown(fake.responses("dialog")[2])


async def test_a_dialog_slack_will_not_open_leaves_the_usage_line(slack, fake, monkeypatch):
    monkeypatch.setattr(
        fake, "_views_open", lambda params: {"ok": False, "error": "expired_trigger_id"}
    )
    (usage,) = await slack.ask(ADMIN, "/questions", "add")
    assert usage["response_type"] == "ephemeral"
    assert "Missing PROMPT, ANSWER" in shown(usage) and "/questions add" in shown(usage)
