from __future__ import annotations

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from domain.org.enums import Locale, Role


class User(Model):
    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254, unique=True)
    display_name = fields.CharField(max_length=80)
    password_hash = fields.CharField(max_length=255)
    role = fields.CharEnumField(Role, max_length=16, default=Role.EMPLOYEE)
    locale = fields.CharEnumField(Locale, max_length=8, default=Locale.EN)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "users"

    @property
    def first_name(self) -> str:
        return self.display_name.split()[0] if self.display_name.strip() else self.display_name


class Team(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=80, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "teams"


# A user in a team; managers triage their teams' items, the lead hears of missed targets.
class Membership(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="memberships", on_delete=fields.CASCADE
    )
    team: fields.ForeignKeyRelation[Team] = fields.ForeignKeyField(
        "models.Team", related_name="memberships", on_delete=fields.CASCADE
    )
    is_lead = fields.BooleanField(default=False)

    user_id: int
    team_id: int

    class Meta:
        table = "memberships"
        unique_together = (("user", "team"),)


# What an item is about; choosing one routes the item to that category's team.
class Category(Model):
    id = fields.IntField(primary_key=True)
    name_en = fields.CharField(max_length=60)
    name_nl = fields.CharField(max_length=60)
    team: fields.ForeignKeyRelation[Team] = fields.ForeignKeyField(
        "models.Team", related_name="categories", on_delete=fields.RESTRICT
    )
    is_active = fields.BooleanField(default=True)

    team_id: int

    class Meta:
        table = "categories"

    def name(self, locale: Locale) -> str:
        return self.name_nl if locale is Locale.NL else self.name_en


# One admin action: who, what, on what, the state before and after, when. Append-only:
# nothing in the code updates or deletes a row, and the database refuses an UPDATE (and,
# on PostgreSQL, a DELETE) with a trigger (migration 0007). Never about items: what an
# admin does to people, teams, categories and settings only.
class AdminLogEntry(Model):
    id = fields.BigIntField(primary_key=True)
    at = fields.DatetimeField()
    # None: the command line (`python -m server.admin`), not a person in the app.
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="admin_actions", null=True, on_delete=fields.RESTRICT
    )
    actor_name = fields.CharField(max_length=80)
    action = fields.CharField(max_length=48)
    subject_kind = fields.CharField(max_length=24)
    subject_id = fields.CharField(max_length=64, null=True)
    before: dict[str, object] = fields.JSONField(default=dict)
    after: dict[str, object] = fields.JSONField(default=dict)

    actor_id: int | None

    class Meta:
        table = "admin_log"
        indexes = (
            Index(fields=("at",)),
            Index(fields=("action", "at")),
            Index(fields=("actor_id", "at")),
        )
