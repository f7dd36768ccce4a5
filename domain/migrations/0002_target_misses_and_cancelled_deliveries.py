from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.notifications.enums import DeliveryState
from tortoise import fields

from domain.migrations._sqlite_safe import AlterColumnComment


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
