"""The admin log: written with the change it describes, never changed afterwards, shown
to admins only, newest first, with filters."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from starlette.applications import Starlette
from tortoise.exceptions import OperationalError, TransactionManagementError
from tortoise.transactions import in_transaction

from domain.clock import recorded_at
from domain.org import admin_log
from domain.org.models import AdminLogEntry, Team
from tests.support.api import client
from tests.support.org import Org

LOG = """query($first: Int, $after: String, $action: String, $actorId: ID,
  $since: DateTime, $until: DateTime) {
  adminLog(first: $first, after: $after, action: $action, actorId: $actorId,
           since: $since, until: $until) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { action actorId actorName subjectKind subjectId before after at } }
  }
}"""


async def test_an_entry_is_written_with_its_change_or_not_at_all(org: Org) -> None:
    ada = await org.principal(org.ada)

    class Boom(Exception):
        pass

    async def rename_then_fail() -> None:
        async with in_transaction() as conn:
            await Team.filter(id=org.care.id).using_db(conn).update(name="Care")
            await admin_log.record(
                ada,
                "team.renamed",
                "team",
                org.care.id,
                {"name": "Customer Care"},
                {"name": "Care"},
                using_db=conn,
            )
            raise Boom

    with pytest.raises(Boom):
        await rename_then_fail()
    assert await AdminLogEntry.all().count() == 0
    assert (await Team.get(id=org.care.id)).name == "Customer Care"


async def test_the_log_is_append_only(org: Org) -> None:
    entry = await admin_log.record(None, "person.admin_created", "person", 1, {}, {"role": "ADMIN"})
    with pytest.raises((OperationalError, TransactionManagementError, Exception)) as refused:
        await AdminLogEntry.filter(id=entry.id).update(actor_name="someone else")
    assert "append-only" in str(refused.value)
    assert (await AdminLogEntry.get(id=entry.id)).actor_name == admin_log.COMMAND_LINE


async def test_items_are_not_a_subject_of_the_log(org: Org) -> None:
    ada = await org.principal(org.ada)
    with pytest.raises(ValueError, match="item"):
        await admin_log.record(ada, "item.seen", "item", 1, {}, {})


async def test_admins_read_the_log_newest_first_with_filters(org: Org, app: Starlette) -> None:
    ada = await org.principal(org.ada)
    with recorded_at(datetime(2026, 11, 2, 9, tzinfo=UTC)):
        await admin_log.record(
            None, "person.admin_created", "person", org.ada.id, {}, {"role": "ADMIN"}
        )
    with recorded_at(datetime(2026, 11, 3, 9, tzinfo=UTC)):
        await admin_log.record(ada, "person.invited", "person", org.bob.id, {}, {"email": "b"})
    with recorded_at(datetime(2026, 11, 4, 9, tzinfo=UTC)):
        await admin_log.record(
            ada, "team.renamed", "team", org.care.id, {"name": "A"}, {"name": "B"}
        )

    async with client(app, org.ada) as api:
        everything = (await api.ok(LOG))["adminLog"]
        assert [e["node"]["action"] for e in everything["edges"]] == [
            "team.renamed",
            "person.invited",
            "person.admin_created",
        ]
        newest = everything["edges"][0]["node"]
        assert newest["before"] == {"name": "A"} and newest["after"] == {"name": "B"}
        assert newest["actorName"] == "Ada Admin" and newest["actorId"] == str(org.ada.id)
        assert everything["edges"][2]["node"]["actorId"] is None

        by_action = (await api.ok(LOG, {"action": "person.invited"}))["adminLog"]
        assert by_action["totalCount"] == 1
        by_actor = (await api.ok(LOG, {"actorId": str(org.ada.id)}))["adminLog"]
        assert by_actor["totalCount"] == 2
        window = (
            await api.ok(LOG, {"since": "2026-11-03T00:00:00Z", "until": "2026-11-04T00:00:00Z"})
        )["adminLog"]
        assert [e["node"]["action"] for e in window["edges"]] == ["person.invited"]
        first = (await api.ok(LOG, {"first": 2}))["adminLog"]
        assert first["pageInfo"]["hasNextPage"]
        rest = (await api.ok(LOG, {"first": 2, "after": first["pageInfo"]["endCursor"]}))[
            "adminLog"
        ]
        assert [e["node"]["action"] for e in rest["edges"]] == ["person.admin_created"]
        assert await api.error_code(LOG, {"actorId": "x1"}) == "VALIDATION"

    for who in (org.mia, org.alice, None):
        async with client(app, who) as api:
            assert await api.error_code(LOG) in ("FORBIDDEN", "UNAUTHENTICATED")
