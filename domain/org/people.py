"""People administration (admins only, checked by the API): finding people, inviting
them one by one or from a CSV file, changing their role and teams, deactivating and
reactivating them. Every change is written to the admin log in its own transaction.

A person invited but without a password yet has an empty `password_hash`: they cannot
sign in until they follow their invitation link.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from tortoise.expressions import Q

from domain.auth.links import issue
from domain.auth.models import AccountLink, LinkPurpose
from domain.auth.principal import Principal
from domain.auth.sessions import close_all_sessions
from domain.errors import LastAdmin, NotFound, ValidationFailed
from domain.items.actors import Actor
from domain.items.reassignment import free_assignments
from domain.org import admin_log
from domain.org.admin_log import Action, SubjectKind
from domain.org.enums import Locale, Role
from domain.org.models import Membership, Team, User
from domain.unit_of_work import UnitOfWork, unit_of_work
from domain.validation import NAME_MAX, Checker, normalise_email

SEARCH_MAX = 100
NO_ADMIN_YET = (
    "Nobody can sign in yet: create the first admin with "
    "`python -m server.admin create-admin EMAIL NAME` (or `make create-admin EMAIL=... "
    "NAME=...`), open the link it prints, and invite everyone else from the admin console."
)
IMPORT_MAX_ROWS = 5000
COLUMNS = ("email", "name", "language", "role", "teams")
TEAM_SEPARATOR = ";"
# A cell a spreadsheet would run as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class PersonStatus(StrEnum):
    ACTIVE = "ACTIVE"
    INVITED = "INVITED"  # no password yet: the invitation is still open
    DEACTIVATED = "DEACTIVATED"


def status_of(user: User) -> PersonStatus:
    if not user.is_active:
        return PersonStatus.DEACTIVATED
    return PersonStatus.ACTIVE if user.password_hash else PersonStatus.INVITED


@dataclass(frozen=True, slots=True)
class PersonRecord:
    user: User
    team_ids: tuple[int, ...]

    @property
    def status(self) -> PersonStatus:
        return status_of(self.user)


async def _records(users: Sequence[User]) -> list[PersonRecord]:
    ids = [u.id for u in users]
    teams: dict[int, list[int]] = {i: [] for i in ids}
    if ids:
        for user_id, team_id in await Membership.filter(user_id__in=ids).values_list(
            "user_id", "team_id"
        ):
            teams[int(user_id)].append(int(team_id))
    return [PersonRecord(u, tuple(sorted(teams[u.id]))) for u in users]


async def search(text: str | None, *, offset: int, limit: int) -> tuple[list[PersonRecord], int]:
    """People whose name or email holds `text`, by name."""
    query = User.all()
    needle = (text or "").strip()[:SEARCH_MAX]
    if needle:
        query = query.filter(Q(display_name__icontains=needle) | Q(email__icontains=needle))
    total = await query.count()
    users = await query.order_by("display_name", "id").offset(offset).limit(limit)
    return await _records(users), total


async def person(user_id: int) -> PersonRecord:
    user = await User.get_or_none(id=user_id)
    if user is None:
        raise NotFound("No such person.")
    return (await _records([user]))[0]


def _snapshot(user: User, team_names: Sequence[str]) -> dict[str, object]:
    return {
        "email": user.email,
        "name": user.display_name,
        "role": user.role.value,
        "language": user.locale.value,
        "teams": sorted(team_names),
        "status": status_of(user).value,
    }


async def _team_names(team_ids: Sequence[int], conn: object = None) -> list[str]:
    if not team_ids:
        return []
    return [t.name for t in await Team.filter(id__in=list(team_ids)).order_by("name")]


async def _teams_by_id(team_ids: Sequence[int], *, field: str) -> list[Team]:
    wanted = sorted(set(team_ids))
    teams = await Team.filter(id__in=wanted).order_by("name") if wanted else []
    if len(teams) != len(wanted):
        raise ValidationFailed({field: "Unknown team."})
    return list(teams)


@dataclass(frozen=True, slots=True)
class Invitation:
    email: str
    display_name: str
    locale: Locale = Locale.EN
    role: Role = Role.EMPLOYEE
    team_ids: tuple[int, ...] = ()


async def _create_invited(
    uow: UnitOfWork,
    actor: Principal | None,
    *,
    email: str,
    name: str,
    locale: Locale,
    role: Role,
    teams: Sequence[Team],
    action: str,
) -> User:
    user = await User.create(
        email=email,
        display_name=name,
        password_hash="",
        role=role,
        locale=locale,
        using_db=uow.conn,
    )
    for team in teams:
        await Membership.create(user_id=user.id, team_id=team.id, using_db=uow.conn)
    await issue(
        uow, user, LinkPurpose.INVITATION, inviter_name=actor.display_name if actor else None
    )
    await admin_log.record(
        actor,
        action,
        SubjectKind.PERSON,
        user.id,
        {},
        _snapshot(user, [t.name for t in teams]),
        using_db=uow.conn,
    )
    return user


async def invite(actor: Principal, invitation: Invitation) -> PersonRecord:
    """A new person, who gets an email with a link to set their password (7 days)."""
    check = Checker()
    email = normalise_email(check.email("email", invitation.email))
    name = check.single_line("displayName", invitation.display_name, max_length=NAME_MAX)
    check.done()
    teams = await _teams_by_id(invitation.team_ids, field="teamIds")
    if await User.exists(email=email):
        raise ValidationFailed({"email": "Someone already has this email address."})
    async with unit_of_work() as uow:
        user = await _create_invited(
            uow,
            actor,
            email=email,
            name=name,
            locale=invitation.locale,
            role=invitation.role,
            teams=teams,
            action=Action.INVITED,
        )
    return PersonRecord(user, tuple(t.id for t in teams))


async def resend_invitation(actor: Principal, user_id: int) -> PersonRecord:
    """A new invitation link (the old one stops working)."""
    record = await person(user_id)
    if record.status is not PersonStatus.INVITED:
        raise ValidationFailed({"id": "This person has no open invitation."})
    async with unit_of_work() as uow:
        await issue(uow, record.user, LinkPurpose.INVITATION, inviter_name=actor.display_name)
        await admin_log.record(
            actor,
            Action.INVITATION_RESENT,
            SubjectKind.PERSON,
            user_id,
            {},
            {},
            using_db=uow.conn,
        )
    return record


async def _other_active_admins(user_id: int, uow: UnitOfWork) -> int:
    return (
        await User.filter(role=Role.ADMIN, is_active=True)
        .exclude(id=user_id)
        .using_db(uow.conn)
        .count()
    )


async def _lock_admins(uow: UnitOfWork) -> None:
    """Two admins demoting each other at once must not leave none: the admins' rows are
    locked first (PostgreSQL; SQLite writes one at a time anyway)."""
    await User.filter(role=Role.ADMIN, is_active=True).using_db(uow.conn).select_for_update()


@dataclass(frozen=True, slots=True)
class Change:
    role: Role | None = None
    team_ids: tuple[int, ...] | None = None
    display_name: str | None = None
    locale: Locale | None = None


async def _apply_change(
    uow: UnitOfWork,
    actor: Principal | None,
    user: User,
    *,
    role: Role | None,
    teams: Sequence[Team] | None,
    name: str | None,
    locale: Locale | None,
    action: str,
) -> bool:
    """Whether anything changed. The person's other sessions end when their role does."""
    old_team_ids = sorted(
        int(t)  # type: ignore[call-overload]
        for t in await Membership.filter(user_id=user.id)
        .using_db(uow.conn)
        .values_list("team_id", flat=True)
    )
    before = _snapshot(user, await _team_names(old_team_ids))
    role_changed = role is not None and role is not user.role
    if role_changed and user.role is Role.ADMIN and user.is_active:
        await _lock_admins(uow)
        if await _other_active_admins(user.id, uow) == 0:
            raise LastAdmin()
    fields = []
    if role_changed:
        user.role = role  # type: ignore[assignment]
        fields.append("role")
    if name is not None and name != user.display_name:
        user.display_name = name
        fields.append("display_name")
    if locale is not None and locale is not user.locale:
        user.locale = locale
        fields.append("locale")
    new_team_ids = old_team_ids if teams is None else sorted(t.id for t in teams)
    if fields:
        await user.save(update_fields=fields, using_db=uow.conn)
    if new_team_ids != old_team_ids:
        await (
            Membership.filter(user_id=user.id, team_id__in=old_team_ids)
            .exclude(team_id__in=new_team_ids)
            .using_db(uow.conn)
            .delete()
        )
        for team_id in sorted(set(new_team_ids) - set(old_team_ids)):
            await Membership.create(user_id=user.id, team_id=team_id, using_db=uow.conn)
    if not fields and new_team_ids == old_team_ids:
        return False
    if role_changed:
        await close_all_sessions(user.id, using_db=uow.conn)
    after = _snapshot(user, [t.name for t in teams] if teams is not None else before["teams"])  # type: ignore[arg-type]
    await admin_log.record(
        actor, action, SubjectKind.PERSON, user.id, before, after, using_db=uow.conn
    )
    return True


