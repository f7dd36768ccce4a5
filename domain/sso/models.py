from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from domain.org.enums import Role
from domain.org.models import Team, User


# A person's account at the identity provider: the ID token's `iss` and `sub`, which
# stay the same when their email or name changes there.
class SsoIdentity(Model):
    id = fields.IntField(primary_key=True)
    issuer = fields.CharField(max_length=255)
    subject = fields.CharField(max_length=255)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="sso_identities", on_delete=fields.CASCADE
    )

    user_id: int

    class Meta:
        table = "sso_identities"
        unique_together = (("issuer", "subject"),)


# What membership of one of the provider's groups gives in Mopper: a role, teams, or both.
class OidcGroupMapping(Model):
    id = fields.IntField(primary_key=True)
    group = fields.CharField(max_length=255, unique=True)
    role = fields.CharEnumField(Role, max_length=16, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    teams: fields.ReverseRelation[OidcGroupTeam]

    class Meta:
        table = "oidc_group_mappings"


class OidcGroupTeam(Model):
    id = fields.IntField(primary_key=True)
    mapping: fields.ForeignKeyRelation[OidcGroupMapping] = fields.ForeignKeyField(
        "models.OidcGroupMapping", related_name="teams", on_delete=fields.CASCADE
    )
    team: fields.ForeignKeyRelation[Team] = fields.ForeignKeyField(
        "models.Team", related_name="oidc_group_mappings", on_delete=fields.CASCADE
    )

    mapping_id: int
    team_id: int

    class Meta:
        table = "oidc_group_teams"
        unique_together = (("mapping", "team"),)


# A team membership that single sign-on gave (because of a group mapping), so that it
# is taken back when the person's groups no longer give it. Memberships admins made by
# hand have none and are never touched by a sign-in.
class SsoTeamGrant(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="sso_team_grants", on_delete=fields.CASCADE
    )
    team: fields.ForeignKeyRelation[Team] = fields.ForeignKeyField(
        "models.Team", related_name="sso_team_grants", on_delete=fields.CASCADE
    )

    user_id: int
    team_id: int

    class Meta:
        table = "sso_team_grants"
        unique_together = (("user", "team"),)
