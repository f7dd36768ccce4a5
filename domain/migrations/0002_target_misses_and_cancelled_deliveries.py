from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.notifications.enums import DeliveryState
from tortoise import fields


class AlterColumnComment(ops.AlterField):
    """Generated as AlterField; only the column comment changes (a new DeliveryState).

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


class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Item',
            name='missed_due_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Item',
            name='missed_escalated_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Item',
            name='missed_reported_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        AlterColumnComment(
            model_name='Notification',
            name='state',
            field=fields.CharEnumField(default=DeliveryState.PENDING, description='PENDING: PENDING\nSENDING: SENDING\nSENT: SENT\nDEAD: DEAD\nCANCELLED: CANCELLED', enum_type=DeliveryState, max_length=12),
        ),
    ]
