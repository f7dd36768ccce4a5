"""Emails about a person's account (invitation, password reset): two more templates,
which change only the column comment (PostgreSQL)."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.notifications.enums import Template
from tortoise import fields

from domain.migrations._sqlite_safe import AlterColumnComment

class Migration(migrations.Migration):
    dependencies = [('models', '0012_search_newest_first')]

    initial = False

    operations = [
        AlterColumnComment(
            model_name='InboxEntry',
            name='template',
            field=fields.CharEnumField(description='ITEM_RECEIVED: item_received\nCUSTOMER_ITEM_RECEIVED: customer_item_received\nMANAGER_NEW_ITEM: manager_new_item\nITEM_ACKNOWLEDGED: item_acknowledged\nITEM_ASSIGNED: item_assigned\nASSIGNED_TO_YOU: assigned_to_you\nSTATUS_CHANGED: status_changed\nPUBLIC_REPLY: public_reply\nSUBMITTER_REPLIED: submitter_replied\nCUSTOMER_REPLIED: customer_replied\nCUSTOMER_FEEDBACK: customer_feedback\nSUBMITTER_FEEDBACK: submitter_feedback\nTARGET_MISSED: target_missed\nINVITATION: invitation\nPASSWORD_RESET: password_reset\nFOLLOWED_ITEM_MOVED: followed_item_moved\nITEM_MERGED: item_merged\nDIGEST: digest', enum_type=Template, max_length=40),
        ),
        AlterColumnComment(
            model_name='Notification',
            name='template',
            field=fields.CharEnumField(description='ITEM_RECEIVED: item_received\nCUSTOMER_ITEM_RECEIVED: customer_item_received\nMANAGER_NEW_ITEM: manager_new_item\nITEM_ACKNOWLEDGED: item_acknowledged\nITEM_ASSIGNED: item_assigned\nASSIGNED_TO_YOU: assigned_to_you\nSTATUS_CHANGED: status_changed\nPUBLIC_REPLY: public_reply\nSUBMITTER_REPLIED: submitter_replied\nCUSTOMER_REPLIED: customer_replied\nCUSTOMER_FEEDBACK: customer_feedback\nSUBMITTER_FEEDBACK: submitter_feedback\nTARGET_MISSED: target_missed\nINVITATION: invitation\nPASSWORD_RESET: password_reset\nFOLLOWED_ITEM_MOVED: followed_item_moved\nITEM_MERGED: item_merged\nDIGEST: digest', enum_type=Template, max_length=40),
        ),
    ]
