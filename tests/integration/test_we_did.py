""" "You said, we did": what every employee reads about what came of what was said, and
the k ≥ 5 rule on every figure on it."""

from __future__ import annotations

from datetime import timedelta

from starlette.applications import Starlette

from domain.clock import utcnow
from domain.crypto import customer_status_token
from domain.insights.privacy import Cell, at_least_k, suppress_small
from domain.insights.we_did import Period, we_did
from domain.items import customers, submission, triage
from domain.items.enums import Status
from domain.items.models import CustomerContact, Item
from tests.support.api import client
from tests.support.domain import calendar, relay
from tests.support.org import Org

WE_DID = """
query($period: WeDidPeriod) {
  weDid(period: $period) {
    resolved { title explanation status meTooCount categoryNameNl }
    declined { title explanation }
    perTeam { nameEn received resolved }
    perCategory { nameEn nameNl received resolved }
    received resolvedCount customerProblemsSolved
  }
}"""


async def send(org: Org, title: str, *, shared: bool = True, category: object = None) -> int:
    submitted = await submission.submit_gripe(
        await org.principal(org.alice),
        submission.GripeDraft(
            category_id=(category or org.kitchen).id,  # type: ignore[attr-defined]
            title=title,
            body="It bugs me.",
            shared=shared,
        ),
        calendar(),
    )
    return submitted.item.id


async def settle(org: Org, item_id: int, to: Status, message: str) -> None:
    mia = await org.principal(org.mia)
    await triage.transition(mia, item_id, to=Status.ACKNOWLEDGED)
    await triage.transition(mia, item_id, to=to, message=message)


def test_small_cells_are_merged_or_left_out() -> None:
    cells = [Cell(1, 9, 3), Cell(2, 3, 1), Cell(3, 2, 2), Cell(4, 1, 0)]
    assert suppress_small(cells) == [Cell(1, 9, 3), Cell(None, 6, 3)]
    # Total 13 minus a shown 9 would give the 4 away: the 9 joins the rest.
    assert suppress_small([Cell(1, 9, 3), Cell(2, 4, 4)]) == [Cell(None, 13, 7)]
    assert suppress_small([Cell(1, 9, 3), Cell(5, 6, 0), Cell(2, 4, 4)]) == [
        Cell(1, 9, 3),
        Cell(None, 10, 4),
    ]
    assert suppress_small([Cell(2, 4, 4)]) == []
    assert suppress_small([Cell(1, 9, 3), Cell(2, 5, 1)]) == [Cell(1, 9, 3), Cell(2, 5, 1)]


def test_no_small_remainder_can_be_read_off_the_total() -> None:
    """The attacker's sum: the total received minus every named cell shown beside it."""
    for sizes in ([9, 4], [9, 6, 4], [20, 7, 1, 1], [5, 5, 3], [30, 2, 2]):
        cells = [Cell(key, size, 0) for key, size in enumerate(sizes, start=1)]
        shown = suppress_small(cells)
        named = sum(c.received for c in shown if c.key is not None)
        remainder = sum(sizes) - named
        assert remainder == 0 or remainder >= 5, (sizes, shown)
    assert (at_least_k(4), at_least_k(5)) == (None, 5)


async def test_what_was_done_and_why_not_with_the_explanations(org: Org) -> None:
    fixed = await send(org, "The coffee machine leaks")
    refused = await send(org, "Free lunch on Fridays")
    private = await send(org, "My chair squeaks", shared=False)
    reopened = await send(org, "The lift is slow")
    await settle(org, fixed, Status.RESOLVED, "A new machine arrives on Monday.")
    await settle(org, refused, Status.DECLINED, "Not in this year's budget.")
    await settle(org, private, Status.RESOLVED, "New chair.")
    await settle(org, reopened, Status.RESOLVED, "Tuned.")
    mia = await org.principal(org.mia)
    await triage.transition(mia, reopened, to=Status.IN_PROGRESS)  # reopened: not done

    found = await we_did(Period.LAST_30_DAYS, now=utcnow() + timedelta(seconds=1))
    assert [(o.title, o.explanation) for o in found.resolved] == [
        ("The coffee machine leaks", "A new machine arrives on Monday.")
    ]
    assert [(o.title, o.explanation) for o in found.declined] == [
        ("Free lunch on Fridays", "Not in this year's budget.")
    ]
    # Nothing older than the period.
    later = await we_did(Period.LAST_30_DAYS, now=utcnow() + timedelta(days=31))
    assert later.resolved == later.declined == []


