"""SQLite: an FTS5 table of the items' Snowball stems (Dutch and English) with the item's
id beside them; its own rowid counts the items in the order they were indexed. The
stems are plain words, each quoted in the MATCH expression, so nothing a person typed is
read as an FTS5 operator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise.backends.base.client import BaseDBAsyncClient

from domain.db import bind
from domain.search.scope_sql import conditions
from domain.search.terms import document_stems, stems

if TYPE_CHECKING:
    from domain.search import Scope

from domain.search.scoring import Hit

CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS item_search USING fts5("
    "item_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 0')"
)
DROP = "DROP TABLE IF EXISTS item_search"
INSERT = "INSERT INTO item_search (item_id, title, body) VALUES (?, ?, ?)"


def _match(words: list[str], *, every_word: bool) -> str:
    """Any of the words, or every one of them; a word is any of its stems."""
    groups = ["(" + " OR ".join(f'"{stem}"' for stem in stems([word])) + ")" for word in words]
    return (" AND " if every_word else " OR ").join(groups)


class Fts5:
    @staticmethod
    async def index(conn: BaseDBAsyncClient, *, item_id: int, title: str, body: str) -> None:
        await conn.execute_query(INSERT, [item_id, document_stems(title), document_stems(body)])

    @staticmethod
    async def candidates(
        db: BaseDBAsyncClient, *, words: list[str], scope: Scope, every_word: bool, limit: int
    ) -> list[Hit]:
        """The newest matches, with which words their title and body hold (read from the
        stems the index keeps; FTS5's bm25 would read every match of every word)."""
        where, values = conditions(scope)
        statement, parameters = bind(
            db,
            "SELECT i.id AS id, item_search.title AS title, item_search.body AS body"  # noqa: S608
            " FROM item_search JOIN items AS i ON i.id = item_search.item_id"
            f" WHERE item_search MATCH :match AND {where}"
            " ORDER BY item_search.rowid DESC LIMIT :limit",
            {**values, "match": _match(words, every_word=every_word), "limit": limit},
        )
        _, rows = await db.execute_query(statement, parameters)
        word_stems = [set(stems([word])) for word in words]
        hits = []
        for position, row in enumerate(rows):
            title, body = set(row["title"].split()), set(row["body"].split())
            hits.append(
                Hit(
                    item_id=int(row["id"]),
                    newness=-position,
                    in_title=sum(1 for w in word_stems if w & title),
                    in_body=sum(1 for w in word_stems if w & body and not w & title),
                )
            )
        return hits
