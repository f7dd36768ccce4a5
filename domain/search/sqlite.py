"""SQLite: an FTS5 table of the items' Snowball stems (Dutch and English), its rowid the
item's id. The stems are plain words, each quoted in the MATCH expression, so nothing a
person typed is read as an FTS5 operator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise.backends.base.client import BaseDBAsyncClient

from domain.db import bind
from domain.search.scope_sql import conditions
from domain.search.terms import document_stems, stems

if TYPE_CHECKING:
    from domain.search import Scope

CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS item_search USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 0')"
)
DROP = "DROP TABLE IF EXISTS item_search"
# bm25's weights per column: a word in the title counts ten times one in the body.
_RANK = "bm25(item_search, 10.0, 1.0)"


class Fts5:
    @staticmethod
    async def index(conn: BaseDBAsyncClient, *, item_id: int, title: str, body: str) -> None:
        await conn.execute_query(
            "INSERT OR REPLACE INTO item_search (rowid, title, body) VALUES (?, ?, ?)",
            [item_id, document_stems(title), document_stems(body)],
        )

    @staticmethod
    async def search(
        db: BaseDBAsyncClient, *, words: list[str], scope: Scope, limit: int, offset: int
    ) -> list[int]:
        match = " OR ".join(f'"{stem}"' for stem in stems(words))
        where, values = conditions(scope)
        statement, parameters = bind(
            db,
            "SELECT i.id FROM item_search JOIN items AS i ON i.id = item_search.rowid"  # noqa: S608
            f" WHERE item_search MATCH :match AND {where}"
            f" ORDER BY {_RANK}, i.created_at DESC, i.id DESC LIMIT :limit OFFSET :offset",
            {**values, "match": match, "limit": limit, "offset": offset},
        )
        _, rows = await db.execute_query(statement, parameters)
        return [int(row["id"]) for row in rows]
