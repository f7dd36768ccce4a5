"""The admin log (append-only: the database refuses to change or, on PostgreSQL, delete
a row) and the single-use links that let a person set a password (invitation, reset,
the first admin's link)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.auth.models import LinkPurpose
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

from domain.migrations._sqlite_safe import AppendOnly

class Migration(migrations.Migration):
    dependencies = [('models', '0006_anonymous_channel')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AccountLink',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='account_links', on_delete=OnDelete.CASCADE)),
                ('purpose', fields.CharEnumField(description='INVITATION: INVITATION\nRESET: RESET\nSETUP: SETUP', enum_type=LinkPurpose, max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'account_links', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AdminLogEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('actor', fields.ForeignKeyField('models.User', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='admin_actions', on_delete=OnDelete.RESTRICT)),
                ('actor_name', fields.CharField(max_length=80)),
                ('action', fields.CharField(max_length=48)),
                ('subject_kind', fields.CharField(max_length=24)),
                ('subject_id', fields.CharField(null=True, max_length=64)),
                ('before', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('after', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={'table': 'admin_log', 'app': 'models', 'indexes': [Index(fields=['at']), Index(fields=['action', 'at']), Index(fields=['actor_id', 'at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        AppendOnly(table='admin_log'),
    ]
