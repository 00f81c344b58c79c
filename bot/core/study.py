"""Study commands: fact lookup, glossary, the article list, on this date, help."""

from __future__ import annotations

import asyncio
import re

from rapidfuzz import fuzz, process

from bot.core.api import Action, Reply
from bot.core.commands import BY_PATH, COMMANDS, commands_under
from bot.core.context import Context
from bot.core.replies import Refusal, private
from bot.core.text import clip, clip_words, neutral, quoted
from bot.core.timing import local_today
from content.calendar import DayEvents, describe, on_this_date, parse_day
from content.lookup import Hit, clean_question
from content.model import Studyset
from content.sentences import split_sentences

MAX_EXCERPT = 500  # characters of a passage a /fact reply shows; "Full passage" shows the rest
MAX_FULL = 3500  # a full passage, cut at a word end only if a reading has one this long
MAX_ACTION_ID = 64  # passage ids longer than this cannot ride in a button's id
_MORE = re.compile(r"more(?:\s+(\S+))?", re.IGNORECASE)


async def fact(ctx: Context, query: str) -> list[Reply]:
    query, note = clip(query)
    more = _MORE.fullmatch(query)
    if more and (more.group(1) is None or more.group(1) in ctx.studyset.passage_by_id):
        return [full_passage(ctx.studyset, more.group(1))]
    # Off the event loop: embedding the question is ~10-100 ms of CPU, the first ask builds
    # the index.
    result = await asyncio.to_thread(lambda: ctx.index.search(query, k=3))
    lead = ""
    if result.corrected and result.corrected.casefold() != clean_question(query).casefold():
        lead = f"(Searching for {quoted(result.corrected)}.) "
    if not result.hits:
        maybe = "; ".join(result.suggestions)
        hint = f" Perhaps: {maybe}." if maybe else " Try other words, or /sources."
        return [private(f"{lead}Nothing in the articles answers {quoted(query)}.{hint} {note}")]
    best, *others = result.hits
    text, shortened = excerpt(best)
    lines = [lead + text]
    if others:
        lines.append("See also: " + "; ".join(ctx.studyset.citation(h.passage.id) for h in others))
    if note:
        lines.append(note)
    offer = shortened and len(best.passage.id) <= MAX_ACTION_ID
    return [
        Reply(
            text="\n".join(lines),
            citation=ctx.studyset.citation(best.passage.id),
            actions=(full_passage_action(best.passage.id),) if offer else (),
        )
    ]


def excerpt(hit: Hit) -> tuple[str, bool]:
    """The reply's text: the answering sentences in bold, then as many of the sentences after
    them as fit in MAX_EXCERPT, never cut inside a word; and whether anything was left out."""
    text = hit.passage.text
    start, end = hit.answer if hit.answer[1] > hit.answer[0] else (0, len(text))
    answer, cut = clip_words(text[start:end].strip(), MAX_EXCERPT)
    shown = f"**{answer}**" + ("…" if cut else "")
    room = MAX_EXCERPT - len(answer)
    following = split_sentences(text[end:]) if not cut else []
    taken = 0
    for sentence in following:
        if len(sentence) + 1 > room:
            break
        shown += " " + sentence
        room -= len(sentence) + 1
        taken += 1
    left_out = start > 0 or cut or taken < len(following)
    return ("… " if start > 0 else "") + shown + (" …" if taken < len(following) else ""), left_out


def full_passage_action(passage_id: str) -> Action:
    return Action("Full passage", ("fact",), {"query": f"more {passage_id}"})


def full_passage(studyset: Studyset, passage_id: str | None) -> Reply:
    """The whole passage a /fact reply shortened (its "Full passage" button)."""
    passage = studyset.passage_by_id.get(passage_id or "")
    if passage is None:
        return private(
            "Use the Full passage button under a /fact answer, or type the "
            "`/fact more …` line shown there."
        )
    text, _ = clip_words(passage.text, MAX_FULL)
    return private(text, citation=studyset.citation(passage.id), title="Full passage")


async def define(ctx: Context, term: str) -> list[Reply]:
    term, note = clip(term, 80)
    entry = ctx.studyset.define(term.strip(" ?.!"))
    if entry is None:
        names = [name for g in ctx.studyset.glossary for name in g.names()]
        wanted = term.casefold().strip(" ?.!")
        close = process.extract(wanted, names, scorer=fuzz.WRatio, limit=3, score_cutoff=75)
        hint = f" Did you mean {', '.join(c[0] for c in close)}?" if close else ""
        return [private(f"{quoted(term)} is not in the glossary.{hint} {note}".strip())]
    text = f"{entry.term}: {entry.expansion}"
    if entry.variants:
        text += f" (also written {'; '.join(entry.variants)})"
    return [Reply(text=text, citation=ctx.studyset.citation(entry.passage), title="Glossary")]


async def sources(ctx: Context) -> list[Reply]:
    lines = []
    for i, article in enumerate(ctx.studyset.articles, 1):
        # A dash, not brackets: publisher names carry brackets of their own.
        where = ", ".join(filter(None, [article.publisher, article.published]))
        lines.append(f"{i}. “{article.title}”{article.byline}" + (f" — {where}" if where else ""))
    return [Reply(text="\n".join(lines) or "No articles loaded.", title="The articles")]


async def onthisdate(ctx: Context, date: str | None = None) -> list[Reply]:
    today = local_today(ctx.now, ctx.community.timezone)
    if date:
        text, _ = clip(date, 40)
        try:
            day = parse_day(text, today)
        except ValueError as problem:  # the engine names what is wrong with the date
            raise Refusal(neutral(str(problem), 120) + ".") from None
    else:
        day = today
    return [day_reply(ctx.studyset, on_this_date(ctx.studyset, day))]


def day_reply(studyset: Studyset, found: DayEvents) -> Reply:
    """The engine's answer as a reply (the command and the daily post)."""
    return Reply(text=describe(studyset, found), title="On this date")


async def help_(ctx: Context, command: str | None = None) -> list[Reply]:
    if command:
        path = tuple(command.lower().removeprefix("/").split())
        found = [BY_PATH[path]] if path in BY_PATH else commands_under(path)
        if not found:
            raise Refusal(f"There is no /{neutral(command)} command. /help lists them all.")
    else:
        found = list(COMMANDS)
    lines = [
        f"`{c.usage}` {c.help}" + (" (instructors)" if c.instructor else "")
        for c in found
        if not c.instructor or ctx.instructor or command
    ]
    return [private("\n".join(lines), title="studybot commands")]
