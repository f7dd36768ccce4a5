"""Submitting a named gripe and relaying a customer's problem. (Anonymous gripes come in
through their own channel: `domain/anonymity/gripes.py`.)"""

from __future__ import annotations

from dataclasses import dataclass

from domain import search
from domain.auth.principal import Principal
from domain.clock import utcnow
from domain.crypto import customer_status_token, customer_token_lookup, new_token_salt
from domain.items import timeline
from domain.items.actors import Actor
from domain.items.cards import Card, ItemNames
from domain.items.enums import EventType, ItemKind, Priority, Status
from domain.items.models import CustomerContact, Item
from domain.items.numbering import named_item_id
from domain.items.policy import widest_audience
from domain.items.targets import BusinessCalendar, targets_for
from domain.org.enums import Locale
from domain.org.models import Category
from domain.unit_of_work import unit_of_work
from domain.validation import BODY_MAX, NAME_MAX, TITLE_MAX, Checker


@dataclass(frozen=True, slots=True)
class GripeDraft:
    category_id: int
    title: str
    body: str
    shared: bool = False  # colleagues may see it and say "me too"
    shared_by_name: bool = False  # ... and see who sent it


@dataclass(frozen=True, slots=True)
class CustomerProblemDraft:
    category_id: int
    title: str
    body: str
    customer_name: str
    customer_email: str
    customer_locale: Locale
    consent: bool


@dataclass(frozen=True, slots=True)
class Submitted:
    item: Item
    card: Card  # the item as pages show it


@dataclass(frozen=True, slots=True)
class Subject:
    """What every item is about: a title, a text and an active category (with its team)."""

    title: str
    body: str
    category: Category | None


async def subject_of(check: Checker, *, title: str, body: str, category_id: int) -> Subject:
    category = await Category.filter(id=category_id, is_active=True).select_related("team").first()
    check.require("categoryId", category is not None, "Choose one of the categories.")
    return Subject(
        title=check.single_line("title", title, max_length=TITLE_MAX),
        body=check.text("body", body, max_length=BODY_MAX),
        category=category,
    )


async def submit_gripe(
    principal: Principal, draft: GripeDraft, calendar: BusinessCalendar
) -> Submitted:
    check = Checker()
    subject = await subject_of(
        check, title=draft.title, body=draft.body, category_id=draft.category_id
    )
    check.done()
    category = subject.category
    assert category is not None
    names = ItemNames.of_category(category)

    now = utcnow()
    targets = targets_for(Priority.NORMAL, now, calendar)
    async with unit_of_work() as uow:
        item = await Item.create(
            **await named_item_id(uow.conn),
            kind=ItemKind.GRIEVANCE,
            title=subject.title,
            body=subject.body,
            category_id=category.id,
            team_id=category.team_id,
            submitter_id=principal.user_id,
            created_at=now,
            updated_at=now,
            acknowledge_due_at=targets.acknowledge_by,
            resolve_due_at=targets.resolve_by,
            shared=draft.shared,
            shared_by_name=draft.shared and draft.shared_by_name,
            using_db=uow.conn,
        )
        await search.index(uow.conn, item)
        await timeline.record(
            uow,
            item,
            type=EventType.SUBMITTED,
            actor=Actor.person(principal),
            visibility=widest_audience(item.kind),
            to_status=Status.NEW,
            names=names,
        )
    return Submitted(item=item, card=new_card(item, names, principal))


async def relay_customer_problem(
    principal: Principal, draft: CustomerProblemDraft, calendar: BusinessCalendar
) -> Submitted:
    check = Checker()
    subject = await subject_of(
        check, title=draft.title, body=draft.body, category_id=draft.category_id
    )
    name = check.single_line("customerName", draft.customer_name, max_length=NAME_MAX)
    email = check.email("customerEmail", draft.customer_email)
    check.require("consent", draft.consent, "The customer must agree to be contacted.")
    check.done()
    category = subject.category
    assert category is not None
    names = ItemNames.of_category(category)

    now = utcnow()
    targets = targets_for(Priority.NORMAL, now, calendar)
    async with unit_of_work() as uow:
        item = await Item.create(
            **await named_item_id(uow.conn),
            kind=ItemKind.CUSTOMER_ISSUE,
            title=subject.title,
            body=subject.body,
            category_id=category.id,
            team_id=category.team_id,
            submitter_id=principal.user_id,
            created_at=now,
            updated_at=now,
            acknowledge_due_at=targets.acknowledge_by,
            resolve_due_at=targets.resolve_by,
            using_db=uow.conn,
        )
        salt = new_token_salt()
        await CustomerContact.create(
            item_id=item.id,
            name=name,
            email=email,
            locale=draft.customer_locale,
            consent_at=now,
            token_salt=salt,
            token_lookup=customer_token_lookup(customer_status_token(salt)),
            using_db=uow.conn,
        )
        await search.index(uow.conn, item)
        await timeline.record(
            uow,
            item,
            type=EventType.SUBMITTED,
            actor=Actor.person(principal),
            visibility=widest_audience(item.kind),
            to_status=Status.NEW,
            names=names,
        )
    return Submitted(item=item, card=new_card(item, names, principal))


def new_card(item: Item, names: ItemNames, submitter: Principal | None) -> Card:
    """A new item's card, from what submitting it already knew: no assignee, no messages."""
    return Card.of_model(
        item,
        names,
        assignee_name=None,
        submitter_name=submitter.display_name if submitter is not None else None,
        message_count=0,
    )