async def change(actor: Principal, user_id: int, change: Change) -> PersonRecord:
    """Role, teams, name or language. A change of role ends the person's sessions (they
    sign in again with their new rights); demoting the last admin is refused."""
    check = Checker()
    name = (
        check.single_line("displayName", change.display_name, max_length=NAME_MAX)
        if change.display_name is not None
        else None
    )
    check.done()
    teams = (
        await _teams_by_id(change.team_ids, field="teamIds")
        if change.team_ids is not None
        else None
    )
    async with unit_of_work() as uow:
        user = await User.filter(id=user_id).using_db(uow.conn).select_for_update().first()
        if user is None:
            raise NotFound("No such person.")
        await _apply_change(
            uow,
            actor,
            user,
            role=change.role,
            teams=teams,
            name=name,
            locale=change.locale,
            action=Action.CHANGED,
        )
    return await person(user_id)


async def deactivate(actor: Principal, user_id: int) -> PersonRecord:
    """They can no longer sign in, every session ends, their open links stop working,
    their open assignments go back to their teams; their items and history stay."""
    async with unit_of_work() as uow:
        user = await User.filter(id=user_id).using_db(uow.conn).select_for_update().first()
        if user is None:
            raise NotFound("No such person.")
        if not user.is_active:
            return (await _records([user]))[0]
        if user.role is Role.ADMIN:
            await _lock_admins(uow)
            if await _other_active_admins(user.id, uow) == 0:
                raise LastAdmin()
        before = {"status": status_of(user).value}
        user.is_active = False
        await user.save(update_fields=["is_active"], using_db=uow.conn)
        await close_all_sessions(user.id, using_db=uow.conn)
        await AccountLink.filter(user_id=user.id, used_at__isnull=True).using_db(uow.conn).delete()
        await free_assignments(uow, user.id, actor=Actor.person(actor))
        await admin_log.record(
            actor,
            Action.DEACTIVATED,
            SubjectKind.PERSON,
            user.id,
            before,
            {"status": PersonStatus.DEACTIVATED.value},
            using_db=uow.conn,
        )
    return await person(user_id)


