"""People administration through the API, as an admin does it: invite, import, change,
deactivate, reactivate, export. Each refusal changes nothing; every change is logged."""

from __future__ import annotations

import csv
import io

from starlette.applications import Starlette

from domain.auth.models import AccountLink, Session
from domain.auth.sessions import open_session
from domain.items.enums import EventType, Visibility
from domain.items.models import Item, TimelineEvent
from domain.notifications.enums import Template
from domain.notifications.models import Notification
from domain.org.enums import Role
from domain.org.models import AdminLogEntry, Membership, User
from tests.support.api import client
from tests.support.domain import gripe
from tests.support.org import Org

PERSON = "id email displayName role locale status teams { name }"
INVITE = (
    f"""mutation($input: InvitePersonInput!) {{ invitePerson(input: $input) {{ {PERSON} }} }}"""
)
CHANGE = f"""mutation($id: ID!, $input: ChangePersonInput!) {{
  changePerson(id: $id, input: $input) {{ {PERSON} }} }}"""
DEACTIVATE = f"mutation($id: ID!) {{ deactivatePerson(id: $id) {{ {PERSON} }} }}"
REACTIVATE = f"mutation($id: ID!) {{ reactivatePerson(id: $id) {{ {PERSON} }} }}"
RESEND = f"mutation($id: ID!) {{ resendInvitation(id: $id) {{ {PERSON} }} }}"
PREVIEW = """query($csv: String!) { previewPeopleImport(csv: $csv) {
  created changed unchanged refused problems { reason }
  rows { line email displayName outcome changes problems { reason column message } } } }"""
IMPORT = """mutation($csv: String!) { importPeople(csv: $csv) {
  created changed refused rows { line outcome problems { reason } } } }"""


async def test_an_admin_invites_a_person_who_gets_an_email_and_appears_invited(
    org: Org, app: Starlette
) -> None:
    async with client(app, org.ada) as api:
        invited = (
            await api.ok(
                INVITE,
                {
                    "input": {
                        "email": " Nora@Example.com ",
                        "displayName": "Nora Nieuw",
                        "locale": "NL",
                        "role": "MANAGER",
                        "teamIds": [str(org.care.id)],
                    }
                },
            )
        )["invitePerson"]
        assert invited["email"] == "nora@example.com"
        assert invited["status"] == "INVITED"
        assert invited["teams"] == [{"name": "Customer Care"}]
        found = await api.ok('{ people(search: "nora") { totalCount edges { node { email } } } }')
        assert found["people"]["totalCount"] == 1
    nora = await User.get(email="nora@example.com")
    [email] = await Notification.filter(recipient_user_id=nora.id)
    assert email.template is Template.INVITATION and email.recipient_address == nora.email
    assert "token" not in email.payload  # only the salt: the token needs the server secret
    link = await AccountLink.get(user_id=nora.id)
    assert (link.expires_at - link.created_at).days == 7
    [entry] = await AdminLogEntry.filter(action="person.invited")
    assert entry.actor_id == org.ada.id and entry.subject_id == str(nora.id)
    assert entry.after["role"] == "MANAGER" and entry.after["teams"] == ["Customer Care"]
    # Without a password, nobody signs in as Nora.
    async with client(app) as nobody:
        assert (
            await nobody.error_code(
                'mutation { login(email: "nora@example.com", password: "") { id } }'
            )
            == "VALIDATION"
        )


async def test_a_bad_invitation_is_refused_and_changes_nothing(org: Org, app: Starlette) -> None:
    async with client(app, org.ada) as api:
        for bad, field in (
            ({"email": "not an address", "displayName": "X"}, "email"),
            ({"email": "alice@example.com", "displayName": "Alice Again"}, "email"),
            ({"email": "new@example.com", "displayName": ""}, "displayName"),
            ({"email": "new@example.com", "displayName": "N", "teamIds": ["99999"]}, "teamIds"),
        ):
            body = await api.post(INVITE, {"input": bad})
            assert body["errors"][0]["extensions"]["code"] == "VALIDATION", bad
            assert field in body["errors"][0]["extensions"]["fields"], body
    assert await User.filter(email="new@example.com").count() == 0
    assert await Notification.all().count() == 0
    assert await AdminLogEntry.all().count() == 0


