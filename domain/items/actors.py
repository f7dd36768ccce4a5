"""Who took a step on an item's timeline."""

from __future__ import annotations

from dataclasses import dataclass

from domain.auth.principal import Principal
from domain.items.enums import ActorKind


@dataclass(frozen=True, slots=True)
class Actor:
    kind: ActorKind
    user_id: int | None = None
    name: str | None = None

    @classmethod
    def person(cls, principal: Principal) -> Actor:
        return cls(ActorKind.USER, principal.user_id, principal.display_name)

    @classmethod
    def user(cls, user_id: int, name: str) -> Actor:
        """A named person acting without a session (a reply by email)."""
        return cls(ActorKind.USER, user_id, name)

    @classmethod
    def anonymous_submitter(cls) -> Actor:
        return cls(ActorKind.SUBMITTER)

    @classmethod
    def customer(cls) -> Actor:
        return cls(ActorKind.CUSTOMER)

    @classmethod
    def system(cls) -> Actor:
        return cls(ActorKind.SYSTEM)
