"""PostgreSQL: a `tsvector` per item, of its title (weight A) and body (B) in both the
`dutch` and `english` configurations, with a GIN index. Each query word becomes
`plainto_tsquery` in both configurations (which takes any text), OR-ed together."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise.backends.base.client import BaseDBAsyncClient

from domain.db import bind
from domain.search.scope_sql import conditions

if TYPE_CHECKING:
    from domain.search import Scope

DOCUMENT = " || ".join(
    f"setweight(to_tsvector('{config}', {{{column}}}), '{weight}')"
    for column, weight in (("title", "A"), ("body", "B"))
    for config in ("dutch", "english")
)
CREATE = (
    "CREATE TABLE IF NOT EXISTS item_search ("
    " item_id INT PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,"
    " document TSVECTOR NOT NULL)",
    "CREATE INDEX IF NOT EXISTS idx_item_search_document ON item_search USING GIN (document)",
)
DROP = "DROP TABLE IF EXISTS item_search"


class TsVector:
    @staticmethod
    async def index(conn: BaseDBAsyncClient, *, item_id: int, title: str, body: str) -> None:
        document = DOCUMENT.format(title="$2", body="$3")
        await conn.execute_query(
            f"INSERT INTO item_search (item_id, document) VALUES ($1, {document})"  # noqa: S608
            " ON CONFLICT (item_id) DO UPDATE SET document = EXCLUDED.document",
            [item_id, title, body],
        )

    @staticmethod
    async def search(
        db: BaseDBAsyncClient, *, words: list[str], scope: Scope, limit: int, offset: int
    ) -> list[int]:
        query = " || ".join(
            f"plainto_tsquery('dutch', :w{n}) || plainto_tsquery('english', :w{n})"
            for n in range(len(words))
        )
        where, values = conditions(scope)
        statement, parameters = bind(
            db,
            f"WITH q AS (SELECT {query} AS query)"  # noqa: S608 - placeholders only
            " SELECT i.id FROM item_search AS s CROSS JOIN q"
            " JOIN items AS i ON i.id = s.item_id"
            f" WHERE s.document @@ q.query AND {where}"
            " ORDER BY ts_rank(s.document, q.query) DESC, i.created_at DESC, i.id DESC"
            " LIMIT :limit OFFSET :offset",
            {
                **values,
                **{f"w{n}": w for n, w in enumerate(words)},
                "limit": limit,
                "offset": offset,
            },
        )
        _, rows = await db.execute_query(statement, parameters)
        return [int(row["id"]) for row in rows]
