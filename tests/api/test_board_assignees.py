"""The board's assignee filter offers the people items on that board can go to."""

from __future__ import annotations

from starlette.applications import Starlette

from tests.support.api import client
from tests.support.org import Org

ASSIGNEES = "{ boardAssignees { displayName } }"


async def test_a_manager_sees_the_managers_of_their_teams_and_the_admins(
    org: Org, app: Starlette
) -> None:
    async with client(app, org.mia) as mia, client(app, org.max) as max_:
        for_mia = await mia.ok(ASSIGNEES)
        for_max = await max_.ok(ASSIGNEES)

    assert [p["displayName"] for p in for_mia["boardAssignees"]] == [
        "Ada Admin",
        "Lou Lead",
        "Mia Manager",
    ]
    assert [p["displayName"] for p in for_max["boardAssignees"]] == ["Ada Admin", "Max Care"]


async def test_an_admin_sees_every_manager(org: Org, app: Starlette) -> None:
    async with client(app, org.ada) as ada:
        names = [p["displayName"] for p in (await ada.ok(ASSIGNEES))["boardAssignees"]]

    assert names == ["Ada Admin", "Lou Lead", "Max Care", "Mia Manager"]


async def test_employees_have_no_board_to_filter(org: Org, app: Starlette) -> None:
    async with client(app, org.alice) as alice:
        assert await alice.error_code(ASSIGNEES) == "FORBIDDEN"
