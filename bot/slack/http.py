"""HTTP mode's routes: a Slack request in, Bolt's answer out; for a distributed app also the
OAuth install page and Slack's redirect back to it (both Bolt's, over studybot's store).

A request Bolt cannot read (a body that is not a form or JSON, undecodable bytes, a timestamp
that is not a number) is answered 400 here, before Bolt would fail on it with a 500.
"""

from __future__ import annotations

import logging

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

log = logging.getLogger(__name__)


def web_app(app: AsyncApp, path: str) -> web.Application:
    async def events(request: web.Request) -> web.Response:
        try:
            bolt_request = await to_bolt_request(request)
            stamp = bolt_request.headers.get("x-slack-request-timestamp", [""])[0]
            if not stamp.isdigit():
                raise ValueError(f"X-Slack-Request-Timestamp {stamp[:20]!r} is not a number")
        except ValueError as problem:  # JSON and Unicode decoding errors are ValueErrors too
            log.info("refused a malformed Slack request: %s", problem)
            return web.Response(status=400, text="malformed Slack request")
        return await to_aiohttp_response(await app.async_dispatch(bolt_request))

    server = web.Application()
    server.router.add_post(path, events)
    flow = app.oauth_flow
    if flow is not None:

        async def install(request: web.Request) -> web.Response:
            return await to_aiohttp_response(
                await flow.handle_installation(await to_bolt_request(request))
            )

        async def redirected(request: web.Request) -> web.Response:
            return await to_aiohttp_response(
                await flow.handle_callback(await to_bolt_request(request))
            )

        server.router.add_get(flow.install_path, install)
        server.router.add_get(flow.redirect_uri_path, redirected)
    return server
