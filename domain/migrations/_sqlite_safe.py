"""Migration operations that keep SQLite's indexes (imported by the numbered migrations;
the leading underscore keeps Tortoise's loader from taking this for a migration)."""

from typing import Any

from tortoise.migrations import operations as ops


class AlterColumnComment(ops.AlterField):
    """Generated as AlterField; only the column comment changes (a new enum value).

    SQLite has no column comments, yet Tortoise 1.1.9 rebuilds the whole table there for
    an AlterField and the rebuilt table loses its indexes (the outbox claim index among
    them). So this runs on PostgreSQL only; the migration state is the same everywhere.
    """

    async def database_forward(self, app_label, old_state, new_state, state_editor=None):
        if state_editor is not None and state_editor.client.capabilities.dialect == "sqlite":
            return
        await super().database_forward(app_label, old_state, new_state, state_editor)

    async def database_backward(self, app_label, old_state, new_state, state_editor=None):
        if state_editor is not None and state_editor.client.capabilities.dialect == "sqlite":
            return
        await super().database_backward(app_label, old_state, new_state, state_editor)


class AlterFieldInStateOnly(ops.AlterField):
    """`auto_now` lives in Python only: the column does not change. Tortoise would still
    rebuild the whole items table on SQLite for it, which loses the table's indexes
    (shared/field-notes.md §1), so the database is left alone."""

    async def database_forward(self, *args: Any, **kwargs: Any) -> None:
        return None

    async def database_backward(self, *args: Any, **kwargs: Any) -> None:
        return None
