"""/readings: an instructor's own readings for their community, built in the background.

A reading is checked (its kind, its size; a link fetched safely) and kept before anything is
built; the build runs in a worker process and its progress is one message, edited as it goes.
Only a finished build is swapped in (one store write), so a failed or killed build leaves the
community's previous content in place.
"""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
from datetime import timedelta
from pathlib import Path

from bot.core.api import Reply, Upload
from bot.core.context import Context, Parts
from bot.core.replies import Refusal, private
from bot.core.text import neutral, plural
from bot.readings import worker
from bot.readings.fetch import FetchRefused, fetch
from bot.readings.shelf import ACCEPTED, NotAReading, Shelf, check
from db.api import BuildRunning, Community, ContentVersion, Reading

log = logging.getLogger(__name__)

TITLE = "Building readings"
# A build still "running" this long after it began was abandoned by a process that died.
STALE = timedelta(seconds=worker.BUILD_SECONDS + 60)
_SLACK_LINK = re.compile(r"^<([^|>]+)(?:\|[^>]*)?>$")  # Slack sends links as <url|label>


async def add(ctx: Context, link: str | None = None, file: Upload | None = None) -> list[Reply]:
    shelf = _shelf(ctx)
    if file is not None:
        name, source, data, size = file.name, "", file.data, file.length
        kind_name = name
    elif link:
        name = source = _SLACK_LINK.sub(r"\1", link.strip())
        try:
            fetched = await fetch(source, allow_loopback=shelf.allow_loopback)
        except FetchRefused as problem:
            raise Refusal(f"Not added: {neutral(str(problem), 200)}.") from None
        data = fetched.data
        size = len(data)
        kind_name = f"{Path(source.split('?')[0]).stem or 'page'}{fetched.suffix}"
    elif ctx.actor.platform == "slack":  # a slash command carries no file there
        raise Refusal(
            f"Share the file ({ACCEPTED}) in this channel, then type /readings add; "
            "or give an http(s) link: /readings add https://…"
        )
    else:
        raise Refusal(f"Attach a file ({ACCEPTED}) to /readings add, or give an http(s) link.")
    try:
        suffix = check(kind_name, data, size)
    except NotAReading as problem:
        raise Refusal(f"Not added: {neutral(str(problem), 200)}.") from None
    sha256, stored = await asyncio.to_thread(shelf.keep, data, suffix)
    reading, new = await ctx.store.add_reading(
        ctx.community.id, name, source, sha256, stored, ctx.actor.user_id, ctx.now
    )
    if not new:
        raise Refusal(f"{_label(reading)} is already reading {reading.id} here.")
    return [private(f"Added {_label(reading)} as reading {reading.id}. {await _rebuild(ctx)}")]


async def list_(ctx: Context) -> list[Reply]:
    found = await ctx.store.readings(ctx.community.id)
    if found:
        lines = [
            f"{r.id}. {_label(r)} (added {r.added_at:%Y-%m-%d} by {neutral(r.added_by)})"
            for r in found
        ]
    else:
        lines = ["No readings of this community's own: it studies the bundled readings."]
    last = await ctx.store.latest_build(ctx.community.id)
    if last is not None:
        lines += ["", _build_line(last)]
    return [private("\n".join(lines), title="Readings")]


async def remove(ctx: Context, id: int) -> list[Reply]:
    if not await ctx.store.remove_readings(ctx.community.id, ctx.now, id):
        raise Refusal(f"There is no reading {id} here; /readings list shows them.")
    return [private(f"Removed reading {id}. {await _rebuild(ctx)}")]


async def reset(ctx: Context) -> list[Reply]:
    removed = await ctx.store.remove_readings(ctx.community.id, ctx.now)
    await ctx.store.serve_bundled(ctx.community.id)
    return [
        private(
            f"Back to the bundled readings ({plural(removed, 'reading')} of this community's "
            "own removed)."
        )
    ]


def _shelf(ctx: Context) -> Shelf:
    if ctx.core.shelf is None:
        raise Refusal("Readings cannot be added here: this bot runs without a data folder.")
    return ctx.core.shelf


def _label(reading: Reading) -> str:
    return neutral(reading.name, 80)


def _build_line(build: ContentVersion) -> str:
    when = f"{(build.finished_at or build.started_at):%Y-%m-%d %H:%M} UTC"
    if build.status == "running":
        return f"A build is running (started {when})."
    if build.status == "failed":
        return f"The last build failed ({when}): {build.report}"
    return f"Last build ({when}):\n{build.report}"


