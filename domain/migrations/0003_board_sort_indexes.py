"""Indexes in the order of the board's sorts, so that a page of 50 cards is read from an
index instead of sorting every item a manager can see (at 100,000 items the PRIORITY
sort took ~170 ms on SQLite; see docs/performance.md).

PRIORITY sorts by priority descending, then oldest first: an index on those columns in
those directions. Tortoise's `Index` has no column directions, so these are plain SQL,
the same on SQLite and PostgreSQL; the models do not declare them (nothing for the
autodetector to compare).
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

INDEXES = {
    # PRIORITY: -priority, created_at, id
    "idx_items_board_priority": "items (priority DESC, created_at, id)",
    # OLDEST (and NEWEST, read backwards): created_at, id
    "idx_items_board_created": "items (created_at, id)",
    # TARGET: resolve_due_at, id
    "idx_items_board_target": "items (resolve_due_at, id)",
}


class Migration(migrations.Migration):
    dependencies = [("models", "0002_target_misses_and_cancelled_deliveries")]

    initial = False

    operations = [
        ops.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {columns}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, columns in INDEXES.items()
    ]
