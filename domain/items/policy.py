"""Who may see and do what with an item. Pure functions of the principal and the item."""

from __future__ import annotations

from typing import Protocol

from domain.auth.principal import Principal
from domain.errors import Forbidden, Unauthenticated
from domain.items.enums import ItemKind, Visibility
from domain.items.models import Item


class Placed(Protocol):
    """What decides who may see an item: its team, its submitter, whether it is filed."""

    @property
    def team_id(self) -> int: ...

    @property
    def submitter_id(self) -> int | None: ...

    @property
    def filed(self) -> bool: ...


def audience_of(principal: Principal | None, item: Placed) -> Visibility | None:
    """The widest visibility `principal` may read on `item`, or None if it is not theirs.

    Managers of the item's team (and admins) read everything, internal notes included,
    once the item is filed (an anonymous gripe waits for the next filing); the named
    submitter reads what is meant for them. An anonymous item has no submitter, so only
    the receipt code leads back to it.
    """
    if principal is None:
        return None
    if principal.manages(item.team_id) and item.filed:
        return Visibility.INTERNAL
    if item.submitter_id is not None and item.submitter_id == principal.user_id:
        return Visibility.SUBMITTER
    return None


def widest_audience(kind: ItemKind) -> Visibility:
    """Who is owed an explanation: the customer for a relayed problem, else the submitter."""
    return Visibility.PUBLIC if kind is ItemKind.CUSTOMER_ISSUE else Visibility.SUBMITTER


def require_login(principal: Principal | None) -> Principal:
    if principal is None:
        raise Unauthenticated()
    return principal


def require_triage(principal: Principal, item: Item) -> None:
    if not principal.manages(item.team_id):
        raise Forbidden("Only a manager of this item's team may do that.")


def require_manager(principal: Principal | None) -> Principal:
    principal = require_login(principal)
    if not principal.is_manager:
        raise Forbidden("Only managers may see the board.")
    return principal
