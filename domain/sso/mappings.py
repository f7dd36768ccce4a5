"""The admins' mapping of the identity provider's groups to Mopper roles and teams,
applied at every single sign-on.

A mapping names one group (as the provider's groups claim spells it: a name, a path
such as Keycloak's `/staff`, or an id such as Entra ID's object ids) and gives its
members a role, teams, or both. At each sign-in:

- **Teams.** The person is put in every team their groups map to, and taken out of a
  team a sign-in once put them in when their groups no longer map to it (leaving the
  group at the provider, or an admin changing or removing the mapping). Memberships
  admins made by hand stay as they are (`SsoTeamGrant` tells the two apart).
- **Role.** Once any mapping gives a role, roles come from the provider: the highest
  role of the person's groups (admin > manager > employee), an employee when none of
  their groups gives one. The last active admin is never demoted this way (the
  organisation would have no admin left); a person demoted ends their other sessions.
- No mappings at all: nothing changes; roles and teams are set in the console only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from domain.auth.principal import Principal
from domain.errors import Forbidden, NotFound
from domain.org import admin_log
from domain.org.admin_log import SubjectKind
from domain.org.enums import Role
from domain.org.models import Membership, Team, User
from domain.sso.models import OidcGroupMapping, OidcGroupTeam, SsoTeamGrant
from domain.validation import Checker

GROUP_MAX = 255
# The admin log's names for what admins do to mappings.
MAPPING_CREATED = "group_mapping.created"
MAPPING_CHANGED = "group_mapping.changed"
MAPPING_REMOVED = "group_mapping.removed"
_RANK = {Role.EMPLOYEE: 0, Role.MANAGER: 1, Role.ADMIN: 2}


@dataclass(frozen=True, slots=True)
class GroupMapping:
    id: int
    group: str
    role: Role | None
    team_ids: tuple[int, ...]


def _logged(mapping: GroupMapping | None) -> dict[str, object]:
    """A mapping as the admin log keeps it."""
    if mapping is None:
        return {}
    role = mapping.role.value if mapping.role else None
    return {"group": mapping.group, "role": role, "teamIds": list(mapping.team_ids)}


def _require_admin(principal: Principal) -> None:
    if not principal.is_admin:
        raise Forbidden("Only admins may do that.")


async def _mappings() -> list[GroupMapping]:
    rows = await OidcGroupMapping.all().order_by("group")  # a few dozen at most
    teams: dict[int, list[int]] = {row.id: [] for row in rows}
    for mapping_id, team_id in (
        await OidcGroupTeam.all().order_by("team_id").values_list("mapping_id", "team_id")
    ):
        teams[int(mapping_id)].append(int(team_id))
    return [
        GroupMapping(id=row.id, group=row.group, role=row.role, team_ids=tuple(teams[row.id]))
        for row in rows
    ]


async def group_mappings(principal: Principal) -> list[GroupMapping]:
    _require_admin(principal)
    return await _mappings()


async def set_group_mapping(
    principal: Principal, *, group: str, role: Role | None, team_ids: Iterable[int]
) -> GroupMapping:
    """Create the mapping of `group`, or replace what it gives."""
    _require_admin(principal)
    wanted = sorted(set(team_ids))
    check = Checker()
    name = check.single_line("group", group, max_length=GROUP_MAX)
    check.require("teamIds", role is not None or bool(wanted), "Choose a role, a team or both.")
    if wanted:
        known = await Team.filter(id__in=wanted).count()
        check.require("teamIds", known == len(wanted), "One of these teams does not exist.")
    check.done()
    async with in_transaction() as conn:
        before = next((m for m in await _mappings() if m.group == name), None)
        if before is None:
            mapping_id = (await OidcGroupMapping.create(group=name, role=role, using_db=conn)).id
        else:
            mapping_id = before.id
            await OidcGroupMapping.filter(id=mapping_id).using_db(conn).update(role=role)
            await OidcGroupTeam.filter(mapping_id=mapping_id).using_db(conn).delete()
        await OidcGroupTeam.bulk_create(
            [OidcGroupTeam(mapping_id=mapping_id, team_id=team_id) for team_id in wanted],
            using_db=conn,
        )
        after = GroupMapping(id=mapping_id, group=name, role=role, team_ids=tuple(wanted))
        await admin_log.record(
            principal,
            MAPPING_CREATED if before is None else MAPPING_CHANGED,
            SubjectKind.GROUP_MAPPING,
            mapping_id,
            before=_logged(before),
            after=_logged(after),
            using_db=conn,
        )
    return after


async def remove_group_mapping(principal: Principal, mapping_id: int) -> GroupMapping:
    """Remove a mapping; what it gave people stays until their next sign-in."""
    _require_admin(principal)
    async with in_transaction() as conn:
        removed = next((m for m in await _mappings() if m.id == mapping_id), None)
        if removed is None:
            raise NotFound("No such group mapping.")
        await OidcGroupMapping.filter(id=mapping_id).using_db(conn).delete()
        await admin_log.record(
            principal,
            MAPPING_REMOVED,
            SubjectKind.GROUP_MAPPING,
            mapping_id,
            before=_logged(removed),
            after={},
            using_db=conn,
        )
    return removed


async def apply_group_mappings(user: User, groups: frozenset[str]) -> None:
    """What the person's groups give them, written onto their account (module doc).
    Runs inside the sign-in's transaction."""
    mappings = await _mappings()
    if not mappings:
        return
    mine = [m for m in mappings if m.group in groups]
    wanted = {team_id for m in mine for team_id in m.team_ids}
    await _apply_teams(user.id, wanted)

    if not any(m.role is not None for m in mappings):
        return
    given = [m.role for m in mine if m.role is not None]
    role = max(given, key=_RANK.__getitem__, default=Role.EMPLOYEE)
    if role is user.role:
        return
    if user.role is Role.ADMIN and not await _another_active_admin(user.id):
        return
    user.role = role
    await user.save(update_fields=["role"])


async def _apply_teams(user_id: int, wanted: set[int]) -> None:
    members = Membership.filter(user_id=user_id).values_list("team_id", flat=True)
    grants = SsoTeamGrant.filter(user_id=user_id).values_list("team_id", flat=True)
    current: set[int] = set(await members)  # type: ignore[arg-type]
    granted: set[int] = set(await grants)  # type: ignore[arg-type]
    taken_back = granted - wanted
    if taken_back:
        await Membership.filter(user_id=user_id, team_id__in=taken_back).delete()
        await SsoTeamGrant.filter(user_id=user_id, team_id__in=taken_back).delete()
    for team_id in sorted(wanted - current):
        await Membership.create(user_id=user_id, team_id=team_id)
        if team_id not in granted:
            await SsoTeamGrant.create(user_id=user_id, team_id=team_id)


async def _another_active_admin(user_id: int) -> bool:
    return await User.filter(role=Role.ADMIN, is_active=True).exclude(id=user_id).exists()