async def test_a_new_role_ends_the_persons_sessions_and_is_logged(org: Org, app: Starlette) -> None:
    token = await open_session(org.bob.id, ttl_hours=1)
    async with client(app, org.ada) as api:
        changed = (
            await api.ok(
                CHANGE,
                {
                    "id": str(org.bob.id),
                    "input": {"role": "MANAGER", "teamIds": [str(org.care.id)]},
                },
            )
        )["changePerson"]
    assert changed["role"] == "MANAGER" and changed["teams"] == [{"name": "Customer Care"}]
    assert not await Session.filter(user_id=org.bob.id).exists()
    assert token
    [entry] = await AdminLogEntry.filter(action="person.changed")
    assert entry.before["role"] == "EMPLOYEE" and entry.after["role"] == "MANAGER"
    assert entry.before["teams"] == [] and entry.after["teams"] == ["Customer Care"]


async def test_the_last_admin_can_be_neither_demoted_nor_deactivated(
    org: Org, app: Starlette
) -> None:
    async with client(app, org.ada) as api:
        assert await api.error_code(DEACTIVATE, {"id": str(org.ada.id)}) == "LAST_ADMIN"
        assert (
            await api.error_code(CHANGE, {"id": str(org.ada.id), "input": {"role": "EMPLOYEE"}})
            == "LAST_ADMIN"
        )
        await api.ok(CHANGE, {"id": str(org.bob.id), "input": {"role": "ADMIN"}})
        await api.ok(DEACTIVATE, {"id": str(org.bob.id)})
        assert await api.error_code(DEACTIVATE, {"id": str(org.ada.id)}) == "LAST_ADMIN"
    ada = await User.get(id=org.ada.id)
    assert ada.role is Role.ADMIN and ada.is_active


async def test_deactivating_signs_out_frees_assignments_and_keeps_history(
    org: Org, app: Starlette
) -> None:
    submitted = await gripe(org, org.alice, category=org.kitchen)
    await Item.filter(id=submitted.item.id).update(assignee_id=org.mia.id)
    mine = await gripe(org, org.mia, category=org.kitchen)
    token = await open_session(org.mia.id, ttl_hours=1)
    async with client(app, org.ada) as api:
        gone = (await api.ok(DEACTIVATE, {"id": str(org.mia.id)}))["deactivatePerson"]
        assert gone["status"] == "DEACTIVATED"
    assert not await Session.filter(user_id=org.mia.id).exists()
    item = await Item.get(id=submitted.item.id)
    assert item.assignee_id is None
    event = await TimelineEvent.filter(item_id=item.id, type=EventType.ASSIGNED).get()
    assert event.visibility is Visibility.INTERNAL and event.data["assignee_id"] is None
    assert await Item.filter(id=mine.item.id).exists()  # her own items stay
    async with client(app) as mia:
        mia.http.cookies.set("mopper_session", token)
        assert (await mia.ok("{ me { id } }"))["me"] is None
        body = await mia.post(
            'mutation { login(email: "mia@example.com", password: "correct horse battery") { id } }'
        )
        assert body["errors"][0]["extensions"]["code"] == "INVALID_CREDENTIALS"
    async with client(app, org.ada) as api:
        back = (await api.ok(REACTIVATE, {"id": str(org.mia.id)}))["reactivatePerson"]
        assert back["status"] == "ACTIVE"
    actions = [e.action for e in await AdminLogEntry.all().order_by("id")]
    assert actions == ["person.deactivated", "person.reactivated"]


async def test_resending_an_invitation_replaces_its_link(org: Org, app: Starlette) -> None:
    async with client(app, org.ada) as api:
        nora = (
            await api.ok(INVITE, {"input": {"email": "nora@example.com", "displayName": "Nora"}})
        )["invitePerson"]
        first = await AccountLink.get(user_id=int(nora["id"]))
        await api.ok(RESEND, {"id": nora["id"]})
        assert await api.error_code(RESEND, {"id": str(org.alice.id)}) == "VALIDATION"
    [second] = await AccountLink.filter(user_id=int(nora["id"]))
    assert second.token_hash != first.token_hash
    assert await Notification.filter(template=Template.INVITATION).count() == 2


