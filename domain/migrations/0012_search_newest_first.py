"""The similar-item index keeps the order items were indexed in (an FTS5 rowid of its
own with the item id beside it on SQLite; a `seq` on PostgreSQL), so that a search reads
the newest matches and scores only those (docs/performance.md): remade and refilled,
oldest first."""

from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops

from domain.search.terms import document_stems

_SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE item_search USING fts5("
    "item_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 0')"
)
_POSTGRES_CREATE = (
    "CREATE TABLE item_search ("
    " seq BIGSERIAL PRIMARY KEY,"
    " item_id INT NOT NULL UNIQUE REFERENCES items (id) ON DELETE CASCADE,"
    " document TSVECTOR NOT NULL)",
    "CREATE INDEX idx_item_search_document ON item_search USING GIN (document)",
)
_DOCUMENT = (
    "setweight(to_tsvector('dutch', title), 'A') || setweight(to_tsvector('english', title), 'A')"
    " || setweight(to_tsvector('dutch', body), 'B') || setweight(to_tsvector('english', body), 'B')"
)


async def remake_search_index(apps: Any, schema_editor: Any) -> None:
    conn = schema_editor.client
    await conn.execute_script("DROP TABLE IF EXISTS item_search")
    if conn.capabilities.dialect == "postgres":
        for statement in _POSTGRES_CREATE:
            await conn.execute_script(statement)
        await conn.execute_script(
            f"INSERT INTO item_search (item_id, document) SELECT id, {_DOCUMENT}"  # noqa: S608
            " FROM items WHERE filed ORDER BY created_at, id"
        )
        return
    await conn.execute_script(_SQLITE_CREATE)
    _, rows = await conn.execute_query(
        "SELECT id, title, body FROM items WHERE filed ORDER BY created_at, id"
    )
    if rows:
        await conn.execute_many(
            "INSERT INTO item_search (item_id, title, body) VALUES (?, ?, ?)",
            [[r["id"], document_stems(r["title"]), document_stems(r["body"])] for r in rows],
        )


async def keep(apps: Any, schema_editor: Any) -> None:
    return None


class Migration(migrations.Migration):
    dependencies = [('models', '0011_triage_aid_and_concerns')]

    initial = False

    operations = [ops.RunPython(remake_search_index, keep)]
