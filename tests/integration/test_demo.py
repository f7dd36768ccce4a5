"""The demo organisation that `make run` creates on first start."""

from __future__ import annotations

from devtools.demo import DEMO_PASSWORD, create_demo
from domain.auth.passwords import Passwords
from domain.clock import utcnow
from domain.items.enums import Status
from domain.items.models import Item
from domain.items.overdue import report_missed_targets
from domain.items.targets import BusinessCalendar
from domain.notifications.enums import DeliveryState
from domain.notifications.models import Notification
from domain.org.models import User
from domain.settings import get_settings


async def test_the_demo_shows_a_living_board_and_an_empty_mailbox(db: str) -> None:
    people = await create_demo()

    statuses = {item.status for item in await Item.all()}
    assert statuses == set(Status)
    assert await Item.filter(is_anonymous=True, submitter_id=None).exists()
    assert await Item.filter(kind="CUSTOMER_ISSUE").count() >= 10

    # Every printed account logs in with the printed password.
    passwords = Passwords(get_settings())
    for email, _, _ in people:
        user = await User.get(email=email)
        assert await passwords.verify(user.password_hash, DEMO_PASSWORD)

    # Its made-up history is already delivered, late items included: the mail catcher
    # starts empty and shows only what the person trying it does.
    assert not await Notification.filter(state=DeliveryState.PENDING, channel="EMAIL").exists()
    settings = get_settings()
    again = await report_missed_targets(
        now=utcnow(),
        calendar=BusinessCalendar.from_settings(settings),
        escalate_after_hours=settings.target_escalation_hours,
    )
    assert again.reported == 0
