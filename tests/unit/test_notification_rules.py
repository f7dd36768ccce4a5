"""The notification matrix, as a pure function."""

from __future__ import annotations

from domain.items.enums import EventType, Status, Visibility
from domain.notifications.enums import Channel, RecipientKind, Template
from domain.notifications.rules import Audience, Happening, Person, recipients_for
from domain.org.enums import Locale

ALICE = Person(user_id=1, address="alice@example.com", locale=Locale.EN, first_name="Alice")
MIA = Person(user_id=2, address="mia@example.com", locale=Locale.NL, first_name="Mia")
LOU = Person(user_id=3, address="lou@example.com", locale=Locale.EN, first_name="Lou")


def audience(
    *,
    submitter: Person | None = ALICE,
    anonymous: bool = False,
    customer: str | None = None,
    assignee: Person | None = None,
) -> Audience:
    return Audience(
        submitter=None if anonymous else submitter,
        is_anonymous=anonymous,
        customer_address=customer,
        customer_locale=Locale.NL,
        assignee=assignee,
        managers=(MIA, LOU),
        leads=(LOU,),
    )


def heard(happening: Happening, who: Audience) -> list[tuple[str, str, str, str | None]]:
    return [
        (r.kind.value, r.channel.value, r.template.value, r.address)
        for r in recipients_for(happening, who)
    ]


def test_a_named_submission_tells_the_submitter_and_the_teams_managers() -> None:
    happening = Happening(EventType.SUBMITTED, Visibility.SUBMITTER, actor_user_id=ALICE.user_id)
    assert heard(happening, audience()) == [
        ("EMPLOYEE", "EMAIL", "item_received", "alice@example.com"),
        ("MANAGER", "EMAIL", "manager_new_item", "mia@example.com"),
        ("MANAGER", "EMAIL", "manager_new_item", "lou@example.com"),
    ]


def test_a_relayed_problem_is_confirmed_to_the_customer_in_their_language() -> None:
    happening = Happening(EventType.SUBMITTED, Visibility.PUBLIC, actor_user_id=ALICE.user_id)
    recipients = recipients_for(happening, audience(customer="karin@example.net"))
    customer = next(r for r in recipients if r.kind is RecipientKind.CUSTOMER)
    assert customer.template is Template.CUSTOMER_ITEM_RECEIVED
    assert customer.locale is Locale.NL


def test_an_anonymous_submitter_hears_in_app_and_never_by_email() -> None:
    acknowledged = Happening(EventType.ACKNOWLEDGED, Visibility.SUBMITTER, actor_user_id=2)
    assert heard(acknowledged, audience(anonymous=True)) == [
        ("SUBMITTER", "IN_APP", "item_acknowledged", None)
    ]
    submitted = Happening(EventType.SUBMITTED, Visibility.SUBMITTER, actor_user_id=None)
    assert all(kind == "MANAGER" for kind, *_ in heard(submitted, audience(anonymous=True)))


def test_internal_notes_reach_nobody() -> None:
    note = Happening(EventType.MESSAGE, Visibility.INTERNAL, actor_user_id=MIA.user_id)
    assert heard(note, audience(customer="karin@example.net", assignee=LOU)) == []


def test_a_reply_to_the_submitter_is_not_emailed_to_the_customer() -> None:
    reply = Happening(EventType.MESSAGE, Visibility.SUBMITTER, actor_user_id=MIA.user_id)
    assert heard(reply, audience(customer="karin@example.net")) == [
        ("EMPLOYEE", "EMAIL", "public_reply", "alice@example.com")
    ]
    public = Happening(EventType.MESSAGE, Visibility.PUBLIC, actor_user_id=MIA.user_id)
    assert [kind for kind, *_ in heard(public, audience(customer="karin@example.net"))] == [
        "EMPLOYEE",
        "CUSTOMER",
    ]


def test_a_customer_who_stopped_emails_gets_none() -> None:
    change = Happening(EventType.STATUS_CHANGED, Visibility.PUBLIC, actor_user_id=MIA.user_id)
    assert [kind for kind, *_ in heard(change, audience(customer=None))] == ["EMPLOYEE"]


def test_the_submitters_reply_goes_to_the_assignee_or_else_the_managers() -> None:
    reply = Happening(
        EventType.MESSAGE, Visibility.SUBMITTER, actor_user_id=ALICE.user_id, by_submitter=True
    )
    assert heard(reply, audience(assignee=LOU)) == [
        ("MANAGER", "EMAIL", "submitter_replied", "lou@example.com")
    ]
    assert [address for *_, address in heard(reply, audience())] == [
        "mia@example.com",
        "lou@example.com",
    ]