async def test_figures_under_five_are_never_shown(org: Org, app: Starlette) -> None:
    # Four items for Facilities: no figure at all, not even the totals.
    for n in range(4):
        await send(org, f"Kitchen thing {n}")
    async with client(app, org.bob) as bob:
        data = (await bob.ok(WE_DID))["weDid"]
    assert data["perTeam"] == data["perCategory"] == []
    assert data["received"] is None and data["resolvedCount"] is None

    # A fifth: Facilities and its kitchen category are shown; one building item is not,
    # on its own, nor as "other" (one item is not five).
    fifth = await send(org, "Kitchen thing 4")
    await settle(org, fifth, Status.RESOLVED, "Done.")
    await send(org, "The door sticks", category=org.building)
    async with client(app, org.bob) as bob:
        data = (await bob.ok(WE_DID))["weDid"]
    assert data["perTeam"] == [{"nameEn": "Facilities", "received": 6, "resolved": 1}]
    # Kitchen 5 and building 1: the total 6 minus a shown kitchen 5 would name the one
    # building item, so both are counted together.
    assert data["perCategory"] == [{"nameEn": None, "nameNl": None, "received": 6, "resolved": 1}]
    assert (data["received"], data["resolvedCount"]) == (6, None)  # one resolved: under 5


async def test_differencing_two_periods_cannot_isolate_a_small_cell(org: Org) -> None:
    """The attacker's move: compare a long and a short period to single out what came in
    between. Each period's cells obey k ≥ 5 on their own, so the difference of two shown
    cells is the only thing left — and a cell under 5 is never shown in either."""
    for n in range(5):
        await send(org, f"Old kitchen thing {n}")
    building = await send(org, "The one building gripe", category=org.building)
    now = utcnow() + timedelta(seconds=1)
    wide = await we_did(Period.LAST_365_DAYS, now=now)
    narrow = await we_did(Period.LAST_30_DAYS, now=now)
    for found in (wide, narrow):
        keys = {c.key for c in found.per_category}
        assert org.building.id not in keys
        assert all(c.received >= 5 for c in found.per_category + found.per_team)
    assert (await Item.get(id=building)).category_id == org.building.id


async def test_customers_problems_solved_counted_from_five(org: Org) -> None:
    async def solved_one() -> None:
        item = await relay(org, org.bob)
        max_ = await org.principal(org.max)
        await triage.transition(max_, item.id, to=Status.ACKNOWLEDGED)
        await triage.transition(max_, item.id, to=Status.RESOLVED, message="Fixed the line.")
        contact = await CustomerContact.get(item_id=item.id)
        assert customer_status_token(contact.token_salt)
        await customers.give_feedback(contact, solved=True)

    for _ in range(4):
        await solved_one()
    now = utcnow() + timedelta(seconds=1)
    assert (await we_did(Period.LAST_30_DAYS, now=now)).customer_problems_solved is None
    await solved_one()
    now = utcnow() + timedelta(seconds=1)
    assert (await we_did(Period.LAST_30_DAYS, now=now)).customer_problems_solved == 5


async def test_only_people_who_are_signed_in_read_it(org: Org, app: Starlette) -> None:
    async with client(app) as nobody:
        assert await nobody.error_code(WE_DID) == "UNAUTHENTICATED"
    async with client(app, org.bob) as bob:
        assert await bob.error_code(WE_DID, {"period": "SOON"}) == "BAD_USER_INPUT"
