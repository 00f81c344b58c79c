"""Each community's content: swapped in by one store write, loaded lazily, unloaded least
recently used first; a question the new content no longer holds is retired, never an error."""

from __future__ import annotations

import json

from test_core_world import START, Clock, RecordingOutlet, actor, make_studyset, world_dict

from bot.core.engine import Core
from bot.core.library import Library
from db.api import BuildRunning
from db.sqlite import SqliteStore
from db.stores import open_store


async def serve_content(store, community_id: int, data: dict, now=START) -> int:
    """What a finished build does: keep the content and swap it in."""
    build = await store.start_build(community_id, "prof", now, now)
    assert await store.finish_build(build.id, json.dumps(data), "ok", now)
    return build.id


def without_article(article: str) -> dict:
    data = world_dict()
    data["articles"] = [a for a in data["articles"] if a["id"] != article]
    for key in ("passages", "glossary", "events", "questions", "prompts"):
        data[key] = [x for x in data[key] if x.get("article") != article]
    return data


async def test_the_store_swaps_content_in_one_write_and_keeps_it_on_failure(database):
    async with await open_store(database) as store:
        place = await store.community("test", "g1")
        first = await serve_content(store, place.id, world_dict())
        assert (await store.community_by_id(place.id)).content_version == first
        build = await store.start_build(place.id, "prof", START, START)
        try:
            await store.start_build(place.id, "prof", START, START)
            raise AssertionError("a second build ran at once")
        except BuildRunning as running:
            assert running.version == build.id
        await store.fail_build(build.id, "the build process was stopped", START)
        assert (await store.community_by_id(place.id)).content_version == first
        assert (await store.latest_build(place.id)).report == "the build process was stopped"
        # A build left running by a dead process is taken over once stale.
        stuck = await store.start_build(place.id, "prof", START, START)
        fresh = await store.start_build(place.id, "prof", START, START.replace(year=2027))
        assert fresh.id != stuck.id
        assert not await store.finish_build(stuck.id, "{}", "late", START)  # abandoned: no swap
        await store.serve_bundled(place.id)
        assert (await store.community_by_id(place.id)).content_version is None
        # Readings: once per content; removed one by one or all at once.
        one, new = await store.add_reading(
            place.id, "a.pdf", "", "s1", "readings/s1.pdf", "p", START
        )
        again, twice = await store.add_reading(place.id, "b.pdf", "", "s1", "x", "p", START)
        assert new and not twice and again.id == one.id and again.name == "a.pdf"
        await store.add_reading(place.id, "c.html", "http://e.org/c", "s2", "y", "p", START)
        assert await store.remove_readings(place.id, START, one.id) == 1
        assert [r.source for r in await store.readings(place.id)] == ["http://e.org/c"]
        assert await store.remove_readings(place.id, START) == 1
        assert await store.readings(place.id) == []
        await store.fail_build(fresh.id, "stopped", START)
        second = await serve_content(store, place.id, world_dict())
        assert await store.content_json(second) is not None
        assert await store.content_json(first) is None  # no longer served: only its report kept


async def test_other_communities_keep_the_bundled_content(tmp_path):
    async with await SqliteStore.open(tmp_path / "s.sqlite3") as store:
        core = Core(make_studyset(), store, Clock(), RecordingOutlet())
        own = await store.community("test", "guild1")
        await serve_content(store, own.id, without_article("harbour"))
        mine = await core.command(actor("ann", guild="guild1"), ("sources",), {})
        theirs = await core.command(actor("bo", guild="guild2"), ("sources",), {})
        assert "Harbour" not in mine[0].text and "Harbour" in theirs[0].text


async def test_least_recently_used_content_is_unloaded(tmp_path):
    async with await SqliteStore.open(tmp_path / "s.sqlite3") as store:
        library = Library(make_studyset(), store, capacity=2)
        places = [await store.community("test", f"g{n}") for n in range(3)]
        versions = [await serve_content(store, p.id, world_dict()) for p in places]
        places = [await store.community_by_id(p.id) for p in places]
        for place in places[:2]:
            await library.content(place)
        await library.content(places[0])  # used again: g1 is now the least recent
        await library.content(places[2])
        assert library.loaded() == [versions[0], versions[2]]
        again = await library.content(places[1])  # loaded again from the store, on demand
        assert again.version == versions[1] and again.index.search("ITPP").hits