async def _rebuild(ctx: Context) -> str:
    """Start a build of the community's readings in the background; what to tell the asker."""
    if not await ctx.store.readings(ctx.community.id):
        await ctx.store.serve_bundled(ctx.community.id)
        return "No readings are left: back to the bundled readings."
    try:
        build = await ctx.store.start_build(
            ctx.community.id, ctx.actor.user_id, ctx.now, ctx.now - STALE
        )
    except BuildRunning:
        return "A build is running already; it builds again with this change when it is done."
    try:
        ref = await ctx.post(Reply(text="Starting…", title=TITLE))
    except BaseException:  # e.g. the bot may not post here: no build waits on a message
        await ctx.store.fail_build(build.id, "its progress could not be posted", ctx.now)
        raise
    ctx.core.spawn(run(ctx.core, ctx.community, ctx.actor.channel_id, ref, build))
    return "Building in the background: progress in the message above."


async def run(core: Parts, community: Community, channel: str, ref: str, build: ContentVersion):
    """Build until the readings built are the readings there are (one may be added or removed
    meanwhile); each build swaps in only once it is done."""
    say = _Progress(core, community, channel, ref)
    while True:
        readings = await core.store.readings(community.id)
        if not readings:
            await core.store.fail_build(build.id, "no readings left", core.clock())
            await core.store.serve_bundled(community.id)
            await say("No readings are left: back to the bundled readings.")
            return
        try:
            said = await _build(core, build, readings, say)
        except worker.BuildFailed as problem:
            said = f"Build failed: {problem}. This community keeps its previous readings."
            await core.store.fail_build(build.id, str(problem), core.clock())
        now = core.clock()
        if [r.id for r in await core.store.readings(community.id)] == [r.id for r in readings]:
            await say(said)
            return
        await say("The readings changed while building; building again…")
        build = await core.store.start_build(community.id, build.started_by, now, now - STALE)


async def _build(core: Parts, build: ContentVersion, readings: list[Reading], say) -> str:
    shelf = core.shelf
    folder = await asyncio.to_thread(shelf.workspace)
    try:
        names = await asyncio.to_thread(_lay_out, shelf, folder / "readings", readings)

        async def progress(n: int, of: int, file: str) -> None:
            await say(f"Reading {n} of {of}: {names[file][1] if file in names else file} …")

        async def embedding(n: int, of: int) -> None:
            await say(f"Embedding sentences for lookup by meaning: {n} of {of} …")

        out = folder / "studyset.json"
        vectors = core.library.vectors_file(build.community_id)
        summary, skipped = await worker.build(
            folder / "readings", out, progress, vectors=vectors, embedding=embedding
        )
        text = await asyncio.to_thread(out.read_text, encoding="utf-8")
        if not await core.store.finish_build(build.id, text, summary, core.clock()):
            raise worker.BuildFailed("it was overtaken (marked abandoned) before it finished")
        for file, reason in skipped:
            reading, name = names[file]
            summary += f"\nSkipped {name}: {reason} (/readings remove {reading} takes it off)."
        return summary
    except BaseException as problem:  # cancelled (the bot stops), or a bug: never left running
        if not isinstance(problem, worker.BuildFailed):
            await asyncio.shield(
                core.store.fail_build(build.id, "the build was interrupted", core.clock())
            )
        raise
    finally:
        await asyncio.to_thread(shutil.rmtree, folder, True)


def _lay_out(shelf: Shelf, folder: Path, readings: list[Reading]) -> dict[str, tuple[int, str]]:
    """Copy each reading into the build folder as NNN-name.ext; file -> (reading id, name)."""
    folder.mkdir()
    names = {}
    for reading in readings:
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(reading.name.split("?")[0]).stem)[:40]
        file = f"{reading.id:03d}-{stem.strip('-.') or 'reading'}{Path(reading.stored).suffix}"
        shutil.copyfile(shelf.path(reading.stored), folder / file)
        names[file] = (reading.id, _label(reading))
    return names


class _Progress:
    """One message, edited as the build goes; a failed edit is logged, the build goes on."""

    def __init__(self, core: Parts, community: Community, channel: str, ref: str) -> None:
        self.core, self.community, self.channel, self.ref = core, community, channel, ref

    async def __call__(self, text: str) -> None:
        try:
            await self.core.outlet.edit(
                self.community.external_id, self.channel, self.ref, Reply(text=text, title=TITLE)
            )
        except Exception:
            log.warning("could not show build progress in %s", self.channel, exc_info=True)