async def reactivate(actor: Principal, user_id: int) -> PersonRecord:
    """They can sign in again with their password (an invited person gets a new
    invitation)."""
    async with unit_of_work() as uow:
        user = await User.filter(id=user_id).using_db(uow.conn).select_for_update().first()
        if user is None:
            raise NotFound("No such person.")
        if user.is_active:
            return (await _records([user]))[0]
        user.is_active = True
        await user.save(update_fields=["is_active"], using_db=uow.conn)
        if not user.password_hash:
            await issue(uow, user, LinkPurpose.INVITATION, inviter_name=actor.display_name)
        await admin_log.record(
            actor,
            Action.REACTIVATED,
            SubjectKind.PERSON,
            user.id,
            {"status": PersonStatus.DEACTIVATED.value},
            {"status": status_of(user).value},
            using_db=uow.conn,
        )
    return await person(user_id)


# ---- CSV import and export -------------------------------------------------------


class RowOutcome(StrEnum):
    CREATE = "CREATE"
    CHANGE = "CHANGE"
    UNCHANGED = "UNCHANGED"
    REFUSE = "REFUSE"


class Problem(StrEnum):
    """Why a row is refused; the web app words each in nl and en."""

    BROKEN_ROW = "BROKEN_ROW"  # not as many cells as the header has columns
    MISSING_COLUMNS = "MISSING_COLUMNS"  # the header lacks email or name
    TOO_MANY_ROWS = "TOO_MANY_ROWS"
    FORMULA = "FORMULA"  # a cell starts with = + - @ (a spreadsheet would run it)
    EMAIL_INVALID = "EMAIL_INVALID"
    EMAIL_DUPLICATE = "EMAIL_DUPLICATE"  # the same address earlier in the file
    NAME_INVALID = "NAME_INVALID"
    LANGUAGE_UNKNOWN = "LANGUAGE_UNKNOWN"
    ROLE_UNKNOWN = "ROLE_UNKNOWN"
    TEAM_UNKNOWN = "TEAM_UNKNOWN"
    DEACTIVATED = "DEACTIVATED"  # an existing person who is deactivated: reactivate first
    LAST_ADMIN = "LAST_ADMIN"  # the row would take away the last admin's role


