from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.triage_aid.tree import Outcome
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0010_notifications_menu_and_digests')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ReportableConcern',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('item', fields.OneToOneField('models.Item', source_field='item_id', db_constraint=True, to_field='id', related_name='concern', on_delete=OnDelete.CASCADE)),
                ('marked_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('acknowledge_by', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('acknowledged_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('feedback_by', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('feedback_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('acknowledge_escalated_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('feedback_escalated_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'reportable_concerns', 'app': 'models', 'indexes': [Index(fields=['acknowledged_at', 'acknowledge_by']), Index(fields=['feedback_at', 'feedback_by'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TriageTreeVersion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('document', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('saved_by', fields.ForeignKeyField('models.User', source_field='saved_by_id', null=True, db_constraint=True, to_field='id', related_name='triage_tree_versions', on_delete=OnDelete.SET_NULL)),
                ('saved_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'triage_tree_versions', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TriageDecision',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('item', fields.OneToOneField('models.Item', source_field='item_id', db_constraint=True, to_field='id', related_name='triage_decision', on_delete=OnDelete.CASCADE)),
                ('outcome', fields.CharEnumField(description='CUSTOMER_PROBLEM: CUSTOMER_PROBLEM\nIRRITATION: IRRITATION\nIDEA: IDEA\nCONCERN: CONCERN\nDUPLICATE: DUPLICATE', enum_type=Outcome, max_length=20)),
                ('answers', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('tree_version', fields.ForeignKeyField('models.TriageTreeVersion', source_field='tree_version_id', null=True, db_constraint=True, to_field='id', related_name='decisions', on_delete=OnDelete.SET_NULL)),
                ('decided_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'triage_decisions', 'app': 'models', 'indexes': [Index(fields=['outcome', 'decided_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
