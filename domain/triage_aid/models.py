from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from domain.items.models import Item
from domain.org.models import User
from domain.triage_aid.tree import Outcome


# The decision tree's wording as admins saved it; the newest row is the tree in use.
# Append-only, so the triage of an old item can be read against the words it was given.
class TriageTreeVersion(Model):
    id = fields.IntField(primary_key=True)
    document: dict[str, object] = fields.JSONField()
    saved_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="triage_tree_versions", null=True, on_delete=fields.SET_NULL
    )
    saved_at = fields.DatetimeField()

    class Meta:
        table = "triage_tree_versions"


# What the manager concluded with the tree when acknowledging an item.
class TriageDecision(Model):
    id = fields.IntField(primary_key=True)
    item: fields.OneToOneRelation[Item] = fields.OneToOneField(
        "models.Item", related_name="triage_decision", on_delete=fields.CASCADE
    )
    outcome = fields.CharEnumField(Outcome, max_length=20)
    answers: list[int] = fields.JSONField()
    tree_version: fields.ForeignKeyNullableRelation[TriageTreeVersion] = fields.ForeignKeyField(
        "models.TriageTreeVersion", related_name="decisions", null=True, on_delete=fields.SET_NULL
    )
    decided_at = fields.DatetimeField()

    item_id: int
    tree_version_id: int | None

    class Meta:
        table = "triage_decisions"
        indexes = (("outcome", "decided_at"),)


# A reportable concern (safety, law, integrity) and the EU whistleblower directive's
# clocks (Directive (EU) 2019/1937, art. 9): receipt acknowledged within 7 calendar
# days, feedback within 3 months of the acknowledgement. Each missed clock is escalated
# once (compare-and-set on its `*_escalated_at`, so several workers still escalate once).
class ReportableConcern(Model):
    id = fields.IntField(primary_key=True)
    item: fields.OneToOneRelation[Item] = fields.OneToOneField(
        "models.Item", related_name="concern", on_delete=fields.CASCADE
    )
    marked_at = fields.DatetimeField()
    acknowledge_by = fields.DatetimeField()
    acknowledged_at = fields.DatetimeField(null=True)
    feedback_by = fields.DatetimeField(null=True)
    feedback_at = fields.DatetimeField(null=True)
    acknowledge_escalated_at = fields.DatetimeField(null=True)
    feedback_escalated_at = fields.DatetimeField(null=True)

    item_id: int

    class Meta:
        table = "reportable_concerns"
        indexes = (("acknowledged_at", "acknowledge_by"), ("feedback_at", "feedback_by"))
