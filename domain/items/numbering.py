"""Item ids and references: named items count up, anonymous ones are random.

A named item takes the next number of the items' sequence and is called `MOP-00042`.
An anonymous item takes a random id from a range of its own, far above the named ones
(1,000,000,000 up to 2,073,741,823: it fits PostgreSQL's int4 column), and a reference
made of the same random number (`MOP-A` and six Crockford base-32 symbols), so neither
says which items came before or after it.

The items' sequence on each engine:
- PostgreSQL: a SERIAL column's sequence moves only when the database picks the id, so
  an anonymous row with an id of its own leaves it alone.
- SQLite: the table is AUTOINCREMENT, and the next rowid is one more than the larger
  of `sqlite_sequence` and the largest rowid in the table (SQLite's `OP_NewRowid`). An
  anonymous row far above would therefore drag every later named id up after it, even
  with `sqlite_sequence` put back. So on SQLite a named item is given its id explicitly:
  one more than `sqlite_sequence` (the highest named id ever given, deleted items too),
  and an anonymous insert puts `sqlite_sequence` back to what it was, in the same
  transaction (the table is documented as ordinary: "can be modified using ordinary
  UPDATE, INSERT, and DELETE statements", sqlite.org/autoinc.html).
"""

from __future__ import annotations

import secrets

from tortoise.backends.base.client import BaseDBAsyncClient

ANONYMOUS_ID_BASE = 1_000_000_000
_SYMBOLS = 6
ANONYMOUS_ID_SPAN: int = 32**_SYMBOLS  # 1,073,741,824: the base plus this stays below 2**31
# Crockford's base 32, as receipt codes use: no I, L, O, U.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_TABLE = "items"


def is_anonymous_id(item_id: int) -> bool:
    return ANONYMOUS_ID_BASE <= item_id < ANONYMOUS_ID_BASE + ANONYMOUS_ID_SPAN


def new_anonymous_item_id() -> int:
    return ANONYMOUS_ID_BASE + secrets.randbelow(ANONYMOUS_ID_SPAN)


def item_reference(item_id: int) -> str:
    """`MOP-00042` for a named item; `MOP-A` + six symbols for an anonymous one."""
    if not is_anonymous_id(item_id):
        return f"MOP-{item_id:05d}"
    number, symbols = item_id - ANONYMOUS_ID_BASE, []
    for _ in range(_SYMBOLS):
        number, digit = divmod(number, 32)
        symbols.append(_ALPHABET[digit])
    return "MOP-A" + "".join(reversed(symbols))


def _is_sqlite(conn: BaseDBAsyncClient) -> bool:
    return conn.capabilities.dialect == "sqlite"


async def _sqlite_sequence(conn: BaseDBAsyncClient) -> int | None:
    _, rows = await conn.execute_query(
        f"SELECT seq FROM sqlite_sequence WHERE name = '{_TABLE}'"  # noqa: S608 - a constant
    )
    return int(rows[0]["seq"]) if rows else None


async def named_item_id(conn: BaseDBAsyncClient) -> dict[str, int]:
    """The id of a new named item as `Item.create` keyword arguments, inside the
    transaction that inserts it: none on PostgreSQL (the database's sequence picks it),
    the next number on SQLite."""
    if not _is_sqlite(conn):
        return {}
    return {"id": (await _sqlite_sequence(conn) or 0) + 1}


class SequenceKeeper:
    """On SQLite, remembers the items' sequence before an anonymous insert and puts it
    back after, in the same transaction. Does nothing on PostgreSQL."""

    def __init__(self, conn: BaseDBAsyncClient) -> None:
        self.conn = conn
        self.before: int | None = None

    async def remember(self) -> None:
        if _is_sqlite(self.conn):
            self.before = await _sqlite_sequence(self.conn)

    async def restore(self) -> None:
        if not _is_sqlite(self.conn):
            return
        if self.before is None:  # the first item of all: SQLite made the row just now
            await self.conn.execute_query(
                f"DELETE FROM sqlite_sequence WHERE name = '{_TABLE}'"  # noqa: S608
            )
        else:
            await self.conn.execute_query(
                f"UPDATE sqlite_sequence SET seq = {int(self.before)}"  # noqa: S608 - an int
                f" WHERE name = '{_TABLE}'"
            )
