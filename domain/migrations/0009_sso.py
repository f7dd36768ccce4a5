"""Single sign-on (domain/sso/): identities at the provider, group mappings, and the
team memberships sign-ins gave."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.org.enums import Role
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0008_shared_items_and_me_too')]

    initial = False

    operations = [
        ops.CreateModel(
            name='OidcGroupMapping',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('group', fields.CharField(unique=True, max_length=255)),
                ('role', fields.CharEnumField(null=True, description='EMPLOYEE: EMPLOYEE\nMANAGER: MANAGER\nADMIN: ADMIN', enum_type=Role, max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'oidc_group_mappings', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OidcGroupTeam',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('mapping', fields.ForeignKeyField('models.OidcGroupMapping', source_field='mapping_id', db_constraint=True, to_field='id', related_name='teams', on_delete=OnDelete.CASCADE)),
                ('team', fields.ForeignKeyField('models.Team', source_field='team_id', db_constraint=True, to_field='id', related_name='oidc_group_mappings', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'oidc_group_teams', 'app': 'models', 'unique_together': (('mapping', 'team'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SsoIdentity',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('issuer', fields.CharField(max_length=255)),
                ('subject', fields.CharField(max_length=255)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='sso_identities', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'sso_identities', 'app': 'models', 'unique_together': (('issuer', 'subject'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SsoTeamGrant',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='sso_team_grants', on_delete=OnDelete.CASCADE)),
                ('team', fields.ForeignKeyField('models.Team', source_field='team_id', db_constraint=True, to_field='id', related_name='sso_team_grants', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'sso_team_grants', 'app': 'models', 'unique_together': (('user', 'team'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