CSV_TEXT = (
    "email,name,language,role,teams\r\n"
    "nora@example.com,Nora Nieuw,nl,EMPLOYEE,Facilities\r\n"
    "bob@example.com,Bob de Vries,nl,MANAGER,Customer Care\r\n"
    "alice@example.com,Alice Jansen,en,EMPLOYEE,\r\n"
    "broken@example.com,Only two cells\r\n"
    "nora@example.com,Nora Twice,nl,EMPLOYEE,\r\n"
    "not-an-email,Nobody,en,EMPLOYEE,\r\n"
    "zed@example.com,Zed,en,EMPLOYEE,Nonexistent Team\r\n"
    'evil@example.com,"=HYPERLINK(""http://x"")",en,EMPLOYEE,\r\n'
    "plus@example.com,+31 6 1234,en,EMPLOYEE,\r\n"
)


async def test_a_csv_preview_says_row_by_row_and_changes_nothing(org: Org, app: Starlette) -> None:
    async with client(app, org.ada) as api:
        preview = (await api.ok(PREVIEW, {"csv": CSV_TEXT}))["previewPeopleImport"]
    rows = {row["line"]: row for row in preview["rows"]}
    assert rows[2]["outcome"] == "CREATE"
    assert rows[3]["outcome"] == "CHANGE" and rows[3]["changes"] == ["role", "teams"]
    assert rows[4]["outcome"] == "UNCHANGED"
    codes = {line: [p["reason"] for p in row["problems"]] for line, row in rows.items()}
    assert codes[5] == ["BROKEN_ROW"]
    assert codes[6] == ["EMAIL_DUPLICATE"]
    assert codes[7] == ["EMAIL_INVALID"]
    assert codes[8] == ["TEAM_UNKNOWN"]
    assert codes[9] == ["FORMULA"] and rows[9]["displayName"] == ""
    assert codes[10] == ["FORMULA"]
    assert (preview["created"], preview["changed"], preview["unchanged"], preview["refused"]) == (
        1,
        1,
        1,
        6,
    )
    assert await User.filter(email="nora@example.com").count() == 0
    assert (await User.get(id=org.bob.id)).role is Role.EMPLOYEE
    assert await AdminLogEntry.all().count() == 0

    async with client(app, org.ada) as api:
        done = (await api.ok(IMPORT, {"csv": CSV_TEXT}))["importPeople"]
    assert (done["created"], done["changed"], done["refused"]) == (1, 1, 6)
    nora = await User.get(email="nora@example.com")
    assert nora.password_hash == "" and nora.display_name == "Nora Nieuw"
    assert (await User.get(id=org.bob.id)).role is Role.MANAGER
    assert await Membership.filter(user_id=org.bob.id, team_id=org.care.id).exists()
    assert not await User.filter(email="evil@example.com").exists()
    assert await Notification.filter(template=Template.INVITATION).count() == 1
    assert await AdminLogEntry.filter(action="person.imported").count() == 2


async def test_a_file_without_the_columns_is_refused_whole(org: Org, app: Starlette) -> None:
    async with client(app, org.ada) as api:
        preview = (await api.ok(PREVIEW, {"csv": "who,what\r\na,b\r\n"}))["previewPeopleImport"]
        assert [p["reason"] for p in preview["problems"]] == ["MISSING_COLUMNS"]
        done = (await api.ok(IMPORT, {"csv": "who,what\r\na,b\r\n"}))["importPeople"]
        assert done["created"] == 0
    assert await User.all().count() == 6


async def test_the_export_neutralises_formula_cells(org: Org, app: Starlette) -> None:
    await User.filter(id=org.bob.id).update(display_name="=cmd|' /C calc'!A0")
    async with client(app, org.ada) as api:
        exported = (await api.ok("{ peopleExport }"))["peopleExport"]
    rows = list(csv.DictReader(io.StringIO(exported)))
    bob = next(r for r in rows if r["email"] == "bob@example.com")
    assert bob["name"] == "'=cmd|' /C calc'!A0"
    mia = next(r for r in rows if r["email"] == "mia@example.com")
    assert (mia["role"], mia["teams"], mia["status"]) == ("MANAGER", "Facilities", "ACTIVE")
    assert len(rows) == 6
    assert await AdminLogEntry.filter(action="people.exported").count() == 1
