"""Relay-style connections over offset pages: opaque cursors, `first`/`after`."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Generic, TypeVar

import strawberry

from domain.errors import ValidationFailed

T = TypeVar("T")
DEFAULT_PAGE = 20
MAX_PAGE = 100
# A cursor is base64url of "o:<offset>": short, and only that alphabet. Offsets go no
# further than any list could (the board counts to 10,000), far below what a database's
# OFFSET takes.
CURSOR_MAX_LENGTH = 24
OFFSET_MAX = 10**9
_CURSOR = re.compile(r"[A-Za-z0-9_-]+={0,2}")
_OFFSET = re.compile(r"o:([0-9]{1,10})")
NOT_A_CURSOR = "Not a cursor from this list."


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int = strawberry.field(
        description="How many there are in all; a lower bound when totalCountIsExact is false."
    )
    total_count_is_exact: bool = strawberry.field(
        description='False when there were too many to count: show totalCount as "10,000+".'
    )


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    """The offset just after `cursor`, or 0 without one. Anything that is not a cursor
    we made (too long, another alphabet, non-ASCII digits, out of range) is VALIDATION."""
    if cursor is None:
        return 0
    if len(cursor) > CURSOR_MAX_LENGTH or not _CURSOR.fullmatch(cursor):
        raise ValidationFailed({"after": NOT_A_CURSOR})
    try:
        decoded = base64.urlsafe_b64decode(cursor).decode("ascii")
    except (binascii.Error, UnicodeDecodeError):
        raise ValidationFailed({"after": NOT_A_CURSOR}) from None
    found = _OFFSET.fullmatch(decoded)
    if found is None or int(found.group(1)) > OFFSET_MAX:
        raise ValidationFailed({"after": NOT_A_CURSOR})
    return int(found.group(1)) + 1


def page_size(first: int | None) -> int:
    if first is None:
        return DEFAULT_PAGE
    if first < 0 or first > MAX_PAGE:
        raise ValidationFailed({"first": f"Between 0 and {MAX_PAGE}."})
    return first


def connection(
    nodes: list[T], *, offset: int, total: int, total_is_exact: bool = True
) -> Connection[T]:
    edges = [Edge(cursor=encode_cursor(offset + i), node=node) for i, node in enumerate(nodes)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            # A lower bound is never more than the end of the page: there is more after it.
            has_next_page=offset + len(nodes) < total or not total_is_exact,
            has_previous_page=offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total,
        total_count_is_exact=total_is_exact,
    )
