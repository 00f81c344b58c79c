"""A small Discord on 127.0.0.1: the REST routes and the gateway the bot really uses.

The real discord.py client talks to it over HTTP and a websocket (text JSON frames), so
tests and the benchmark exercise the library's own code paths with no network. Everything
the bot sends lands in plain dicts the tests can read: `messages`, `outputs`, `requests`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from aiohttp import WSMsgType, web

TOKEN = "fake-bot-token"
APP_ID = 700000000000000001
BOT_ID = 700000000000000002
GUILD_ID = 800000000000000001
CHANNEL_ID = 800000000000000002
OWNER_ID = 900000000000000001
INSTRUCTOR_ROLE_ID = 800000000000000009
MANAGE_GUILD = 1 << 5
EVERYONE_PERMISSIONS = 0x0000_0400 | 0x0000_0800  # view channel, send messages

BOT_USER = {
    "id": str(BOT_ID),
    "username": "studybot",
    "discriminator": "0",
    "global_name": None,
    "avatar": None,
    "bot": True,
    "flags": 0,
}


def _json(data, status: int = 200, headers: dict | None = None) -> web.Response:
    # discord.py parses a body only when the Content-Type is exactly application/json
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def user_payload(user_id: int, name: str) -> dict:
    return {
        "id": str(user_id),
        "username": name,
        "discriminator": "0",
        "global_name": name,
        "avatar": None,
    }


@dataclass
class Output:
    """Something the bot did in answer to one interaction: its callback or a follow-up."""

    kind: str  # "callback" | "followup" | "edit-original"
    type: int  # callback type (4 message, 7 update, 8 autocomplete, 9 modal, ...); 0 otherwise
    data: dict
    message: dict | None = None  # the message it made or changed, as later clicks see it
    arrived: float = field(default_factory=time.perf_counter)  # when the fake received it
    cpu: float = field(default_factory=time.process_time)  # this process's CPU time by then

    @property
    def ephemeral(self) -> bool:
        """Only the member sees it (an edit keeps the flags of the message it edits)."""
        flags = self.data.get("flags") or (self.message or {}).get("flags") or 0
        return bool(flags & 64)

    @property
    def acknowledgement(self) -> bool:
        """A deferral ("thinking…"): the interaction is answered, its reply comes later."""
        return self.kind == "callback" and self.type == 5

    @property
    def embeds(self) -> list[dict]:
        return self.data.get("embeds") or []

    @property
    def text(self) -> str:
        """Content, embed titles, descriptions and footers, joined: what a reader sees."""
        parts = [self.data.get("content") or ""]
        for embed in self.embeds:
            parts += [embed.get("title", ""), embed.get("description", "")]
            parts += [f"{f.get('name', '')} {f.get('value', '')}" for f in embed.get("fields", [])]
            parts.append(embed.get("footer", {}).get("text", ""))
        return "\n".join(p for p in parts if p)

    @property
    def files(self) -> dict[str, str]:
        """Attached files by name, as text."""
        return self.data.get(FILES, {})

    @property
    def buttons(self) -> list[dict]:
        return [c for row in self.data.get("components", []) for c in row.get("components", [])]


@dataclass
class Shard:
    """One gateway connection: a shard of the bot, identified as [id, count]."""

    ws: web.WebSocketResponse
    id: int = 0
    count: int = 1
    seq: int = 0
    session_id: str = ""


@dataclass
class Stall:
    """The first request matching method and path is held unanswered until the fake closes:
    whoever sent it is stuck mid-job. `by` says which caller (see `api_url_for`) it was."""

    method: str
    pattern: re.Pattern
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    by: str = ""


@dataclass
class Rule:
    """Answer the next `times` requests matching method and path with a 429."""

    method: str
    pattern: re.Pattern
    times: int
    retry_after: float
    hits: int = 0


@dataclass
class Member:
    id: int
    name: str
    roles: list[str] = field(default_factory=list)
    permissions: int = EVERYONE_PERMISSIONS

    def payload(self) -> dict:
        return {
            "user": user_payload(self.id, self.name),
            "roles": self.roles,
            "permissions": str(self.permissions),
            "joined_at": "2026-01-01T00:00:00+00:00",
            "nick": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
        }


@dataclass(frozen=True)
class Role:
    id: int
    name: str


class FakeDiscord:
    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self._ids = itertools.count(1_000_000_000_000_000_000)
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.requests: list[tuple[str, str]] = []
        self.messages: dict[int, dict] = {}  # message id -> latest payload
        self.threads: list[dict] = []
        self.commands: dict[str, list[dict]] = {}  # "global" or guild id -> synced commands
        self.outputs: dict[int, list[Output]] = defaultdict(list)  # interaction id -> outputs
        self._output_added = asyncio.Condition()
        self._tokens: dict[str, int] = {}  # interaction token -> interaction id
        self._interactions: dict[int, dict] = {}
        self._rules: list[Rule] = []
        self.channels = [CHANNEL_ID]
        self.forbidden: set[int] = set()  # channels the bot may not post in
        self.guilds = [GUILD_ID]  # servers the bot is in; more make sense with several shards
        self.calls: list[tuple[str, str, str]] = []  # (caller, method, path), see api_url_for
        self._stalls: list[Stall] = []
        self._closing = asyncio.Event()
        # gateway: one connection per shard, by shard id
        self.shard_count = 1  # what GET /gateway/bot recommends
        self.shards: dict[int, Shard] = {}
        self.identifies = 0
        self.identify: dict = {}  # the last IDENTIFY payload
        self.resumes = 0
        self.resumed = asyncio.Event()

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        app.router.add_route("*", "/{caller}/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        self._closing.set()
        for shard in list(self.shards.values()):
            await shard.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    def api_url_for(self, caller: str) -> str:
        """The REST base for one of several bot processes: its calls are recorded as `caller`'s."""
        return f"http://127.0.0.1:{self.port}/{caller}/api/v10"

    @property
    def _ws(self) -> web.WebSocketResponse | None:
        """The connection of the shard GUILD_ID's events go to."""
        shard = self.shards.get(self.shard_of(GUILD_ID))
        return shard.ws if shard else None

    def shard_of(self, guild_id: int) -> int:
        """Discord's rule: a server's events go to shard (guild_id >> 22) % shard count."""
        count = next(iter(self.shards.values())).count if self.shards else self.shard_count
        return (guild_id >> 22) % count

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def next_id(self) -> int:
        return next(self._ids)

    # -- test controls -------------------------------------------------------------------------

    def rate_limit(self, method: str, path: str, *, times: int = 1, retry_after: float = 0.05):
        """The next `times` requests to a path matching the regex `path` get a 429."""
        rule = Rule(method, re.compile(path), times, retry_after)
        self._rules.append(rule)
        return rule

    def stall(self, method: str, path: str) -> Stall:
        """Hold the next request to a path matching the regex `path` unanswered."""
        stall = Stall(method, re.compile(path))
        self._stalls.append(stall)
        return stall

    def channel_messages(self, channel_id: int = CHANNEL_ID) -> list[dict]:
        """Messages the bot posted on its own (not replies to interactions), oldest first."""
        return [
            m
            for m in self.messages.values()
            if m["channel_id"] == str(channel_id) and "interaction_metadata" not in m
        ]

    async def drop_connection(self) -> None:
        """Close the gateway socket the way a network blip does (code 4000: resumable)."""
        self.resumed.clear()
        assert self._ws is not None, "no gateway connection to drop"
        await self._ws.close(code=4000)

    async def dispatch(self, event: str, data: dict, shard: int | None = None) -> None:
        """Send an event to `shard`, by default to the shard of the server it is about."""
        if shard is None:
            shard = self.shard_of(int(data.get("guild_id") or GUILD_ID))
        connection = self.shards.get(shard)
        assert connection is not None and not connection.ws.closed, (
            f"shard {shard} is not connected"
        )
        connection.seq += 1
        await connection.ws.send_json({"op": 0, "t": event, "s": connection.seq, "d": data})

    async def first_output(self, interaction_id: int, timeout: float = 10) -> Output:
        """What the bot did first in answer to an interaction, once it did it."""
        async with self._output_added:
            await asyncio.wait_for(
                self._output_added.wait_for(lambda: self.outputs[interaction_id]), timeout
            )
        return self.outputs[interaction_id][0]

    async def _add_output(self, interaction_id: int, output: Output) -> None:
        async with self._output_added:
            self.outputs[interaction_id].append(output)
            self._output_added.notify_all()

    # -- interactions --------------------------------------------------------------------------

    def _interaction(self, kind: int, data: dict, member: Member, channel_id: int, **extra):
        interaction_id = self.next_id()
        token = f"itoken-{interaction_id}"
        payload = {
            "id": str(interaction_id),
            "application_id": str(APP_ID),
            "type": kind,
            "token": token,
            "version": 1,
            "attachment_size_limit": 8_388_608,
            "guild_id": str(GUILD_ID),
            "channel_id": str(channel_id),
            "channel": {
                "id": str(channel_id),
                "type": 0,
                "guild_id": str(GUILD_ID),
                "name": "study",
            },
            "member": member.payload(),
            "app_permissions": "0",
            "locale": "en-GB",
            "data": data,
            **extra,
        }
        self._tokens[token] = interaction_id
        self._interactions[interaction_id] = payload
        return interaction_id, payload

    def slash_payload(
        self,
        member: Member,
        name: str,
        options: dict | None = None,
        *,
        group: tuple[str, ...] = (),
        channel_id: int = CHANNEL_ID,
        focused: str | None = None,
    ):
        """A slash command (type 2), or its autocomplete (type 4) when `focused` names an option."""
        opts, resolved = [], {}
        for key, value in (options or {}).items():
            option = {"name": key, "type": _option_type(value), "value": value}
            if isinstance(value, Role):
                option["value"] = str(value.id)
                resolved.setdefault("roles", {})[str(value.id)] = _role(value.id, value.name, 1, 0)
            if isinstance(value, Member):  # a member picker sends the id and resolves it aside
                option["value"] = str(value.id)
                member_payload = value.payload()
                resolved.setdefault("users", {})[str(value.id)] = member_payload.pop("user")
                resolved.setdefault("members", {})[str(value.id)] = member_payload
            if key == focused:
                option["focused"] = True
            opts.append(option)
        for sub in reversed(group):
            opts = [{"name": sub, "type": 1, "options": opts}]
        # subcommand groups are type 2; only the outermost of two levels is a group
        if len(group) == 2:
            opts[0]["type"] = 2
        command = self._command_named(name)
        data = {"id": command["id"], "name": name, "type": 1, "options": opts}
        if resolved:
            data["resolved"] = resolved
        if "guild_id" in command:
            data["guild_id"] = command["guild_id"]
        return self._interaction(4 if focused else 2, data, member, channel_id)

    def click_payload(self, member: Member, message: dict, custom_id: str):
        data = {"custom_id": custom_id, "component_type": 2}
        return self._interaction(3, data, member, int(message["channel_id"]), message=message)

    def modal_payload(
        self, member: Member, custom_id: str, values: dict[str, str], channel_id: int
    ):
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]}
            for k, v in values.items()
        ]
        return self._interaction(
            5, {"custom_id": custom_id, "components": rows}, member, channel_id
        )

    def _command_named(self, name: str) -> dict:
        for commands in self.commands.values():
            for command in commands:
                if command["name"] == name:
                    return command
        raise AssertionError(f"the bot never synced a command named {name!r}")

    # -- REST ----------------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        self.requests.append((request.method, path))
        caller = request.match_info.get("caller", "")
        self.calls.append((caller, request.method, path))
        for stall in self._stalls:
            if stall.method == request.method and stall.pattern.fullmatch(path) and not stall.by:
                stall.by = caller
                stall.arrived.set()
                await self._closing.wait()
                return _json({"message": "fake Discord is closing", "code": 0}, 503)
        for rule in self._rules:
            if rule.method == request.method and rule.pattern.fullmatch(path) and rule.times:
                rule.times -= 1
                rule.hits += 1
                body = {
                    "message": "You are being rate limited.",
                    "retry_after": rule.retry_after,
                    "global": False,
                }
                return _json(body, 429, {"Via": "1.1 google", "Retry-After": str(rule.retry_after)})
        if request.headers.get("Authorization") != f"Bot {self.token}" and not path.startswith(
            ("/interactions/", "/webhooks/")
        ):
            return _json({"message": "401: Unauthorized", "code": 0}, 401)
        body = await _read_body(request)
        for method, pattern, handler in self._routes():
            match = pattern.fullmatch(path)
            if method == request.method and match:
                return await handler(body, **match.groupdict())
        return _json(
            {"message": f"fake Discord has no route {request.method} {path}", "code": 0}, 404
        )

    def _routes(self):
        return (
            ("GET", re.compile(r"/users/@me"), self._me),
            ("GET", re.compile(r"/oauth2/applications/@me"), self._application),
            ("GET", re.compile(r"/gateway/bot"), self._gateway_bot),
            ("PUT", re.compile(r"/applications/\d+/commands"), self._sync_global),
            (
                "PUT",
                re.compile(r"/applications/\d+/guilds/(?P<guild>\d+)/commands"),
                self._sync_guild,
            ),
            (
                "POST",
                re.compile(r"/interactions/(?P<iid>\d+)/(?P<token>[^/]+)/callback"),
                self._callback,
            ),
            ("POST", re.compile(r"/webhooks/\d+/(?P<token>[^/]+)"), self._followup),
            (
                "PATCH",
                re.compile(r"/webhooks/\d+/(?P<token>[^/]+)/messages/@original"),
                self._edit_original,
            ),
            ("POST", re.compile(r"/channels/(?P<channel>\d+)/messages"), self._create_message),
            (
                "PATCH",
                re.compile(r"/channels/(?P<channel>\d+)/messages/(?P<mid>\d+)"),
                self._edit_message,
            ),
            (
                "POST",
                re.compile(r"/channels/(?P<channel>\d+)/messages/(?P<mid>\d+)/threads"),
                self._thread,
            ),
        )

    async def _me(self, body):
        return _json(BOT_USER)

    async def _application(self, body):
        return _json(
            {
                "id": str(APP_ID),
                "name": "studybot",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": user_payload(OWNER_ID, "owner"),
                "verify_key": "0" * 64,
                "flags": 0,
            }
        )

    async def _gateway_bot(self, body):
        limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        return _json(
            {"url": self.gateway_url, "shards": self.shard_count, "session_start_limit": limit}
        )

    def _store_commands(self, scope: str, body: list[dict], guild: str | None = None):
        stored = []
        for command in body:
            command = {**command, "id": str(self.next_id()), "application_id": str(APP_ID)}
            command.setdefault("version", "1")
            if guild:
                command["guild_id"] = guild
            stored.append(command)
        self.commands[scope] = stored
        return _json(stored)

    async def _sync_global(self, body):
        return self._store_commands("global", body)

    async def _sync_guild(self, body, guild):
        return self._store_commands(guild, body, guild)

    def _new_message(self, channel_id: str, body: dict, *, interaction: dict | None = None) -> dict:
        message = {
            "id": str(self.next_id()),
            "channel_id": channel_id,
            "guild_id": str(GUILD_ID),
            "author": BOT_USER,
            "content": body.get("content") or "",
            "timestamp": datetime.now(UTC).isoformat(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [
                {
                    "id": str(self.next_id()),
                    "filename": name,
                    "size": len(text),
                    "url": "",
                    "proxy_url": "",
                }
                for name, text in body.get(FILES, {}).items()
            ],
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "pinned": False,
            "type": 20 if interaction else 0,
            "flags": body.get("flags", 0),
            "allowed_mentions": body.get("allowed_mentions"),
        }
        if interaction is not None:
            message["interaction_metadata"] = {
                "id": interaction["id"],
                "type": interaction["type"],
                "user": interaction["member"]["user"],
                "authorizing_integration_owners": {},
            }
        self.messages[int(message["id"])] = message
        return message

    def _edit(self, message_id: int, body: dict) -> dict:
        message = self.messages[message_id]
        for key in ("content", "embeds", "components", "flags", "allowed_mentions"):
            if key in body:
                message[key] = body[key]
        message["edited_timestamp"] = datetime.now(UTC).isoformat()
        return message

    async def _callback(self, body, iid, token):
        interaction = self._interactions.get(int(iid))
        if interaction is None or interaction["token"] != token:
            return _json({"message": "Unknown interaction", "code": 10062}, 404)
        if any(o.kind == "callback" for o in self.outputs[int(iid)]):
            return _json(
                {"message": "Interaction has already been acknowledged.", "code": 40060}, 400
            )
        kind, data = body["type"], body.get("data") or {}
        if FILES in body:
            data[FILES] = body.pop(FILES)
        result = {"interaction": {"id": iid, "type": interaction["type"]}}
        message = None
        if kind == 4:  # a new message
            message = self._new_message(interaction["channel_id"], data, interaction=interaction)
        elif kind == 7:  # update the message the component is on
            message = self._edit(int(interaction["message"]["id"]), data)
        elif kind == 5:  # "thinking…": the message comes later with an edit of @original
            flags = {"flags": data.get("flags", 0)}
            message = self._new_message(interaction["channel_id"], flags, interaction=interaction)
        if message is not None:
            interaction["original"] = int(message["id"])
            result["interaction"]["response_message_id"] = message["id"]
            result["interaction"]["response_message_ephemeral"] = bool(message["flags"] & 64)
            result["resource"] = {"type": kind, "message": message}
        await self._add_output(int(iid), Output("callback", kind, data, message))
        return _json(result)

    async def _followup(self, body, token):
        iid = self._tokens[token]
        interaction = self._interactions[iid]
        message = self._new_message(interaction["channel_id"], body, interaction=interaction)
        await self._add_output(iid, Output("followup", 0, body, message))
        return _json(message)

    async def _edit_original(self, body, token):
        iid = self._tokens[token]
        message = self._edit(self._interactions[iid]["original"], body)
        await self._add_output(iid, Output("edit-original", 0, body, message))
        return _json(message)

    async def _create_message(self, body, channel):
        if int(channel) in self.forbidden:
            return _json({"message": "Missing Permissions", "code": 50013}, 403)
        others = {self.channel_of(g) for g in self.guilds if g != GUILD_ID}
        known = int(channel) in (*self.channels, *others)
        if not known and not any(t["id"] == channel for t in self.threads):
            return _json({"message": "Unknown Channel", "code": 10003}, 404)
        return _json(self._new_message(channel, body))

    async def _edit_message(self, body, channel, mid):
        if int(mid) not in self.messages:
            return _json({"message": "Unknown Message", "code": 10008}, 404)
        return _json(self._edit(int(mid), body))

    async def _thread(self, body, channel, mid):
        thread = {
            "id": str(self.next_id()),
            "guild_id": str(GUILD_ID),
            "parent_id": channel,
            "owner_id": str(BOT_ID),
            "name": body["name"],
            "type": 11,
            "message_id": mid,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": body.get("auto_archive_duration", 1440),
                "archive_timestamp": datetime.now(UTC).isoformat(),
                "locked": False,
            },
            "member_count": 1,
            "message_count": 0,
        }
        self.threads.append(thread)
        return _json(thread, 201)

    # -- gateway -------------------------------------------------------------------------------

    @staticmethod
    def channel_of(guild_id: int) -> int:
        """The one channel of a server other than GUILD_ID (whose channels are `channels`)."""
        return guild_id + 1

    def _guild(self, guild_id: int = GUILD_ID) -> dict:
        channel_ids = self.channels if guild_id == GUILD_ID else [self.channel_of(guild_id)]
        channels = [
            {
                "id": str(c),
                "type": 0,
                "name": f"study-{i}",
                "position": i,
                "guild_id": str(guild_id),
                "permission_overwrites": [],
                "nsfw": False,
                "parent_id": None,
            }
            for i, c in enumerate(channel_ids)
        ]
        return {
            "id": str(guild_id),
            "name": "Study group",
            "owner_id": str(OWNER_ID),
            "unavailable": False,
            "member_count": 2,
            "large": False,
            "features": [],
            "roles": [
                _role(guild_id, "@everyone", 0, EVERYONE_PERMISSIONS),
                _role(INSTRUCTOR_ROLE_ID, "Instructor", 1, EVERYONE_PERMISSIONS),
            ],
            "channels": channels,
            "threads": [],
            "members": [Member(BOT_ID, "studybot").payload()],
            "emojis": [],
            "stickers": [],
            "voice_states": [],
            "presences": [],
            "premium_tier": 0,
            "preferred_locale": "en-GB",
        }

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 45_000}, "s": None, "t": None})
        async for frame in ws:
            if frame.type is not WSMsgType.TEXT:
                continue
            message = json.loads(frame.data)
            if message["op"] == 1:  # heartbeat
                await ws.send_json({"op": 11, "d": None, "s": None, "t": None})
            elif message["op"] == 2:  # identify
                await self._identify(ws, message["d"])
            elif message["op"] == 6:  # resume
                await self._resume(ws, message["d"]["session_id"])
        return ws

    async def _identify(self, ws: web.WebSocketResponse, identify: dict) -> None:
        self.identifies += 1
        self.identify = identify
        shard_id, count = identify.get("shard", [0, 1])
        shard = Shard(ws, shard_id, count, session_id=f"session-{self.identifies}")
        self.shards[shard_id] = shard
        mine = [g for g in self.guilds if (g >> 22) % count == shard_id]
        ready = {
            "v": 10,
            "user": BOT_USER,
            "guilds": [{"id": str(g), "unavailable": True} for g in mine],
            "session_id": shard.session_id,
            "resume_gateway_url": self.gateway_url,
            "shard": [shard_id, count],
            "application": {"id": str(APP_ID), "flags": 0},
        }
        await self.dispatch("READY", ready, shard_id)
        for guild in mine:
            await self.dispatch("GUILD_CREATE", self._guild(guild), shard_id)

    async def _resume(self, ws: web.WebSocketResponse, session_id: str) -> None:
        shard = next((s for s in self.shards.values() if s.session_id == session_id), None)
        if shard is None:
            await ws.send_json({"op": 9, "d": False, "s": None, "t": None})
            return
        shard.ws = ws
        self.resumes += 1
        await self.dispatch("RESUMED", {}, shard.id)
        self.resumed.set()


FILES = "_files"  # where the fake keeps a multipart request's files beside its JSON payload


async def _read_body(request: web.Request):
    """JSON, or discord.py's multipart form: `payload_json` plus `files[n]` parts."""
    if not request.can_read_body:
        return {}
    if request.content_type != "multipart/form-data":
        return await request.json()
    form = await request.post()
    body = json.loads(form["payload_json"])
    body[FILES] = {
        part.filename: part.file.read().decode()
        for name, part in form.items()
        if name.startswith("files[")
    }
    return body


def _option_type(value) -> int:
    if isinstance(value, Role):
        return 8
    if isinstance(value, Member):
        return 6
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    return 3


def _role(role_id: int, name: str, position: int, permissions: int) -> dict:
    return {
        "id": str(role_id),
        "name": name,
        "permissions": str(permissions),
        "position": position,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }
