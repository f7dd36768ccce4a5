from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    EMAIL = "EMAIL"  # delivered by a worker over SMTP
    IN_APP = "IN_APP"  # shown in the app until the recipient has seen it


class RecipientKind(StrEnum):
    EMPLOYEE = "EMPLOYEE"  # the named employee who submitted or relayed the item
    SUBMITTER = "SUBMITTER"  # the anonymous submitter (in-app, through the receipt code)
    CUSTOMER = "CUSTOMER"
    MANAGER = "MANAGER"  # a manager of the item's team, or its assignee
    FOLLOWER = "FOLLOWER"  # said "me too" by name, or sent an item merged into this one


class DeliveryState(StrEnum):
    PENDING = "PENDING"  # waiting to be sent (email) or seen (in-app)
    SENDING = "SENDING"  # claimed by a worker until `locked_until`
    SENT = "SENT"  # delivered (email) or seen (in-app)
    DEAD = "DEAD"  # given up; kept with its last error for an admin to retry
    CANCELLED = "CANCELLED"  # not sent on purpose: the customer stopped emails before


class Template(StrEnum):
    """One template (subject, text and HTML) per notifiable event and audience."""

    ITEM_RECEIVED = "item_received"  # to the named employee
    CUSTOMER_ITEM_RECEIVED = "customer_item_received"  # "your problem was passed on by <name>"
    MANAGER_NEW_ITEM = "manager_new_item"
    ITEM_ACKNOWLEDGED = "item_acknowledged"
    ITEM_ASSIGNED = "item_assigned"
    ASSIGNED_TO_YOU = "assigned_to_you"
    STATUS_CHANGED = "status_changed"
    PUBLIC_REPLY = "public_reply"
    SUBMITTER_REPLIED = "submitter_replied"  # to the assignee (or the team's managers)
    CUSTOMER_REPLIED = "customer_replied"  # to the assignee (or managers) and the employee
    CUSTOMER_FEEDBACK = "customer_feedback"  # to the assignee
    SUBMITTER_FEEDBACK = "submitter_feedback"  # to the assignee: the gripe solved or not
    TARGET_MISSED = "target_missed"
    # About a person's account, not an item (domain/notifications/account.py).
    INVITATION = "invitation"  # set your password: you are invited
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a template name, not a password
    FOLLOWED_ITEM_MOVED = "followed_item_moved"  # to who said "me too": it moved
    ITEM_MERGED = "item_merged"  # to the followers of both items of a merge, once
    DIGEST = "digest"  # a person's daily digest: the updates they chose to get once a day


ACCOUNT_TEMPLATES = frozenset({Template.INVITATION, Template.PASSWORD_RESET})


class DigestState(StrEnum):
    """Where an entry of a person's notifications menu stands with their daily digest."""

    NONE = "NONE"  # not for the digest (emailed at once, or no email)
    WAITING = "WAITING"  # goes into the person's next digest
    INCLUDED = "INCLUDED"  # went out in a digest


class EmailKind(StrEnum):
    """The kinds of email a signed-in person chooses about, each on its own
    (`domain/notifications/preferences.py`)."""

    NEW_ITEMS = "NEW_ITEMS"  # a new item in one of my teams (managers)
    ASSIGNED_TO_ME = "ASSIGNED_TO_ME"
    OVERDUE = "OVERDUE"  # a response target missed on an item I handle, or in my team
    ANSWERS = "ANSWERS"  # the submitter or the customer answered on an item I handle
    MY_ITEMS = "MY_ITEMS"  # what happened to an item I sent in or passed on
    FOLLOWED = "FOLLOWED"  # an item I said "me too" on moved, or was merged


class Delivery(StrEnum):
    """How a person gets one kind of email."""

    IMMEDIATE = "IMMEDIATE"  # an email for every update
    DIGEST = "DIGEST"  # one email a day, at the start of the working day
    OFF = "OFF"  # no email (the notifications menu still shows it)
