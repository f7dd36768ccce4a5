"""Loading, for one item, everyone a notification rule might pick."""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q

from domain.items.enums import ItemKind
from domain.items.models import CustomerContact, Item
from domain.notifications.rules import Audience, Person
from domain.org.enums import Locale, Role
from domain.org.models import User


def _person(user: User | None) -> Person | None:
    if user is None or not user.is_active:
        return None
    return Person(
        user_id=user.id, address=user.email, locale=user.locale, first_name=user.first_name
    )


async def _team_people(conn: BaseDBAsyncClient, team_id: int, *, leads: bool) -> tuple[Person, ...]:
    query = User.filter(memberships__team_id=team_id, is_active=True)
    query = query.filter(memberships__is_lead=True) if leads else query.filter(role=Role.MANAGER)
    users = await query.using_db(conn).order_by("id")
    return tuple(Person(user_id=u.id, address=u.email, locale=u.locale) for u in users)


async def _followers(conn: BaseDBAsyncClient, item: Item) -> tuple[Person, ...]:
    """Who said "me too" by name (moved here with a merge, too), and the named
    submitters of the items merged into this one."""
    users = (
        await User.filter(
            Q(me_toos__item_id=item.id, me_toos__filed=True)
            | Q(submitted_items__merged_into_id=item.id),
            is_active=True,
        )
        .using_db(conn)
        .distinct()
        .order_by("id")
    )
    return tuple(p for p in (_person(u) for u in users) if p is not None)


async def load_audience(
    conn: BaseDBAsyncClient,
    item: Item,
    *,
    with_managers: bool,
    with_leads: bool,
    with_followers: bool = False,
) -> Audience:
    submitter = (
        await User.filter(id=item.submitter_id).using_db(conn).first()
        if item.submitter_id is not None
        else None
    )
    assignee = (
        await User.filter(id=item.assignee_id).using_db(conn).first()
        if item.assignee_id is not None
        else None
    )
    # Only a relayed problem has a customer.
    customer = (
        await CustomerContact.filter(item_id=item.id).using_db(conn).first()
        if item.kind is ItemKind.CUSTOMER_ISSUE
        else None
    )
    reachable_customer = customer is not None and customer.unsubscribed_at is None
    return Audience(
        submitter=_person(submitter),
        is_anonymous=item.is_anonymous,
        customer_address=customer.email if customer is not None and reachable_customer else None,
        customer_locale=customer.locale if customer is not None else Locale.EN,
        assignee=_person(assignee),
        managers=await _team_people(conn, item.team_id, leads=False) if with_managers else (),
        leads=await _team_people(conn, item.team_id, leads=True) if with_leads else (),
        followers=await _followers(conn, item) if with_followers else (),
    )
