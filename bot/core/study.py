"""Study commands: fact lookup, glossary, the article list, on this date, help."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from bot.core.api import Reply
from bot.core.commands import BY_PATH, COMMANDS, commands_under
from bot.core.context import Context
from bot.core.replies import Refusal, private
from bot.core.text import clip, neutral, quoted
from bot.core.timing import local_today
from content.calendar import DayEvents, describe, on_this_date, parse_day
from content.model import Studyset

MAX_PASSAGE = 900  # characters of a passage shown; the citation leads to the rest


async def fact(ctx: Context, query: str) -> list[Reply]:
    query, note = clip(query)
    result = ctx.core.index.search(query, k=3)
    lead = ""
    if result.corrected and result.corrected.casefold() != query.casefold():
        lead = f"(Searching for {quoted(result.corrected)}.) "
    if not result.hits:
        maybe = "; ".join(result.suggestions)
        hint = f" Perhaps: {maybe}." if maybe else " Try other words, or /sources."
        return [private(f"{lead}Nothing in the articles answers {quoted(query)}.{hint} {note}")]
    best, *others = result.hits
    text, cut = clip(best.passage.text, MAX_PASSAGE)
    lines = [lead + text + ("…" if cut else "")]
    if others:
        lines.append("See also: " + "; ".join(ctx.studyset.citation(h.passage.id) for h in others))
    if note:
        lines.append(note)
    return [Reply(text="\n".join(lines), citation=ctx.studyset.citation(best.passage.id))]


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
