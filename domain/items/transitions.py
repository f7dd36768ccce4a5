"""The status state machine: one table, one check, no I/O.

    NEW -> ACKNOWLEDGED -> IN_PROGRESS <-> WAITING_FOR_INFO -> RESOLVED | DECLINED -> CLOSED
    RESOLVED | DECLINED -> IN_PROGRESS    (reopen: a manager, or the customer or the named
                                           submitter of a gripe says "not solved")

A manager may also resolve or decline straight from ACKNOWLEDGED, decline a NEW item
(spam, a duplicate), and ask for information about a NEW item before acknowledging it
(issue 14: a question is often the first thing a vague item needs; like every move out
of NEW it counts as the acknowledgement, `acknowledged_at`). Resolving, declining and
asking for information need a message.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import StrEnum

from domain.errors import InvalidTransition, ValidationFailed
from domain.items.enums import Status


class Mover(StrEnum):
    """Who moves an item: a manager of its team, its customer, the named submitter of a
    gripe (confirming or rejecting its resolution), or the system itself."""

    MANAGER = "MANAGER"
    CUSTOMER = "CUSTOMER"
    SUBMITTER = "SUBMITTER"
    SYSTEM = "SYSTEM"


@dataclass(frozen=True, slots=True)
class Move:
    movers: frozenset[Mover]
    needs_message: bool = False


_MANAGER = frozenset({Mover.MANAGER})
_REOPEN = frozenset({Mover.MANAGER, Mover.CUSTOMER, Mover.SUBMITTER})
_CONFIRM = frozenset({Mover.MANAGER, Mover.CUSTOMER, Mover.SUBMITTER, Mover.SYSTEM})
_CLOSE = frozenset({Mover.MANAGER, Mover.SYSTEM})

TRANSITIONS: dict[Status, dict[Status, Move]] = {
    Status.NEW: {
        Status.ACKNOWLEDGED: Move(_MANAGER),
        Status.WAITING_FOR_INFO: Move(_MANAGER, needs_message=True),
        Status.DECLINED: Move(_MANAGER, needs_message=True),
    },
    Status.ACKNOWLEDGED: {
        Status.IN_PROGRESS: Move(_MANAGER),
        Status.WAITING_FOR_INFO: Move(_MANAGER, needs_message=True),
        Status.RESOLVED: Move(_MANAGER, needs_message=True),
        Status.DECLINED: Move(_MANAGER, needs_message=True),
    },
    Status.IN_PROGRESS: {
        Status.WAITING_FOR_INFO: Move(_MANAGER, needs_message=True),
        Status.RESOLVED: Move(_MANAGER, needs_message=True),
        Status.DECLINED: Move(_MANAGER, needs_message=True),
    },
    Status.WAITING_FOR_INFO: {
        # The submitter's answer moves it back by itself (SYSTEM).
        Status.IN_PROGRESS: Move(frozenset({Mover.MANAGER, Mover.SYSTEM})),
        Status.RESOLVED: Move(_MANAGER, needs_message=True),
        Status.DECLINED: Move(_MANAGER, needs_message=True),
    },
    Status.RESOLVED: {
        Status.IN_PROGRESS: Move(_REOPEN),
        Status.CLOSED: Move(_CONFIRM),
    },
    Status.DECLINED: {
        Status.IN_PROGRESS: Move(_MANAGER),
        Status.CLOSED: Move(_CLOSE),
    },
    Status.CLOSED: {},
}

# Statuses whose message must reach the widest audience of the item (the customer for a
# relayed problem, the submitter for a gripe): the explanation is owed to them.
EXPLAINED_TO_EVERYONE = frozenset({Status.RESOLVED, Status.DECLINED})


def allowed_targets(current: Status, mover: Mover) -> list[Status]:
    return list(_allowed_targets(current, mover))


@functools.cache  # asked for every card of a board page
def _allowed_targets(current: Status, mover: Mover) -> tuple[Status, ...]:
    return tuple(to for to, move in TRANSITIONS[current].items() if mover in move.movers)


def check_transition(current: Status, to: Status, *, mover: Mover, has_message: bool) -> Move:
    """Return the move from `current` to `to`, or raise why it is not allowed."""
    move = TRANSITIONS[current].get(to)
    if move is None or mover not in move.movers:
        raise InvalidTransition(f"An item cannot go from {current.value} to {to.value} this way.")
    if move.needs_message and not has_message:
        raise ValidationFailed({"message": f"Moving an item to {to.value} needs a message."})
    return move
