from __future__ import annotations

from tortoise import fields
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
