from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0003_board_sort_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ThrottleCounter',
            fields=[
                ('key', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('attempts', fields.IntField()),
                ('last_at', fields.BigIntField()),
                ('ends_at', fields.BigIntField()),
            ],
            options={'table': 'throttle_counters', 'app': 'models', 'pk_attr': 'key'},
            bases=['Model'],
        ),
    ]
