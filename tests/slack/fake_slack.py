"""A small Slack on 127.0.0.1: the Web API methods studybot calls, and response_url endpoints.

Every call is recorded as (method, params) so tests can assert on what the app really sent.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import time
from dataclasses import dataclass, field

from aiohttp import web

TEAM = "T0STUDY"
BOT_USER = "U0BOT"
BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"


@dataclass
class FakeUser:
    id: str
    name: str
    is_admin: bool = False
    is_owner: bool = False


@dataclass
class Call:
    method: str
    params: dict
    at: float = field(default_factory=time.perf_counter)  # arrival, for the benchmark
    token: str = ""  # the bearer token it came with


@dataclass
class Workspace:
    """A workspace that installs the app through OAuth: its code is exchanged for its token."""

    team: str
    code: str
    token: str
    installer: str = "U0OWNER"
    expires_in: int = 0  # with token rotation: seconds the token lasts, and a refresh token


@dataclass
class FakeSlack:
    users: dict[str, FakeUser] = field(default_factory=dict)
    groups: dict[str, list[str]] = field(default_factory=dict)  # user-group id -> member ids
    groups_error: str = ""  # e.g. "missing_scope": usergroups.list fails with it
    closed_channels: set[str] = field(default_factory=set)  # private, the bot not invited
    dropped: set[str] = field(default_factory=set)  # methods whose connection is cut mid-call
    rate_limited: dict[str, int] = field(default_factory=dict)  # method -> 429s still to give
    calls: list[Call] = field(default_factory=list)
    messages: dict[tuple[str, str], dict] = field(default_factory=dict)  # (channel, ts) -> params
    files: list[dict] = field(default_factory=list)  # shared files, newest last, as files.list
    file_bytes: dict[str, bytes] = field(default_factory=dict)  # file id -> its bytes
    url: str = ""
    teams: dict[str, str] = field(default_factory=lambda: {BOT_TOKEN: TEAM})  # token -> team
    installable: dict[str, Workspace] = field(default_factory=dict)  # OAuth code -> workspace
    client: tuple[str, str] = ("", "")  # the app's OAuth client id and secret
    refreshable: dict[str, Workspace] = field(default_factory=dict)  # refresh token -> workspace

    def __post_init__(self) -> None:
        self._ts = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._sockets: list[web.WebSocketResponse] = []

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, name: str) -> str:
        return f"{self.url}/respond/{name}"

    def add_user(self, user_id: str, name: str, **flags: bool) -> FakeUser:
        self.users[user_id] = user = FakeUser(user_id, name, **flags)
        return user

    def share_file(self, user: str, channel: str, name: str, data: bytes, **extra) -> dict:
        """A member shares a file in a channel (served at url_private with the bot's token)."""
        file_id = f"F{len(self.files) + 1:04d}"
        shared = {
            "id": file_id,
            "name": name,
            "user": user,
            "channels": [channel],
            "created": int(time.time()),
            "size": len(data),
            "url_private": f"{self.url}/files/{file_id}/{name}",
            **extra,
        }
        self.files.append(shared)
        self.file_bytes[file_id] = data
        return shared

    def called(self, method: str) -> list[dict]:
        return [c.params for c in self.calls if c.method == method]

    def tokens(self, method: str) -> list[str]:
        """The token each call of `method` came with, in order."""
        return [c.token for c in self.calls if c.method == method]

    def offer_install(self, team: str, code: str, token: str) -> Workspace:
        """A workspace whose owner will approve the install: Slack redirects back with `code`."""
        self.installable[code] = workspace = Workspace(team, code, token)
        return workspace

    def revoke(self, team: str) -> None:
        """The workspace uninstalled the app: its tokens stop working."""
        self.teams = {token: t for token, t in self.teams.items() if t != team}

    async def wait_until(self, ready, timeout: float = 5.0) -> None:
        """Wait for the app's background work: until `ready()` holds after some recorded call."""

        async def until() -> None:
            async with self._changed:
                await self._changed.wait_for(ready)

        await asyncio.wait_for(until(), timeout)

    async def wait_for(self, method: str, count: int = 1) -> list[dict]:
        """The first `count` calls of `method`, once made."""
        await self.wait_until(lambda: len(self.called(method)) >= count)
        return self.called(method)[:count]

    def arrived(self, params: dict) -> float:
        """When a recorded call (given by its params) arrived, on the perf_counter clock."""
        return next(c.at for c in self.calls if c.params is params)

    def responses(self, name: str) -> list[dict]:
        """What was posted to one response_url."""
        return [c for c in self.called("response_url") if c["response_url"] == name]

    async def start(self) -> FakeSlack:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/respond/{name}", self._respond)
        app.router.add_get("/link", self._socket)
        app.router.add_get("/files/{id}/{name}", self._file)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        for socket in self._sockets:
            await socket.close()
        if self._runner:
            await self._runner.cleanup()

    async def envelope(self, kind: str, payload: dict, envelope_id: str, **extra) -> None:
        """Deliver a Socket Mode envelope to every connected app."""
        message = {"envelope_id": envelope_id, "type": kind, "payload": payload, **extra}
        for socket in self._sockets:
            await socket.send_json(message)

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()  # answers the client's pings by itself
        await socket.prepare(request)
        self._sockets.append(socket)
        await socket.send_json({"type": "hello", "num_connections": 1})
        async for frame in socket:  # the app's acknowledgements
            await self._record("socket_ack", json.loads(frame.data))
        return socket

    async def _record(self, method: str, params: dict, token: str = "") -> None:
        async with self._changed:
            self.calls.append(Call(method, params, token=token))
            self._changed.notify_all()

    async def _params(self, request: web.Request) -> dict:
        params = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            params.update(await request.post())
        for key in ("blocks", "attachments", "view"):  # form-encoded calls send these as JSON
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        return params

    async def _file(self, request: web.Request) -> web.Response:
        await self._record("file_download", {"id": request.match_info["id"]})
        if request.headers.get("Authorization") != f"Bearer {BOT_TOKEN}":
            return web.Response(status=403)
        return web.Response(body=self.file_bytes[request.match_info["id"]])

    def _files_list(self, params: dict) -> dict:
        found = [
            f
            for f in reversed(self.files)
            if params.get("channel") in f["channels"] and params.get("user") == f["user"]
        ]
        return {"ok": True, "files": found[: int(params.get("count", 100))]}

    async def _respond(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        params["response_url"] = request.match_info["name"]
        await self._record("response_url", params)
        return web.Response(text="ok")

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method in self.dropped:
            request.transport.close()  # a network failure, not an API error
            return web.Response()
        if self.rate_limited.get(method):
            self.rate_limited[method] -= 1
            await self._record("429", {"method": method})
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "0"}
            )
        params = await self._params(request)
        if method == "oauth.v2.access":
            body = self._oauth_v2_access(params, request.headers.get("Authorization", ""))
            await self._record(method, params)
            return web.json_response(body)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        valid = token == APP_TOKEN if method == "apps.connections.open" else token in self.teams
        if not valid:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"}, status=404)
        body = handler(params) if method != "auth.test" else self._auth_test(self.teams[token])
        await self._record(method, params, token)
        return web.json_response(body)

    def _oauth_v2_access(self, params: dict, authorization: str) -> dict:
        """The code Slack's redirect carried, exchanged for the workspace's bot token once."""
        client = base64.b64encode(":".join(self.client).encode()).decode()
        if authorization != f"Basic {client}":
            return {"ok": False, "error": "invalid_client_id"}
        if params.get("grant_type") == "refresh_token":
            return self._refresh(params.get("refresh_token", ""))
        workspace = self.installable.pop(params.get("code", ""), None)
        if workspace is None:
            return {"ok": False, "error": "invalid_code"}
        self.teams[workspace.token] = workspace.team
        return {
            **self._expiry(workspace),
            "ok": True,
            "app_id": "A0STUDY",
            "authed_user": {"id": workspace.installer},
            "scope": "commands,chat:write",
            "token_type": "bot",
            "access_token": workspace.token,
            "bot_user_id": BOT_USER,
            "team": {"id": workspace.team, "name": f"School {workspace.team}"},
            "enterprise": None,
            "is_enterprise_install": False,
        }

    def _expiry(self, workspace: Workspace) -> dict:
        if not workspace.expires_in:
            return {}
        refresh = f"xoxe-{workspace.token}"
        self.refreshable[refresh] = workspace
        return {"refresh_token": refresh, "expires_in": workspace.expires_in}

    def _refresh(self, refresh: str) -> dict:
        """Token rotation: a new token (the old one stops working) and a new refresh token."""
        workspace = self.refreshable.pop(refresh, None)
        if workspace is None:
            return {"ok": False, "error": "invalid_refresh_token"}
        self.teams.pop(workspace.token, None)
        workspace.token = f"{workspace.token}-rotated"
        self.teams[workspace.token] = workspace.team
        rotated = {"ok": True, "token_type": "bot", "access_token": workspace.token}
        return rotated | self._expiry(workspace)

    def _auth_test(self, team: str) -> dict:
        return {
            "ok": True,
            "team_id": team,
            "team": "Study Group",
            "user_id": BOT_USER,
            "bot_id": "B0BOT",
            "url": "https://study.example/",
        }

    def _apps_connections_open(self, params: dict) -> dict:
        return {"ok": True, "url": self.url.replace("http", "ws", 1) + "/link"}

    def _chat_postMessage(self, params: dict) -> dict:
        if params["channel"] in self.closed_channels:
            return {"ok": False, "error": "not_in_channel"}
        ts = f"{1_700_000_000 + next(self._ts)}.000100"
        params["ts"] = ts  # kept with the recorded call, so tests can click and match edits
        self.messages[(params["channel"], ts)] = params
        return {"ok": True, "channel": params["channel"], "ts": ts}

    def _chat_update(self, params: dict) -> dict:
        key = (params["channel"], params["ts"])
        if key not in self.messages:
            return {"ok": False, "error": "message_not_found"}
        self.messages[key] = params
        return {"ok": True, "channel": params["channel"], "ts": params["ts"]}

    def _chat_postEphemeral(self, params: dict) -> dict:
        return {"ok": True, "message_ts": f"{1_700_000_000 + next(self._ts)}.000200"}

    def _views_open(self, params: dict) -> dict:
        if not params.get("trigger_id"):
            return {"ok": False, "error": "invalid_trigger_id"}
        return {"ok": True, "view": {"id": f"V{next(self._ts)}", **params["view"]}}

    def _users_info(self, params: dict) -> dict:
        user = self.users.get(params.get("user", ""))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        return {
            "ok": True,
            "user": {
                "id": user.id,
                "team_id": TEAM,
                "name": user.name,
                "real_name": user.name.title(),
                "is_admin": user.is_admin,
                "is_owner": user.is_owner,
                "profile": {"display_name": user.name, "real_name": user.name.title()},
            },
        }

    def _usergroups_list(self, params: dict) -> dict:
        if self.groups_error:
            return {"ok": False, "error": self.groups_error}
        return {
            "ok": True,
            "usergroups": [
                {"id": gid, "team_id": TEAM, "handle": gid.lower(), "users": members}
                for gid, members in self.groups.items()
            ],
        }