PROBLEM_TEXT = {
    Problem.BROKEN_ROW: "This row does not have one cell per column.",
    Problem.MISSING_COLUMNS: "The first row must name the columns: email, name "
    "(and optionally language, role, teams).",
    Problem.TOO_MANY_ROWS: f"At most {IMPORT_MAX_ROWS} people per file.",
    Problem.FORMULA: "A cell starts with = + - or @, as a spreadsheet formula does.",
    Problem.EMAIL_INVALID: "Not a valid email address.",
    Problem.EMAIL_DUPLICATE: "This email address is in the file more than once.",
    Problem.NAME_INVALID: "The name is missing or not a single line.",
    Problem.LANGUAGE_UNKNOWN: "The language must be nl or en.",
    Problem.ROLE_UNKNOWN: "The role must be EMPLOYEE, MANAGER or ADMIN.",
    Problem.TEAM_UNKNOWN: "No team has this name.",
    Problem.DEACTIVATED: "This person is deactivated: reactivate them first.",
    Problem.LAST_ADMIN: "This would leave no active admin.",
}


@dataclass(frozen=True, slots=True)
class RowProblem:
    problem: Problem
    column: str | None = None

    @property
    def message(self) -> str:
        return PROBLEM_TEXT[self.problem]


@dataclass
class RowPlan:
    line: int  # the line in the file (1 is the header)
    email: str
    name: str
    outcome: RowOutcome = RowOutcome.CREATE
    problems: list[RowProblem] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # which of role, teams, name, language
    # What the row asks for, when it is not refused:
    locale: Locale = Locale.EN
    role: Role = Role.EMPLOYEE
    teams: list[Team] = field(default_factory=list)
    user: User | None = None


@dataclass
class ImportPlan:
    rows: list[RowPlan]
    problems: list[RowProblem] = field(default_factory=list)  # about the whole file

    def count(self, outcome: RowOutcome) -> int:
        return sum(1 for r in self.rows if r.outcome is outcome)


def _is_formula(cell: str) -> bool:
    return cell.startswith(FORMULA_STARTS)


