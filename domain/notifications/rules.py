"""Who hears about what: the design's notification matrix as one pure function.

- submitted: the named employee (email receipt), the customer, the team's managers.
  An anonymous submitter gets the receipt code on screen instead.
- acknowledged, first assignment, status change, reply: the named employee (email) or
  the anonymous submitter (in-app), and the customer when the step is PUBLIC and is one
  that matters to them (`customer_step`): received, someone is on it (acknowledged), a
  message for them (a question among them), resolved or declined, reopened. Moves in
  between (in progress, back from waiting, closed, an assignment) send them nothing.
- (re-)assigned: the new assignee.
- the submitter replied, the customer gave feedback: the assignee, else the managers.
- the customer replied (status page or email): the assignee, else the managers, and the
  employee who passed the problem on.
- the named submitter of a gripe said whether its resolution solved it: the assignee,
  else the managers.
- response target missed: the assignee (else the managers), then the team lead.
- acknowledged, status changed (not internal): also everyone who said "me too" by name
  or whose item was merged into this one (followers).
- merged into another item: the merged item's submitter (named: email; anonymous:
  in-app), its customer and its followers, once each.

Nobody is told about their own action (but for the receipt of what they submitted),
and a customer who stopped emails gets none.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.items.enums import EventType, Status, Visibility
from domain.notifications.enums import Channel, RecipientKind, Template
from domain.org.enums import Locale


@dataclass(frozen=True, slots=True)
class Person:
    user_id: int
    address: str
    locale: Locale
    first_name: str = ""


@dataclass(frozen=True, slots=True)
class Audience:
    """Everyone who might hear about an item's event."""

    submitter: Person | None  # None for an anonymous item
    is_anonymous: bool
    customer_address: str | None  # None: no customer, or they stopped emails
    customer_locale: Locale
    assignee: Person | None
    managers: tuple[Person, ...]
    leads: tuple[Person, ...]
    followers: tuple[Person, ...] = ()  # said "me too", or sent an item merged into it


@dataclass(frozen=True, slots=True)
class Happening:
    type: EventType
    visibility: Visibility
    actor_user_id: int | None
    by_submitter: bool = False  # the submitter (named or anonymous) wrote it
    by_customer: bool = False  # the customer acted through the status page
    first_assignment: bool = False
    escalate_to_lead: bool = False
    from_status: Status | None = None
    to_status: Status | None = None
    has_message: bool = False


@dataclass(frozen=True, slots=True)
class Recipient:
    kind: RecipientKind
    channel: Channel
    template: Template
    locale: Locale
    user_id: int | None = None
    address: str | None = None

    @property
    def audience(self) -> Visibility:
        """The widest visibility this recipient may read."""
        if self.kind is RecipientKind.CUSTOMER:
            return Visibility.PUBLIC
        if self.kind is RecipientKind.MANAGER:
            return Visibility.INTERNAL
        return Visibility.SUBMITTER  # the employee, the anonymous submitter, a follower


_TO_SUBMITTER = {
    EventType.SUBMITTED: Template.ITEM_RECEIVED,
    EventType.ACKNOWLEDGED: Template.ITEM_ACKNOWLEDGED,
    EventType.ASSIGNED: Template.ITEM_ASSIGNED,
    EventType.STATUS_CHANGED: Template.STATUS_CHANGED,
    EventType.MESSAGE: Template.PUBLIC_REPLY,
    EventType.MERGED: Template.ITEM_MERGED,
}
_TO_CUSTOMER = {**_TO_SUBMITTER, EventType.SUBMITTED: Template.CUSTOMER_ITEM_RECEIVED}


def recipients_for(happening: Happening, audience: Audience) -> list[Recipient]:
    found: list[Recipient] = []
    if happening.type is EventType.MESSAGE and happening.by_customer:
        found += _employee_of_customer(audience)
    elif happening.type in _TO_SUBMITTER and _reaches_outside(happening):
        found += _submitter_and_customer(happening, audience)
    found += _followers(happening, audience)
    found += _staff(happening, audience)
    unique = dict.fromkeys(r for r in found if _should_hear(r, happening))
    return list(unique)


def _should_hear(recipient: Recipient, happening: Happening) -> bool:
    """Nobody is told of their own action, except the receipt for what they submitted."""
    if recipient.user_id is None or recipient.user_id != happening.actor_user_id:
        return True
    return recipient.template is Template.ITEM_RECEIVED


def _reaches_outside(happening: Happening) -> bool:
    if happening.by_submitter or happening.visibility is Visibility.INTERNAL:
        return False
    return happening.type is not EventType.ASSIGNED or happening.first_assignment


