"""What a command handler gets: who asks, in which community, at what time, and the parts of
the core it may use. Handlers see those parts only through `Parts`, so they never import the
engine that imports them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.core.api import Actor, Outlet, Reply
from content.lookup import LookupIndex
from content.model import Studyset
from db.api import Community, QuestionBank, Store


class Parts(Protocol):
    """The core as its handlers and the tick see it (`bot.core.engine.Core` is one)."""

    store: Store
    studyset: Studyset
    outlet: Outlet
    clock: Callable[[], datetime]
    settled: set[tuple[int, str]]  # (schedule, period) pairs this process is done with

    @property
    def index(self) -> LookupIndex: ...

    def studyset_of(self, questions: QuestionBank) -> Studyset: ...

    async def studyset_for(self, community_id: int) -> Studyset: ...


def is_instructor(actor: Actor, community: Community) -> bool:
    """The one rule for who may run instructor commands."""
    role = community.instructor_role
    return actor.is_admin or (bool(role) and role in actor.roles)


@dataclass(frozen=True)
class Context:
    core: Parts
    actor: Actor
    community: Community
    now: datetime
    bank: QuestionBank  # the community's reports and decisions (bot.core.bank)

    @property
    def store(self) -> Store:
        return self.core.store

    @property
    def studyset(self) -> Studyset:
        """The content as this community sees it: with its own questions, its restored ones."""
        return self.core.studyset_of(self.bank)

    @property
    def blocked(self) -> frozenset[str]:
        """Questions never drawn here: reported and not yet looked at, or retired."""
        return self.bank.reported | self.bank.retired

    @property
    def instructor(self) -> bool:
        return is_instructor(self.actor, self.community)

    async def post(self, reply: Reply) -> str:
        """Say something in the actor's channel, unprompted by an interaction reply."""
        return await self.core.outlet.send(self.actor.community_id, self.actor.channel_id, reply)