def test_assignment_tells_the_assignee_but_not_the_manager_who_took_it_themselves() -> None:
    to_lou = Happening(
        EventType.ASSIGNED, Visibility.SUBMITTER, actor_user_id=MIA.user_id, first_assignment=True
    )
    assert ("MANAGER", "EMAIL", "assigned_to_you", "lou@example.com") in heard(
        to_lou, audience(assignee=LOU)
    )
    to_self = Happening(
        EventType.ASSIGNED, Visibility.SUBMITTER, actor_user_id=MIA.user_id, first_assignment=True
    )
    assert "mia@example.com" not in [a for *_, a in heard(to_self, audience(assignee=MIA))]


def test_reassignment_does_not_spam_the_submitter_or_the_customer() -> None:
    again = Happening(
        EventType.ASSIGNED, Visibility.PUBLIC, actor_user_id=MIA.user_id, first_assignment=False
    )
    assert heard(again, audience(customer="karin@example.net", assignee=LOU)) == [
        ("MANAGER", "EMAIL", "assigned_to_you", "lou@example.com")
    ]


def test_the_customers_own_answer_is_not_mailed_back_to_them() -> None:
    reopened = Happening(
        EventType.STATUS_CHANGED, Visibility.PUBLIC, actor_user_id=None, by_customer=True
    )
    assert [kind for kind, *_ in heard(reopened, audience(customer="karin@example.net"))] == [
        "EMPLOYEE"
    ]
    feedback = Happening(
        EventType.CUSTOMER_FEEDBACK, Visibility.PUBLIC, actor_user_id=None, by_customer=True
    )
    assert heard(feedback, audience(customer="karin@example.net", assignee=MIA)) == [
        ("MANAGER", "EMAIL", "customer_feedback", "mia@example.com")
    ]


def test_a_missed_target_goes_to_the_assignee_then_the_lead() -> None:
    missed = Happening(EventType.TARGET_MISSED, Visibility.INTERNAL, actor_user_id=None)
    assert [a for *_, a in heard(missed, audience(assignee=MIA))] == ["mia@example.com"]
    escalated = Happening(
        EventType.TARGET_MISSED, Visibility.INTERNAL, actor_user_id=None, escalate_to_lead=True
    )
    assert [a for *_, a in heard(escalated, audience(assignee=MIA))] == ["lou@example.com"]


def test_nobody_hears_twice_of_one_step() -> None:
    missed = Happening(
        EventType.TARGET_MISSED, Visibility.INTERNAL, actor_user_id=None, escalate_to_lead=True
    )
    who = Audience(
        submitter=ALICE,
        is_anonymous=False,
        customer_address=None,
        customer_locale=Locale.EN,
        assignee=None,
        managers=(LOU,),
        leads=(LOU, LOU),
    )
    assert len(recipients_for(missed, who)) == 1
    assert all(r.channel is Channel.EMAIL for r in recipients_for(missed, who))


def _moved(came_from: Status, to: Status, *, message: bool = False) -> Happening:
    return Happening(
        EventType.STATUS_CHANGED,
        Visibility.PUBLIC,
        actor_user_id=MIA.user_id,
        from_status=came_from,
        to_status=to,
        has_message=message,
    )


def _customer_hears(happening: Happening) -> bool:
    return "karin@example.net" in [
        a for *_, a in heard(happening, audience(customer="karin@example.net"))
    ]


def test_the_customer_is_emailed_only_at_the_steps_that_matter_to_them() -> None:
    received = Happening(EventType.SUBMITTED, Visibility.PUBLIC, actor_user_id=ALICE.user_id)
    on_it = Happening(EventType.ACKNOWLEDGED, Visibility.PUBLIC, actor_user_id=MIA.user_id)
    assigned = Happening(
        EventType.ASSIGNED, Visibility.PUBLIC, actor_user_id=MIA.user_id, first_assignment=True
    )
    assert _customer_hears(received) and _customer_hears(on_it)
    assert not _customer_hears(assigned)
    assert _customer_hears(
        _moved(Status.IN_PROGRESS, Status.WAITING_FOR_INFO, message=True)
    )  # a question
    assert _customer_hears(_moved(Status.IN_PROGRESS, Status.RESOLVED, message=True))
    assert _customer_hears(_moved(Status.IN_PROGRESS, Status.DECLINED, message=True))
    assert _customer_hears(_moved(Status.RESOLVED, Status.IN_PROGRESS))  # reopened
    for came_from, to in [
        (Status.ACKNOWLEDGED, Status.IN_PROGRESS),
        (Status.WAITING_FOR_INFO, Status.IN_PROGRESS),
        (Status.RESOLVED, Status.CLOSED),
    ]:
        assert not _customer_hears(_moved(came_from, to)), (came_from, to)
    # The employee who passed the problem on still hears every public step.
    assert ("EMPLOYEE", "EMAIL", "status_changed", "alice@example.com") in heard(
        _moved(Status.ACKNOWLEDGED, Status.IN_PROGRESS), audience(customer="karin@example.net")
    )