async def plan_import(csv_text: str) -> ImportPlan:
    """What importing `csv_text` would do, row by row; changes nothing."""
    reader = csv.reader(io.StringIO(csv_text.lstrip("\ufeff"), newline=""))
    try:
        lines = list(reader)
    except csv.Error:
        return ImportPlan(rows=[], problems=[RowProblem(Problem.BROKEN_ROW)])
    lines = [line for line in lines if any(cell.strip() for cell in line)]
    if not lines:
        return ImportPlan(rows=[], problems=[RowProblem(Problem.MISSING_COLUMNS)])
    header = [cell.strip().lower() for cell in lines[0]]
    if "email" not in header or "name" not in header or len(set(header)) != len(header):
        return ImportPlan(rows=[], problems=[RowProblem(Problem.MISSING_COLUMNS)])
    if len(lines) - 1 > IMPORT_MAX_ROWS:
        return ImportPlan(rows=[], problems=[RowProblem(Problem.TOO_MANY_ROWS)])
    teams = {t.name.casefold(): t for t in await Team.all()}
    emails = [
        normalise_email(cells[header.index("email")])
        for cells in lines[1:]
        if len(cells) == len(header)
    ]
    existing = {u.email: u for u in await User.filter(email__in=emails)} if emails else {}
    existing_teams: dict[int, list[int]] = {}
    for user_id, team_id in (
        await Membership.filter(user_id__in=[u.id for u in existing.values()]).values_list(
            "user_id", "team_id"
        )
        if existing
        else []
    ):
        existing_teams.setdefault(int(user_id), []).append(int(team_id))
    active_admins: set[int] = {
        int(i)  # type: ignore[call-overload]
        for i in await User.filter(role=Role.ADMIN, is_active=True).values_list("id", flat=True)
    }
    seen: set[str] = set()
    rows: list[RowPlan] = []
    for number, cells in enumerate(lines[1:], start=2):
        if len(cells) != len(header):
            rows.append(
                RowPlan(number, "", "", RowOutcome.REFUSE, [RowProblem(Problem.BROKEN_ROW)])
            )
            continue
        values = {name: cells[i].strip() for i, name in enumerate(header)}
        row = RowPlan(number, values["email"], values["name"])
        rows.append(row)
        for column, cell in values.items():
            if _is_formula(cell) or _is_formula(cells[header.index(column)]):
                row.problems.append(RowProblem(Problem.FORMULA, column))
        if row.problems:
            row.outcome = RowOutcome.REFUSE
            row.email = row.name = ""  # not shown back: it may be a formula
            continue
        check = Checker()
        email = normalise_email(check.email("email", values["email"]))
        name = check.single_line("name", values["name"], max_length=NAME_MAX)
        if "email" in check.errors:
            row.problems.append(RowProblem(Problem.EMAIL_INVALID, "email"))
        elif email in seen:
            row.problems.append(RowProblem(Problem.EMAIL_DUPLICATE, "email"))
        seen.add(email)
        row.email = email
        if "name" in check.errors:
            row.problems.append(RowProblem(Problem.NAME_INVALID, "name"))
        row.name = name
        language = values.get("language", "").lower() or Locale.EN.value
        if language not in {loc.value for loc in Locale}:
            row.problems.append(RowProblem(Problem.LANGUAGE_UNKNOWN, "language"))
        else:
            row.locale = Locale(language)
        role = values.get("role", "").upper() or Role.EMPLOYEE.value
        if role not in {r.value for r in Role}:
            row.problems.append(RowProblem(Problem.ROLE_UNKNOWN, "role"))
        else:
            row.role = Role(role)
        for team_name in filter(
            None, (t.strip() for t in values.get("teams", "").split(TEAM_SEPARATOR))
        ):
            team = teams.get(team_name.casefold())
            if team is None:
                row.problems.append(RowProblem(Problem.TEAM_UNKNOWN, "teams"))
                break
            row.teams.append(team)
        user = existing.get(email)
        if user is not None and not row.problems:
            row.user = user
            if not user.is_active:
                row.problems.append(RowProblem(Problem.DEACTIVATED, "email"))
            elif (
                user.id in active_admins and row.role is not Role.ADMIN and len(active_admins) == 1
            ):
                row.problems.append(RowProblem(Problem.LAST_ADMIN, "role"))
            else:
                if row.role is not user.role:
                    row.changes.append("role")
                if sorted({t.id for t in row.teams}) != sorted(existing_teams.get(user.id, [])):
                    row.changes.append("teams")
                if name != user.display_name:
                    row.changes.append("name")
                if "language" in values and values["language"] and row.locale is not user.locale:
                    row.changes.append("language")
                row.outcome = RowOutcome.CHANGE if row.changes else RowOutcome.UNCHANGED
                if row.role is not user.role and user.role is Role.ADMIN:
                    active_admins.discard(user.id)
        if row.problems:
            row.outcome = RowOutcome.REFUSE
    return ImportPlan(rows=rows)


