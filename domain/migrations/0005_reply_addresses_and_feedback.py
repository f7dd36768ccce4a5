"""Reply addresses (one per email thread), and the new event type and templates of
closing the loop (SUBMITTER_FEEDBACK; customer_replied, submitter_feedback): for those
only the column comments change, which SQLite does not have (see _sqlite_safe)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.items.enums import EventType
from domain.notifications.enums import RecipientKind, Template
from tortoise.fields.base import OnDelete
from tortoise import fields

from domain.migrations._sqlite_safe import AlterColumnComment

class Migration(migrations.Migration):
    dependencies = [('models', '0004_throttle_counters')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ReplyAddress',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('thread_id', fields.CharField(unique=True, max_length=255)),
                ('item', fields.ForeignKeyField('models.Item', source_field='item_id', db_constraint=True, to_field='id', related_name='reply_addresses', on_delete=OnDelete.CASCADE)),
                ('recipient_kind', fields.CharEnumField(description='EMPLOYEE: EMPLOYEE\nSUBMITTER: SUBMITTER\nCUSTOMER: CUSTOMER\nMANAGER: MANAGER', enum_type=RecipientKind, max_length=16)),
                ('recipient_user', fields.ForeignKeyField('models.User', source_field='recipient_user_id', null=True, db_constraint=True, to_field='id', related_name='reply_addresses', on_delete=OnDelete.CASCADE)),
                ('token_salt', fields.CharField(max_length=32)),
                ('token_lookup', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'reply_addresses', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        AlterColumnComment(
            model_name='Notification',
            name='template',
            field=fields.CharEnumField(description='ITEM_RECEIVED: item_received\nCUSTOMER_ITEM_RECEIVED: customer_item_received\nMANAGER_NEW_ITEM: manager_new_item\nITEM_ACKNOWLEDGED: item_acknowledged\nITEM_ASSIGNED: item_assigned\nASSIGNED_TO_YOU: assigned_to_you\nSTATUS_CHANGED: status_changed\nPUBLIC_REPLY: public_reply\nSUBMITTER_REPLIED: submitter_replied\nCUSTOMER_REPLIED: customer_replied\nCUSTOMER_FEEDBACK: customer_feedback\nSUBMITTER_FEEDBACK: submitter_feedback\nTARGET_MISSED: target_missed', enum_type=Template, max_length=40),
        ),
        AlterColumnComment(
            model_name='TimelineEvent',
            name='type',
            field=fields.CharEnumField(description='SUBMITTED: SUBMITTED\nACKNOWLEDGED: ACKNOWLEDGED\nASSIGNED: ASSIGNED\nPRIORITY_CHANGED: PRIORITY_CHANGED\nSTATUS_CHANGED: STATUS_CHANGED\nMESSAGE: MESSAGE\nCUSTOMER_FEEDBACK: CUSTOMER_FEEDBACK\nSUBMITTER_FEEDBACK: SUBMITTER_FEEDBACK\nTARGET_MISSED: TARGET_MISSED', enum_type=EventType, max_length=24),
        ),
    ]
