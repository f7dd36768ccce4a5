"""The anonymous channel (domain/anonymity/): token keys, who had this period's tokens,
spent tokens, replies waiting for the filing; `items.filed`; sessions without their
start time; `items.updated_at` set by the code instead of `auto_now`."""

from uuid import uuid4

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops

from domain.migrations._sqlite_safe import AlterFieldInStateOnly


class Migration(migrations.Migration):
    dependencies = [('models', '0005_reply_addresses_and_feedback')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SpentToken',
            fields=[
                ('token_hash', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
            ],
            options={'table': 'anonymous_spent_tokens', 'app': 'models', 'pk_attr': 'token_hash'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TokenKey',
            fields=[
                ('key_id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=16)),
                ('period', fields.IntField(unique=True)),
                ('sealed_private_key', fields.TextField(unique=False)),
                ('signs_until', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('accepted_until', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'anonymous_token_keys', 'app': 'models', 'pk_attr': 'key_id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TokenIssuance',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='token_issuances', on_delete=OnDelete.CASCADE)),
                ('key', fields.ForeignKeyField('models.TokenKey', source_field='key_id', db_constraint=True, to_field='key_id', related_name='issuances', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'anonymous_token_issuances', 'app': 'models', 'unique_together': (('user', 'key'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WaitingReply',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('item', fields.ForeignKeyField('models.Item', source_field='item_id', db_constraint=True, to_field='id', related_name='waiting_replies', on_delete=OnDelete.CASCADE)),
                ('position', fields.IntField()),
                ('body', fields.TextField(unique=False)),
            ],
            options={'table': 'anonymous_waiting_replies', 'app': 'models', 'unique_together': (('item', 'position'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        AlterFieldInStateOnly(
            model_name='Item',
            name='updated_at',
            field=fields.DatetimeField(auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Item',
            name='filed',
            field=fields.BooleanField(default=True, db_default=True),
        ),
        ops.RemoveField(model_name='Session', name='created_at'),
    ]
