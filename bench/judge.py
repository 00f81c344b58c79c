"""Answer judging on the dev set: this engine against two rules used by other quiz bots.

The baselines are re-implemented from their description: Red-DiscordBot trivia (lowercase; a
multi-word answer must be a substring of the guess, a one-word answer one of its space-separated
tokens) and sir-lancebot (rapidfuzz ratio of answer and guess, lowercased, above 88).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rapidfuzz import fuzz

from content import judge as engine

DEV = Path(__file__).resolve().parents[2] / "shared" / "judge_dev.jsonl"
GOAL_PER_SECOND = 20_000


def red_trivia(answers: Sequence[str], guess: str) -> bool:
    guess = guess.lower()
    for answer in (a.lower() for a in answers):
        if (" " in answer and answer in guess) or answer in guess.split(" "):
            return True
    return False


def sir_lancebot(answers: Sequence[str], guess: str) -> bool:
    return any(fuzz.ratio(a.lower(), guess.lower()) > 88 for a in answers)


def _forget_answers() -> None:
    engine._answer.cache_clear()
    engine._forms.cache_clear()


def run() -> None:
    if not DEV.is_file():
        print(f"skipped: no dev set at {DEV}")
        return
    items = [json.loads(line) for line in DEV.open(encoding="utf-8") if line.strip()]
    rules: list[tuple[str, Callable[[Sequence[str], str], bool]]] = [
        ("studybot judge", engine.judge),
        ("Red trivia rule", red_trivia),
        ("sir-lancebot rule", sir_lancebot),
    ]
    print(f"dev set: {len(items)} items ({sum(i['ok'] for i in items)} should be accepted)")
    print(
        f"{'rule':<20}{'right':>8}{'accuracy':>10}{'false acc.':>12}{'on numbers':>12}{'false rej.':>12}"
    )
    for name, rule in rules:
        right = false_accepts = number_false_accepts = false_rejects = 0
        for item in items:
            said = rule(item["answers"], item["response"])
            right += said == item["ok"]
            if said and not item["ok"]:
                false_accepts += 1
                number_false_accepts += any(c.isdigit() for c in "".join(item["answers"]))
            false_rejects += item["ok"] and not said
        print(
            f"{name:<20}{right:>5}/{len(items):<2}{right / len(items):>10.1%}"
            f"{false_accepts:>12}{number_false_accepts:>12}{false_rejects:>12}"
        )
    warm = _per_second(items, lambda: None)
    cold = _per_second(items, _forget_answers)
    print(
        f"judgements per second: {warm:,.0f} with answers prepared once per question, "
        f"{cold:,.0f} preparing them every time (goal {GOAL_PER_SECOND:,}: "
        f"{warm / GOAL_PER_SECOND:.1f}x / {cold / GOAL_PER_SECOND:.1f}x)"
    )


def _per_second(items: list[dict], before_each: Callable[[], None]) -> float:
    pairs = [(item["answers"], item["response"]) for item in items]
    engine.judge(*pairs[0])  # load the word list outside the timing
    count, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < 1.0:
        for answers, response in pairs:
            before_each()
            engine.judge(answers, response)
        count += len(pairs)
    return count / elapsed