def _submitter_and_customer(happening: Happening, audience: Audience) -> list[Recipient]:
    found: list[Recipient] = []
    if audience.submitter is not None:
        found.append(
            Recipient(
                kind=RecipientKind.EMPLOYEE,
                channel=Channel.EMAIL,
                template=_TO_SUBMITTER[happening.type],
                locale=audience.submitter.locale,
                user_id=audience.submitter.user_id,
                address=audience.submitter.address,
            )
        )
    elif audience.is_anonymous and happening.type is not EventType.SUBMITTED:
        found.append(
            Recipient(
                kind=RecipientKind.SUBMITTER,
                channel=Channel.IN_APP,
                template=_TO_SUBMITTER[happening.type],
                locale=Locale.EN,
            )
        )
    if (
        audience.customer_address is not None
        and happening.visibility is Visibility.PUBLIC
        and not happening.by_customer
        and customer_step(happening)
    ):
        found.append(
            Recipient(
                kind=RecipientKind.CUSTOMER,
                channel=Channel.EMAIL,
                template=_TO_CUSTOMER[happening.type],
                locale=audience.customer_locale,
                address=audience.customer_address,
            )
        )
    return found


_TO_FOLLOWERS = {
    EventType.ACKNOWLEDGED: Template.FOLLOWED_ITEM_MOVED,
    EventType.STATUS_CHANGED: Template.FOLLOWED_ITEM_MOVED,
    EventType.MERGED: Template.ITEM_MERGED,
}


def _followers(happening: Happening, audience: Audience) -> list[Recipient]:
    template = _TO_FOLLOWERS.get(happening.type)
    if template is None or not _reaches_outside(happening):
        return []
    submitter_id = audience.submitter.user_id if audience.submitter else None
    return [
        Recipient(
            kind=RecipientKind.FOLLOWER,
            channel=Channel.EMAIL,
            template=template,
            locale=person.locale,
            user_id=person.user_id,
            address=person.address,
        )
        for person in audience.followers
        if person.user_id != submitter_id
    ]


# The moves a customer hears of; a status change with a public message (a question, an
# explanation) is always theirs to read.
_CUSTOMER_MOVES = frozenset(
    {
        (None, Status.WAITING_FOR_INFO),
        (None, Status.RESOLVED),
        (None, Status.DECLINED),
        (Status.RESOLVED, Status.IN_PROGRESS),  # reopened
        (Status.DECLINED, Status.IN_PROGRESS),
    }
)


def customer_step(happening: Happening) -> bool:
    """Whether this step is one the customer is emailed about."""
    # Received, someone is on it, a message for them, and where their problem went.
    if happening.type in (
        EventType.SUBMITTED,
        EventType.ACKNOWLEDGED,
        EventType.MESSAGE,
        EventType.MERGED,
    ):
        return True
    if happening.type is not EventType.STATUS_CHANGED:
        return False
    if happening.has_message:
        return True
    return (None, happening.to_status) in _CUSTOMER_MOVES or (
        happening.from_status,
        happening.to_status,
    ) in _CUSTOMER_MOVES


def _employee_of_customer(audience: Audience) -> list[Recipient]:
    """The employee who passed the problem on hears that their customer answered."""
    if audience.submitter is None:
        return []
    return [
        Recipient(
            kind=RecipientKind.EMPLOYEE,
            channel=Channel.EMAIL,
            template=Template.CUSTOMER_REPLIED,
            locale=audience.submitter.locale,
            user_id=audience.submitter.user_id,
            address=audience.submitter.address,
        )
    ]


def _staff(happening: Happening, audience: Audience) -> list[Recipient]:
    people: tuple[Person, ...] = ()
    template: Template | None = None
    if happening.type is EventType.SUBMITTED:
        people, template = audience.managers, Template.MANAGER_NEW_ITEM
    elif happening.type is EventType.ASSIGNED and audience.assignee is not None:
        people, template = (audience.assignee,), Template.ASSIGNED_TO_YOU
    elif happening.type is EventType.MESSAGE and happening.by_submitter:
        people, template = _handlers(audience), Template.SUBMITTER_REPLIED
    elif happening.type is EventType.MESSAGE and happening.by_customer:
        people, template = _handlers(audience), Template.CUSTOMER_REPLIED
    elif happening.type is EventType.CUSTOMER_FEEDBACK:
        people, template = _handlers(audience), Template.CUSTOMER_FEEDBACK
    elif happening.type is EventType.SUBMITTER_FEEDBACK:
        people, template = _handlers(audience), Template.SUBMITTER_FEEDBACK
    elif happening.type is EventType.TARGET_MISSED:
        chosen = audience.leads if happening.escalate_to_lead else _handlers(audience)
        people, template = chosen, Template.TARGET_MISSED
    if template is None:
        return []
    return [
        Recipient(
            kind=RecipientKind.MANAGER,
            channel=Channel.EMAIL,
            template=template,
            locale=person.locale,
            user_id=person.user_id,
            address=person.address,
        )
        for person in people
    ]


def _handlers(audience: Audience) -> tuple[Person, ...]:
    """Whoever is expected to act: the assignee, or else every manager of the team."""
    return (audience.assignee,) if audience.assignee is not None else audience.managers
