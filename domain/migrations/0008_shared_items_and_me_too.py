"""Shared items, "me too" and merging (domain/engagement/), and the full-text index of
similar items (domain/search/): FTS5 on SQLite, a tsvector with a GIN index on
PostgreSQL, filled here with every filed item. The new event types, recipient kind and
templates change only column comments (see _sqlite_safe)."""

from typing import Any
from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

from domain.items.enums import EventType
from domain.migrations._sqlite_safe import AlterColumnComment
from domain.notifications.enums import RecipientKind, Template
from domain.search.terms import document_stems

# The index as this migration made it (0009 remakes it newest-first); frozen here.
_SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS item_search USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 0')"
)
_POSTGRES_CREATE = (
    "CREATE TABLE IF NOT EXISTS item_search ("
    " item_id INT PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,"
    " document TSVECTOR NOT NULL)",
    "CREATE INDEX IF NOT EXISTS idx_item_search_document ON item_search USING GIN (document)",
)
_DOCUMENT = (
    "setweight(to_tsvector('dutch', title), 'A') || setweight(to_tsvector('english', title), 'A')"
    " || setweight(to_tsvector('dutch', body), 'B') || setweight(to_tsvector('english', body), 'B')"
)


async def create_search_index(apps: Any, schema_editor: Any) -> None:
    conn = schema_editor.client
    if conn.capabilities.dialect == "postgres":
        for statement in _POSTGRES_CREATE:
            await conn.execute_script(statement)
        await conn.execute_script(
            f"INSERT INTO item_search (item_id, document) SELECT id, {_DOCUMENT}"  # noqa: S608
            " FROM items WHERE filed"
        )
        return
    await conn.execute_script(_SQLITE_CREATE)
    _, rows = await conn.execute_query("SELECT id, title, body FROM items WHERE filed")
    for row in rows:
        await conn.execute_query(
            "INSERT INTO item_search (rowid, title, body) VALUES (?, ?, ?)",
            [row["id"], document_stems(row["title"]), document_stems(row["body"])],
        )


async def drop_search_index(apps: Any, schema_editor: Any) -> None:
    await schema_editor.client.execute_script("DROP TABLE IF EXISTS item_search")

class Migration(migrations.Migration):
    dependencies = [('models', '0007_admin_log_and_account_links')]

    initial = False

    operations = [
        ops.CreateModel(
            name='MeToo',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('item', fields.ForeignKeyField('models.Item', source_field='item_id', db_constraint=True, to_field='id', related_name='me_toos', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', null=True, db_constraint=True, to_field='id', related_name='me_toos', on_delete=OnDelete.CASCADE)),
                ('receipt_hash', fields.CharField(null=True, unique=True, max_length=64)),
                ('filed', fields.BooleanField(default=True)),
            ],
            options={'table': 'me_toos', 'app': 'models', 'unique_together': (('item', 'user'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Item',
            name='me_too_count',
            field=fields.IntField(default=0, db_default=0),
        ),
        ops.AddField(
            model_name='Item',
            name='merged_into',
            field=fields.ForeignKeyField('models.Item', source_field='merged_into_id', null=True, db_constraint=True, to_field='id', related_name='merged_items', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='Item',
            name='shared',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='Item',
            name='shared_by_name',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        AlterColumnComment(
            model_name='Notification',
            name='recipient_kind',
            field=fields.CharEnumField(description='EMPLOYEE: EMPLOYEE\nSUBMITTER: SUBMITTER\nCUSTOMER: CUSTOMER\nMANAGER: MANAGER\nFOLLOWER: FOLLOWER', enum_type=RecipientKind, max_length=16),
        ),
        AlterColumnComment(
            model_name='Notification',
            name='template',
            field=fields.CharEnumField(description='ITEM_RECEIVED: item_received\nCUSTOMER_ITEM_RECEIVED: customer_item_received\nMANAGER_NEW_ITEM: manager_new_item\nITEM_ACKNOWLEDGED: item_acknowledged\nITEM_ASSIGNED: item_assigned\nASSIGNED_TO_YOU: assigned_to_you\nSTATUS_CHANGED: status_changed\nPUBLIC_REPLY: public_reply\nSUBMITTER_REPLIED: submitter_replied\nCUSTOMER_REPLIED: customer_replied\nCUSTOMER_FEEDBACK: customer_feedback\nSUBMITTER_FEEDBACK: submitter_feedback\nTARGET_MISSED: target_missed\nFOLLOWED_ITEM_MOVED: followed_item_moved\nITEM_MERGED: item_merged', enum_type=Template, max_length=40),
        ),
        AlterColumnComment(
            model_name='ReplyAddress',
            name='recipient_kind',
            field=fields.CharEnumField(description='EMPLOYEE: EMPLOYEE\nSUBMITTER: SUBMITTER\nCUSTOMER: CUSTOMER\nMANAGER: MANAGER\nFOLLOWER: FOLLOWER', enum_type=RecipientKind, max_length=16),
        ),
        AlterColumnComment(
            model_name='TimelineEvent',
            name='type',
            field=fields.CharEnumField(description='SUBMITTED: SUBMITTED\nACKNOWLEDGED: ACKNOWLEDGED\nASSIGNED: ASSIGNED\nPRIORITY_CHANGED: PRIORITY_CHANGED\nSTATUS_CHANGED: STATUS_CHANGED\nMESSAGE: MESSAGE\nCUSTOMER_FEEDBACK: CUSTOMER_FEEDBACK\nSUBMITTER_FEEDBACK: SUBMITTER_FEEDBACK\nTARGET_MISSED: TARGET_MISSED\nMERGED: MERGED\nMERGED_IN: MERGED_IN', enum_type=EventType, max_length=24),
        ),
        ops.RunPython(create_search_index, drop_search_index),
        # The board's MOST_ME_TOO sort: most first, then oldest (as PRIORITY's index).
        ops.RunSQL(
            "CREATE INDEX IF NOT EXISTS idx_items_board_me_too"
            " ON items (me_too_count DESC, created_at, id)",
            reverse_sql="DROP INDEX IF EXISTS idx_items_board_me_too",
        ),
    ]
