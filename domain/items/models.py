from __future__ import annotations

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from domain.items.enums import ActorKind, EventType, ItemKind, Priority, Status, Visibility
from domain.items.numbering import item_reference
from domain.org.enums import Locale
from domain.org.models import Category, Team, User


# A gripe or a relayed customer problem.
#
# An anonymous item has no submitter and no other trace of who sent it; it is found
# again only through `receipt_hash`, a keyed hash of the receipt code. Its id is random,
# outside the named items' sequence, and its times are to the hour (`domain/anonymity/`).
class Item(Model):
    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(ItemKind, max_length=16)
    title = fields.CharField(max_length=140)
    body = fields.TextField()
    category: fields.ForeignKeyRelation[Category] = fields.ForeignKeyField(
        "models.Category", related_name="items", on_delete=fields.RESTRICT
    )
    team: fields.ForeignKeyRelation[Team] = fields.ForeignKeyField(
        "models.Team", related_name="items", on_delete=fields.RESTRICT
    )
    priority = fields.IntEnumField(Priority, default=Priority.NORMAL)
    status = fields.CharEnumField(Status, max_length=20, default=Status.NEW)
    is_anonymous = fields.BooleanField(default=False)
    submitter: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="submitted_items", null=True, on_delete=fields.SET_NULL
    )
    assignee: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="assigned_items", null=True, on_delete=fields.SET_NULL
    )
    receipt_hash = fields.CharField(max_length=64, null=True, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    # Set by every write from `domain.clock.utcnow()` (no `auto_now`: an anonymous item's
    # times are written to the hour).
    updated_at = fields.DatetimeField()
    acknowledged_at = fields.DatetimeField(null=True)
    resolved_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)
    acknowledge_due_at = fields.DatetimeField(null=True)
    resolve_due_at = fields.DatetimeField(null=True)
    # A missed response target is reported once, then escalated to the team lead once:
    # the due moment that was missed, when the team was told, when the lead was told.
    missed_due_at = fields.DatetimeField(null=True)
    missed_reported_at = fields.DatetimeField(null=True)
    missed_escalated_at = fields.DatetimeField(null=True)
    version = fields.IntField(default=1)
    # False while an anonymous gripe waits for the next filing: managers see it, and hear
    # of it, only once filed (`domain/anonymity/filing.py`). Named items are filed at once.
    filed = fields.BooleanField(default=True, db_default=True)
    # Shared with colleagues (`domain/engagement/`): they see the title, the body, the
    # status and the team's explanations, and say "me too"; never who sent it, unless
    # `shared_by_name`.
    shared = fields.BooleanField(default=False, db_default=False)
    shared_by_name = fields.BooleanField(default=False, db_default=False)
    # The "me too"s counted so far (kept with every change, for the board's sort).
    me_too_count = fields.IntField(default=0, db_default=0)
    # Merged as a duplicate into another item, which its followers now follow.
    merged_into: fields.ForeignKeyNullableRelation[Item] = fields.ForeignKeyField(
        "models.Item", related_name="merged_items", null=True, on_delete=fields.SET_NULL
    )

    submitter_id: int | None
    merged_into_id: int | None
    assignee_id: int | None
    team_id: int
    category_id: int

    class Meta:
        table = "items"
        indexes = (
            Index(fields=("status", "priority")),
            Index(fields=("team_id", "status")),
            Index(fields=("assignee_id", "status")),
            Index(fields=("status", "resolve_due_at")),
            Index(fields=("status", "created_at")),
            Index(fields=("submitter_id", "created_at")),
        )

    @property
    def reference(self) -> str:
        return item_reference(self.id)


# The customer behind a relayed item, who agreed to be contacted about it.
class CustomerContact(Model):
    id = fields.IntField(primary_key=True)
    item: fields.OneToOneRelation[Item] = fields.OneToOneField(
        "models.Item", related_name="customer", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    email = fields.CharField(max_length=254)
    locale = fields.CharEnumField(Locale, max_length=8, default=Locale.EN)
    consent_at = fields.DatetimeField()
    # The status-page token is derived from the server secret and this salt, and looked
    # up by a keyed hash: the database alone can neither show nor recompute it.
    token_salt = fields.CharField(max_length=32)
    token_lookup = fields.CharField(max_length=64, unique=True)
    unsubscribed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    item_id: int

    class Meta:
        table = "customer_contacts"


# One step in an item's life, with who took it and who may see it.
class TimelineEvent(Model):
    id = fields.IntField(primary_key=True)
    item: fields.ForeignKeyRelation[Item] = fields.ForeignKeyField(
        "models.Item", related_name="events", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    type = fields.CharEnumField(EventType, max_length=24)
    actor_kind = fields.CharEnumField(ActorKind, max_length=16)
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="events", null=True, on_delete=fields.SET_NULL
    )
    visibility = fields.CharEnumField(Visibility, max_length=16)
    from_status = fields.CharEnumField(Status, max_length=20, null=True)
    to_status = fields.CharEnumField(Status, max_length=20, null=True)
    message = fields.TextField(null=True)
    data: dict[str, object] = fields.JSONField(default=dict)

    item_id: int
    actor_id: int | None

    class Meta:
        table = "timeline_events"
        indexes = (Index(fields=("item_id", "created_at")),)
        ordering = ["id"]
