"""The notifications menu (inbox_entries), each person's email choices
(notification_preferences) and daily digests (digests, unique per person and day); the
digest template: for that only the column comment changes, which SQLite does not have
(see _sqlite_safe)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.notifications.enums import Delivery, DigestState, EmailKind, RecipientKind, Template
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields

from domain.migrations._sqlite_safe import AlterColumnComment
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0009_sso')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Digest',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='digests', on_delete=OnDelete.CASCADE)),
                ('day', fields.DateField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updates', fields.IntField()),
            ],
            options={'table': 'digests', 'app': 'models', 'unique_together': (('user', 'day'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='InboxEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='inbox_entries', on_delete=OnDelete.CASCADE)),
                ('item', fields.ForeignKeyField('models.Item', source_field='item_id', null=True, db_constraint=True, to_field='id', related_name='inbox_entries', on_delete=OnDelete.CASCADE)),
                ('event', fields.ForeignKeyField('models.TimelineEvent', source_field='event_id', null=True, db_constraint=True, to_field='id', related_name='inbox_entries', on_delete=OnDelete.CASCADE)),
                ('recipient_kind', fields.CharEnumField(description='EMPLOYEE: EMPLOYEE\nSUBMITTER: SUBMITTER\nCUSTOMER: CUSTOMER\nMANAGER: MANAGER\nFOLLOWER: FOLLOWER', enum_type=RecipientKind, max_length=16)),
                ('template', fields.CharEnumField(description='ITEM_RECEIVED: item_received\nCUSTOMER_ITEM_RECEIVED: customer_item_received\nMANAGER_NEW_ITEM: manager_new_item\nITEM_ACKNOWLEDGED: item_acknowledged\nITEM_ASSIGNED: item_assigned\nASSIGNED_TO_YOU: assigned_to_you\nSTATUS_CHANGED: status_changed\nPUBLIC_REPLY: public_reply\nSUBMITTER_REPLIED: submitter_replied\nCUSTOMER_REPLIED: customer_replied\nCUSTOMER_FEEDBACK: customer_feedback\nSUBMITTER_FEEDBACK: submitter_feedback\nTARGET_MISSED: target_missed\nFOLLOWED_ITEM_MOVED: followed_item_moved\nITEM_MERGED: item_merged\nDIGEST: digest', enum_type=Template, max_length=40)),
                ('payload', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('read_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('digest_state', fields.CharEnumField(default=DigestState.NONE, description='NONE: NONE\nWAITING: WAITING\nINCLUDED: INCLUDED', enum_type=DigestState, max_length=10)),
            ],
            options={'table': 'inbox_entries', 'app': 'models', 'indexes': [Index(fields=['user_id', 'read_at']), Index(fields=['user_id', 'item_id', 'read_at']), Index(fields=['digest_state', 'user_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='NotificationPreference',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='notification_preferences', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='NEW_ITEMS: NEW_ITEMS\nASSIGNED_TO_ME: ASSIGNED_TO_ME\nOVERDUE: OVERDUE\nANSWERS: ANSWERS\nMY_ITEMS: MY_ITEMS\nFOLLOWED: FOLLOWED', enum_type=EmailKind, max_length=16)),
                ('delivery', fields.CharEnumField(description='IMMEDIATE: IMMEDIATE\nDIGEST: DIGEST\nOFF: OFF', enum_type=Delivery, max_length=12)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'notification_preferences', 'app': 'models', 'unique_together': (('user', 'kind'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        AlterColumnComment(
            model_name='Notification',
            name='template',
            field=fields.CharEnumField(description='ITEM_RECEIVED: item_received\nCUSTOMER_ITEM_RECEIVED: customer_item_received\nMANAGER_NEW_ITEM: manager_new_item\nITEM_ACKNOWLEDGED: item_acknowledged\nITEM_ASSIGNED: item_assigned\nASSIGNED_TO_YOU: assigned_to_you\nSTATUS_CHANGED: status_changed\nPUBLIC_REPLY: public_reply\nSUBMITTER_REPLIED: submitter_replied\nCUSTOMER_REPLIED: customer_replied\nCUSTOMER_FEEDBACK: customer_feedback\nSUBMITTER_FEEDBACK: submitter_feedback\nTARGET_MISSED: target_missed\nFOLLOWED_ITEM_MOVED: followed_item_moved\nITEM_MERGED: item_merged\nDIGEST: digest', enum_type=Template, max_length=40),
        ),
    ]
