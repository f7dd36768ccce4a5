"""PostgreSQL: a `tsvector` per item, of its title (weight A) and body (B) in both the
`dutch` and `english` configurations, with a GIN index, and a sequence number in the
order items were indexed. Each query word becomes `plainto_tsquery` in both
configurations (which takes any text), OR-ed together; words are AND-ed or OR-ed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise.backends.base.client import BaseDBAsyncClient

from domain.db import bind
from domain.search.scope_sql import conditions

if TYPE_CHECKING:
    from domain.search import Scope

from domain.search.scoring import Hit

DOCUMENT = " || ".join(
    f"setweight(to_tsvector('{config}', {{{column}}}), '{weight}')"
    for column, weight in (("title", "A"), ("body", "B"))
    for config in ("dutch", "english")
)
CREATE = (
    "CREATE TABLE IF NOT EXISTS item_search ("
    " seq BIGSERIAL PRIMARY KEY,"
    " item_id INT NOT NULL UNIQUE REFERENCES items (id) ON DELETE CASCADE,"
    " document TSVECTOR NOT NULL)",
    "CREATE INDEX IF NOT EXISTS idx_item_search_document ON item_search USING GIN (document)",
)
DROP = "DROP TABLE IF EXISTS item_search"


def _word(n: int) -> str:
    return f"(plainto_tsquery('dutch', :w{n}) || plainto_tsquery('english', :w{n}))"


def _query(count: int, *, every_word: bool) -> str:
    return (" && " if every_word else " || ").join(_word(n) for n in range(count))


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
    async def candidates(
        db: BaseDBAsyncClient, *, words: list[str], scope: Scope, every_word: bool, limit: int
    ) -> list[Hit]:
        """The newest matches, with which words their title (weight A) and the whole
        document hold: tested on those few documents only."""
        where, values = conditions(scope)
        query = _query(len(words), every_word=every_word)
        flags = ", ".join(
            f"ts_filter(hits.document, '{{a}}') @@ {_word(n)} AS t{n},"
            f" hits.document @@ {_word(n)} AS d{n}"
            for n in range(len(words))
        )
        statement, parameters = bind(
            db,
            f"WITH hits AS (SELECT s.seq, s.item_id, s.document"  # noqa: S608 - placeholders only
            " FROM item_search AS s JOIN items AS i ON i.id = s.item_id"
            f" WHERE s.document @@ ({query}) AND {where}"
            " ORDER BY s.seq DESC LIMIT :limit)"
            f" SELECT hits.item_id AS id, {flags} FROM hits ORDER BY hits.seq DESC",
            {**values, **{f"w{n}": w for n, w in enumerate(words)}, "limit": limit},
        )
        _, rows = await db.execute_query(statement, parameters)
        hits = []
        for position, row in enumerate(rows):
            in_title = [bool(row[f"t{n}"]) for n in range(len(words))]
            in_body = [bool(row[f"d{n}"]) and not in_title[n] for n in range(len(words))]
            hits.append(
                Hit(
                    item_id=int(row["id"]),
                    newness=-position,
                    in_title=sum(in_title),
                    in_body=sum(in_body),
                )
            )
        return hits