async def test_a_question_the_new_readings_lack_is_retired_in_a_running_round(tmp_path):
    clock, outlet = Clock(), RecordingOutlet()
    async with await SqliteStore.open(tmp_path / "s.sqlite3") as store:
        core = Core(make_studyset(), store, clock, outlet)
        place = await store.community("test", "guild1")
        await serve_content(store, place.id, world_dict())
        await core.command(actor("prof", instructor=True), ("quiz", "start"), {"questions": "3"})
        await core.tick()
        rnd = await store.open_round(place.id, "c1", "live")
        asked = {q["id"]: q["article"] for q in world_dict()["questions"]}
        gone = next(a for q, a in asked.items() if q in rnd.question_ids[1:])
        await serve_content(store, place.id, without_article(gone))
        for _ in range(8):
            clock.advance(seconds=31)
            await core.tick()
        texts = [reply.text for *_, reply in outlet.sent]
        assert any("This question was retired" in t for t in texts)
        assert (await store.get_round(rnd.id)).status == "closed"
        retired = next(q for q in rnd.question_ids if asked[q] == gone)
        answer = await core.answer(actor("ann"), rnd.id, retired, "A")
        assert "retired" in answer[0].text


async def test_autocomplete_names_come_from_the_community_s_own_readings(tmp_path):
    async with await SqliteStore.open(tmp_path / "s.sqlite3") as store:
        core = Core(make_studyset(), store, Clock(), RecordingOutlet())
        own = await store.community("test", "guild1")
        await serve_content(store, own.id, without_article("harbour"))
        path = ("quiz", "start")
        mine = await core.suggest(path, "article", "", 25, actor("ann", guild="guild1"))
        theirs = await core.suggest(path, "article", "", 25, actor("bo", guild="guild2"))
        assert "harbour" not in {value for _, value in mine}
        assert "harbour" in {value for _, value in theirs}


async def test_own_readings_use_their_vectors_only_when_the_file_holds_every_sentence(tmp_path):
    """The build embeds; the bot never does: a vectors file lacking a sentence of the content
    served (built with meaning off, say) leaves lookup by words, and so does a damaged one."""
    import asyncio

    import numpy as np

    from content.model import Studyset
    from content.semantic import Embedder, Semantic, VectorStore, passage_sentences, sentence_key

    class Watched(Embedder):
        def __init__(self) -> None:
            super().__init__()
            self.asked: list[str] = []

        def passages(self, texts):
            self.asked += texts
            return super().passages(texts)

    embedder = Watched()
    bundled = Semantic(VectorStore(), embedder)  # stands for the bundled readings' vectors
    async with await SqliteStore.open(tmp_path / "s.sqlite3") as store:
        places = [await store.community("test", f"g{n}") for n in range(3)]
        for place in places:
            await serve_content(store, place.id, world_dict())
        places = [await store.community_by_id(p.id) for p in places]
        library = Library(make_studyset(), store, bundled, vectors=tmp_path / "vectors")
        keys = sorted(
            {
                sentence_key(s)
                for ss in passage_sentences(Studyset.from_dict(world_dict()))
                for s in ss
            }
        )
        vectors = np.ones((len(keys), 384), dtype=np.float32) / np.sqrt(384)
        whole = VectorStore(library.vectors_file(places[0].id))
        whole.add(keys, vectors)
        whole.save()
        partial = VectorStore(library.vectors_file(places[1].id))
        partial.add(keys[1:], vectors[1:])
        partial.save()
        library.vectors_file(places[2].id).write_bytes(b"not a numpy file")
        ready = [(await library.content(p)).index.semantic_ready for p in places]
        assert ready == [True, False, False]
        await asyncio.sleep(0.3)
        assert embedder.asked == []  # nothing embedded in the bot's process, even later
        # Without the bundled readings' model, no community is looked up by meaning.
        assert Library(make_studyset(), store, None, vectors=tmp_path).vectors_file(1) is None
