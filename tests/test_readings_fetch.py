"""Fetching links safely, against a real HTTP server on 127.0.0.1 (allowed only by the
test-only setting) that also redirects to private and metadata addresses."""

from __future__ import annotations

import asyncio
import io
import json

import pytest
from aiohttp import web
from test_core_world import write_studyset

from bot.console.app import serve
from bot.console.session import Clock, parse_instant
from bot.readings import fetch as fetching
from bot.readings.fetch import FetchRefused, fetch
from bot.settings import Settings

ARTICLE = (
    "<html><head><title>Harbour pilots and the tide</title></head><body><article>"
    "<h1>Harbour pilots and the tide</h1>"
    + "".join(
        f"<p>Paragraph {n}: harbour pilots in Rotterdam guide container ships through the "
        f"narrow channel at high tide, a job that the port authority licensed in 1987.</p>"
        for n in range(12)
    )
    + "</article></body></html>"
)


@pytest.fixture
async def server():
    async def page(request):
        return web.Response(text=ARTICLE, content_type="text/html")

    async def image(request):
        return web.Response(body=b"\x89PNG....", content_type="image/png")

    async def to_private(request):
        raise web.HTTPFound("http://10.1.2.3/secret")

    async def to_metadata(request):
        raise web.HTTPFound("http://169.254.169.254/latest/meta-data/")

    async def to_page(request):
        raise web.HTTPFound("/page.html")

    async def slow(request):
        await asyncio.sleep(5)
        return web.Response(text=ARTICLE, content_type="text/html")

    async def big(request):
        response = web.StreamResponse(headers={"Content-Type": "text/plain"})
        await response.prepare(request)
        for _ in range(21):
            await response.write(b"a" * 2**20)
        return response

    app = web.Application()
    for path, handler in {
        "/page.html": page,
        "/image": image,
        "/private": to_private,
        "/metadata": to_metadata,
        "/moved": to_page,
        "/slow": slow,
        "/big": big,
    }.items():
        app.router.add_get(path, handler)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


async def test_loopback_is_refused_without_the_test_setting(server):
    with pytest.raises(FetchRefused, match="private, loopback"):
        await fetch(f"{server}/page.html")
    fetched = await fetch(f"{server}/page.html", allow_loopback=True)
    assert fetched.suffix == ".html" and b"Harbour pilots" in fetched.data


@pytest.mark.parametrize("path", ["/private", "/metadata"])
async def test_a_redirect_to_a_private_address_is_refused(server, path):
    with pytest.raises(FetchRefused, match="private, loopback, link-local or metadata"):
        await fetch(f"{server}{path}", allow_loopback=True)


async def test_a_redirect_to_a_public_place_is_followed(server):
    fetched = await fetch(f"{server}/moved", allow_loopback=True)
    assert fetched.url.endswith("/page.html")


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("file:///etc/passwd", "only http:// and https://"),
        ("ftp://example.org/a.pdf", "only http:// and https://"),
        ("http://user:pw@example.org/", "user name or password"),
        ("http://[::1]/", "private, loopback"),
        ("http://0.0.0.0/", "private, loopback"),
        ("http://[::ffff:127.0.0.1]/", "private, loopback"),
    ],
)
async def test_other_schemes_and_addresses_are_refused(url, says):
    with pytest.raises(FetchRefused, match=says):
        await fetch(url)


async def test_content_type_size_and_time_are_capped(server, monkeypatch):
    with pytest.raises(FetchRefused, match="image/png, not a web page"):
        await fetch(f"{server}/image", allow_loopback=True)
    with pytest.raises(FetchRefused, match="larger than 20 MB"):
        await fetch(f"{server}/big", allow_loopback=True)
    monkeypatch.setattr(fetching, "TIMEOUT_SECONDS", 0.5)
    with pytest.raises(FetchRefused, match="took longer than"):
        await fetch(f"{server}/slow", allow_loopback=True)


async def play(tmp_path, script, *, loopback: bool):
    out = io.StringIO()
    settings = Settings(
        content=write_studyset(tmp_path / "world.json"),
        database=tmp_path / "data" / "bot.sqlite3",
        test_fetch_loopback=loopback,
    )
    options = {"user": "ann", "instructor": True, "json_lines": True, "community": "c"}
    clock = Clock(fixed=parse_instant("2026-02-24T09:00"))
    assert await serve(settings, io.StringIO(script), out, clock=clock, **options) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


async def test_a_link_through_the_console_only_with_the_test_setting(server, tmp_path):
    lines = await play(tmp_path, f"/readings add {server}/page.html\n", loopback=False)
    assert len(lines) == 1 and "Not added: 127.0.0.1 is a private, loopback" in lines[0]["text"]
    lines = await play(
        tmp_path,
        f"/readings add {server}/private\n/readings add {server}/page.html\n/wait\n"
        "/fact harbour pilots Rotterdam\n",
        loopback=True,
    )
    assert "Not added" in lines[0]["text"] and "private" in lines[0]["text"]
    fact = next(line for line in lines if "citation" in line)  # the /fact answer
    assert "Harbour pilots and the tide" in fact["citation"]
