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


class AppendOnly(ops.RunSQL):
    """A table whose rows the database refuses to change: a trigger raises on UPDATE, and
    on PostgreSQL on DELETE too. (SQLite's tests empty tables with DELETE, PostgreSQL's
    with TRUNCATE, which row triggers do not see; a TRUNCATE needs the table's owner.)"""

    def __init__(self, table: str) -> None:
        super().__init__(sql="", reverse_sql="")
        self.table = table

    async def database_forward(self, app_label, old_state, new_state, state_editor=None):
        if state_editor is None:
            return
        t = self.table
        if state_editor.client.capabilities.dialect == "sqlite":
            await state_editor.client.execute_script(
                f"CREATE TRIGGER {t}_append_only BEFORE UPDATE ON {t} "
                f"BEGIN SELECT RAISE(ABORT, '{t} is append-only'); END"
            )
            return
        await state_editor.client.execute_script(
            f"CREATE FUNCTION {t}_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{t} is append-only'; END $$"
        )
        await state_editor.client.execute_script(
            f"CREATE TRIGGER {t}_append_only BEFORE UPDATE OR DELETE ON {t} "
            f"FOR EACH ROW EXECUTE FUNCTION {t}_append_only()"
        )

    async def database_backward(self, app_label, old_state, new_state, state_editor=None):
        if state_editor is None:
            return
        t = self.table
        await state_editor.client.execute_script(f"DROP TRIGGER IF EXISTS {t}_append_only" + (
            "" if state_editor.client.capabilities.dialect == "sqlite" else f" ON {t}"
        ))
        if state_editor.client.capabilities.dialect != "sqlite":
            await state_editor.client.execute_script(f"DROP FUNCTION IF EXISTS {t}_append_only()")
