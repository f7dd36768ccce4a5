from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from domain.items.enums import ActorKind, EventType, ItemKind, Priority, Status, Visibility
from domain.notifications.enums import Channel, DeliveryState, RecipientKind, Template
from domain.org.enums import Locale, Role
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Team',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=80)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'teams', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Category',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name_en', fields.CharField(max_length=60)),
                ('name_nl', fields.CharField(max_length=60)),
                ('team', fields.ForeignKeyField('models.Team', source_field='team_id', db_constraint=True, to_field='id', related_name='categories', on_delete=OnDelete.RESTRICT)),
                ('is_active', fields.BooleanField(default=True)),
            ],
            options={'table': 'categories', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='User',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('email', fields.CharField(unique=True, max_length=254)),
                ('display_name', fields.CharField(max_length=80)),
                ('password_hash', fields.CharField(max_length=255)),
                ('role', fields.CharEnumField(default=Role.EMPLOYEE, description='EMPLOYEE: EMPLOYEE\nMANAGER: MANAGER\nADMIN: ADMIN', enum_type=Role, max_length=16)),
                ('locale', fields.CharEnumField(default=Locale.EN, description='EN: en\nNL: nl', enum_type=Locale, max_length=8)),
                ('is_active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'users', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Item',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(description='GRIEVANCE: GRIEVANCE\nCUSTOMER_ISSUE: CUSTOMER_ISSUE', enum_type=ItemKind, max_length=16)),
                ('title', fields.CharField(max_length=140)),
                ('body', fields.TextField(unique=False)),
                ('category', fields.ForeignKeyField('models.Category', source_field='category_id', db_constraint=True, to_field='id', related_name='items', on_delete=OnDelete.RESTRICT)),
                ('team', fields.ForeignKeyField('models.Team', source_field='team_id', db_constraint=True, to_field='id', related_name='items', on_delete=OnDelete.RESTRICT)),
                ('priority', fields.IntEnumField(default=Priority.NORMAL, description='LOW: 1\nNORMAL: 2\nHIGH: 3\nURGENT: 4', enum_type=Priority, generated=False)),
                ('status', fields.CharEnumField(default=Status.NEW, description='NEW: NEW\nACKNOWLEDGED: ACKNOWLEDGED\nIN_PROGRESS: IN_PROGRESS\nWAITING_FOR_INFO: WAITING_FOR_INFO\nRESOLVED: RESOLVED\nDECLINED: DECLINED\nCLOSED: CLOSED', enum_type=Status, max_length=20)),
                ('is_anonymous', fields.BooleanField(default=False)),
                ('submitter', fields.ForeignKeyField('models.User', source_field='submitter_id', null=True, db_constraint=True, to_field='id', related_name='submitted_items', on_delete=OnDelete.SET_NULL)),
                ('assignee', fields.ForeignKeyField('models.User', source_field='assignee_id', null=True, db_constraint=True, to_field='id', related_name='assigned_items', on_delete=OnDelete.SET_NULL)),
                ('receipt_hash', fields.CharField(null=True, unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('acknowledged_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('resolved_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('acknowledge_due_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('resolve_due_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
            ],
            options={'table': 'items', 'app': 'models', 'indexes': [Index(fields=['status', 'priority']), Index(fields=['team_id', 'status']), Index(fields=['assignee_id', 'status']), Index(fields=['status', 'resolve_due_at']), Index(fields=['status', 'created_at']), Index(fields=['submitter_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CustomerContact',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('item', fields.OneToOneField('models.Item', source_field='item_id', db_constraint=True, to_field='id', related_name='customer', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=100)),
                ('email', fields.CharField(max_length=254)),
                ('locale', fields.CharEnumField(default=Locale.EN, description='EN: en\nNL: nl', enum_type=Locale, max_length=8)),
                ('consent_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('token_salt', fields.CharField(max_length=32)),
                ('token_lookup', fields.CharField(unique=True, max_length=64)),
                ('unsubscribed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'customer_contacts', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Membership',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.CASCADE)),
                ('team', fields.ForeignKeyField('models.Team', source_field='team_id', db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.CASCADE)),
                ('is_lead', fields.BooleanField(default=False)),
            ],
            options={'table': 'memberships', 'app': 'models', 'unique_together': (('user', 'team'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Session',
            fields=[
                ('token_hash', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'sessions', 'app': 'models', 'pk_attr': 'token_hash'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TimelineEvent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('item', fields.ForeignKeyField('models.Item', source_field='item_id', db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('type', fields.CharEnumField(description='SUBMITTED: SUBMITTED\nACKNOWLEDGED: ACKNOWLEDGED\nASSIGNED: ASSIGNED\nPRIORITY_CHANGED: PRIORITY_CHANGED\nSTATUS_CHANGED: STATUS_CHANGED\nMESSAGE: MESSAGE\nCUSTOMER_FEEDBACK: CUSTOMER_FEEDBACK\nTARGET_MISSED: TARGET_MISSED', enum_type=EventType, max_length=24)),
                ('actor_kind', fields.CharEnumField(description='USER: USER\nSUBMITTER: SUBMITTER\nCUSTOMER: CUSTOMER\nSYSTEM: SYSTEM', enum_type=ActorKind, max_length=16)),
                ('actor', fields.ForeignKeyField('models.User', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.SET_NULL)),
                ('visibility', fields.CharEnumField(description='INTERNAL: INTERNAL\nSUBMITTER: SUBMITTER\nPUBLIC: PUBLIC', enum_type=Visibility, max_length=16)),
                ('from_status', fields.CharEnumField(null=True, description='NEW: NEW\nACKNOWLEDGED: ACKNOWLEDGED\nIN_PROGRESS: IN_PROGRESS\nWAITING_FOR_INFO: WAITING_FOR_INFO\nRESOLVED: RESOLVED\nDECLINED: DECLINED\nCLOSED: CLOSED', enum_type=Status, max_length=20)),
                ('to_status', fields.CharEnumField(null=True, description='NEW: NEW\nACKNOWLEDGED: ACKNOWLEDGED\nIN_PROGRESS: IN_PROGRESS\nWAITING_FOR_INFO: WAITING_FOR_INFO\nRESOLVED: RESOLVED\nDECLINED: DECLINED\nCLOSED: CLOSED', enum_type=Status, max_length=20)),
                ('message', fields.TextField(null=True, unique=False)),
                ('data', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={'table': 'timeline_events', 'app': 'models', 'indexes': [Index(fields=['item_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Notification',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('item', fields.ForeignKeyField('models.Item', source_field='item_id', null=True, db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.CASCADE)),
                ('event', fields.ForeignKeyField('models.TimelineEvent', source_field='event_id', null=True, db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.CASCADE)),
                ('channel', fields.CharEnumField(description='EMAIL: EMAIL\nIN_APP: IN_APP', enum_type=Channel, max_length=8)),
                ('recipient_kind', fields.CharEnumField(description='EMPLOYEE: EMPLOYEE\nSUBMITTER: SUBMITTER\nCUSTOMER: CUSTOMER\nMANAGER: MANAGER', enum_type=RecipientKind, max_length=16)),
                ('recipient_user', fields.ForeignKeyField('models.User', source_field='recipient_user_id', null=True, db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.CASCADE)),
                ('recipient_address', fields.CharField(null=True, max_length=254)),
                ('locale', fields.CharEnumField(description='EN: en\nNL: nl', enum_type=Locale, max_length=8)),
                ('template', fields.CharEnumField(description='ITEM_RECEIVED: item_received\nCUSTOMER_ITEM_RECEIVED: customer_item_received\nMANAGER_NEW_ITEM: manager_new_item\nITEM_ACKNOWLEDGED: item_acknowledged\nITEM_ASSIGNED: item_assigned\nASSIGNED_TO_YOU: assigned_to_you\nSTATUS_CHANGED: status_changed\nPUBLIC_REPLY: public_reply\nSUBMITTER_REPLIED: submitter_replied\nCUSTOMER_FEEDBACK: customer_feedback\nTARGET_MISSED: target_missed', enum_type=Template, max_length=40)),
                ('payload', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('state', fields.CharEnumField(default=DeliveryState.PENDING, description='PENDING: PENDING\nSENDING: SENDING\nSENT: SENT\nDEAD: DEAD', enum_type=DeliveryState, max_length=12)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('locked_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('locked_by', fields.CharField(null=True, max_length=64)),
                ('last_error', fields.TextField(null=True, unique=False)),
                ('message_id', fields.CharField(unique=True, max_length=255)),
                ('thread_id', fields.CharField(max_length=255)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'notifications', 'app': 'models', 'indexes': [Index(fields=['channel', 'state', 'next_attempt_at']), Index(fields=['recipient_user_id', 'channel', 'state']), Index(fields=['item_id', 'recipient_kind', 'state'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
