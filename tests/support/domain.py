"""Short-cuts for domain tests: submit and move items as the named people."""

from __future__ import annotations

from domain.anonymity import gripes
from domain.anonymity.filing import file_waiting
from domain.items import submission
from domain.items.models import Item
from domain.items.targets import BusinessCalendar
from domain.notifications.models import Notification
from domain.org.enums import Locale
from domain.org.models import Category, User
from domain.settings import get_settings
from tests.support.org import Org


def calendar() -> BusinessCalendar:
    return BusinessCalendar.from_settings(get_settings())


async def gripe(
    org: Org,
    user: User,
    *,
    category: Category | None = None,
    title: str = "The coffee machine is broken again",
    body: str = "Third time this month.",
) -> submission.Submitted:
    return await submission.submit_gripe(
        await org.principal(user),
        submission.GripeDraft(category_id=(category or org.kitchen).id, title=title, body=body),
        calendar(),
    )


async def anonymous_gripe(
    org: Org,
    sender: User,
    *,
    category: Category | None = None,
    title: str = "My manager shouts in meetings",
    body: str = "It happens every week.",
    file: bool = True,
) -> gripes.AnonymousSubmitted:
    """`sender` sends an anonymous gripe (nothing records who, so `sender` only tells the
    story). Without a token: the tokens have tests of their own, and a batch costs a
    tenth of a second. Filed at once unless `file` is false."""
    submitted = await gripes.seed_anonymous_gripe(
        gripes.AnonymousGripeDraft(
            category_id=(category or org.building).id, title=title, body=body
        ),
        calendar=calendar(),
    )
    if file:
        await file_waiting()
    return submitted


async def relay(
    org: Org,
    user: User,
    *,
    customer_email: str = "klant@example.net",
    customer_locale: Locale = Locale.NL,
    consent: bool = True,
) -> Item:
    submitted = await submission.relay_customer_problem(
        await org.principal(user),
        submission.CustomerProblemDraft(
            category_id=org.internet.id,
            title="Internet drops every evening",
            body="My neighbour says the router reboots at 20:00 every day.",
            customer_name="Karin Klant",
            customer_email=customer_email,
            customer_locale=customer_locale,
            consent=consent,
        ),
        calendar(),
    )
    return submitted.item


async def outbox(item: Item) -> list[tuple[str, str, str | None]]:
    """(recipient kind, template, address) of an item's outbox rows, oldest first."""
    rows = await Notification.filter(item_id=item.id).order_by("id")
    return [(r.recipient_kind.value, r.template.value, r.recipient_address) for r in rows]