async def import_people(actor: Principal, csv_text: str) -> ImportPlan:
    """Carry out the plan of `csv_text` (what the preview showed): in one transaction,
    invite the new people and change the existing ones; refused rows are left out."""
    plan = await plan_import(csv_text)
    if plan.problems:
        return plan
    async with unit_of_work() as uow:
        for row in plan.rows:
            if row.outcome is RowOutcome.CREATE:
                if await User.filter(email=row.email).using_db(uow.conn).exists():
                    raise ValidationFailed(
                        {
                            "csv": f"Line {row.line}: someone was just added "
                            "with this email address. Preview again."
                        }
                    )
                await _create_invited(
                    uow,
                    actor,
                    email=row.email,
                    name=row.name,
                    locale=row.locale,
                    role=row.role,
                    teams=row.teams,
                    action=Action.IMPORTED,
                )
            elif row.outcome is RowOutcome.CHANGE and row.user is not None:
                user = (
                    await User.filter(id=row.user.id).using_db(uow.conn).select_for_update().get()
                )
                await _apply_change(
                    uow,
                    actor,
                    user,
                    role=row.role,
                    teams=row.teams,
                    name=row.name,
                    locale=row.locale if "language" in row.changes else None,
                    action=Action.IMPORTED,
                )
    return plan


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show as text, never run (OWASP): one that starts like a
    formula gets a leading apostrophe."""
    return f"'{cell}" if _is_formula(cell) else cell


async def export_csv(actor: Principal) -> str:
    """Everyone, as CSV in the import's columns (plus status), formulas neutralised."""
    users = await User.all().order_by("display_name", "id")
    records = await _records(users)
    names = {t.id: t.name for t in await Team.all()}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*COLUMNS, "status"])
    for record in records:
        user = record.user
        writer.writerow(
            neutralise(cell)
            for cell in (
                user.email,
                user.display_name,
                user.locale.value,
                user.role.value,
                TEAM_SEPARATOR.join(sorted(names[t] for t in record.team_ids)),
                record.status.value,
            )
        )
    async with unit_of_work() as uow:
        await admin_log.record(
            actor,
            Action.EXPORTED,
            SubjectKind.PERSON,
            None,
            {},
            {"people": len(records)},
            using_db=uow.conn,
        )
    return out.getvalue()


# ---- the first admin (`python -m server.admin create-admin`) ----------------------


@dataclass(frozen=True, slots=True)
class MadeAdmin:
    user: User
    token: str  # of the one-time setup link (1 hour)
    created: bool


async def create_admin(*, email: str, display_name: str) -> MadeAdmin:
    """Create an admin, or make the person with this email one (active again if they were
    deactivated), with a one-time link to choose a password. Done from the command line:
    the admin log says so."""
    check = Checker()
    address = normalise_email(check.email("email", email))
    name = check.single_line("name", display_name, max_length=NAME_MAX)
    check.done()
    async with unit_of_work() as uow:
        user = await User.filter(email=address).using_db(uow.conn).select_for_update().first()
        created = user is None
        if user is None:
            user = await User.create(
                email=address,
                display_name=name,
                password_hash="",
                role=Role.ADMIN,
                using_db=uow.conn,
            )
            before: dict[str, object] = {}
        else:
            before = _snapshot(user, [])
            user.role = Role.ADMIN
            user.is_active = True
            await user.save(update_fields=["role", "is_active"], using_db=uow.conn)
            await close_all_sessions(user.id, using_db=uow.conn)
        issued = await issue(uow, user, LinkPurpose.SETUP)
        after = _snapshot(user, [])
        before.pop("teams", None)
        after.pop("teams", None)
        await admin_log.record(
            None,
            Action.ADMIN_CREATED,
            SubjectKind.PERSON,
            user.id,
            before,
            after,
            using_db=uow.conn,
        )
    return MadeAdmin(user=user, token=issued.token, created=created)


async def has_active_admin() -> bool:
    return await User.filter(role=Role.ADMIN, is_active=True).exists()
