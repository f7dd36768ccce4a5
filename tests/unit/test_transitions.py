"""The status state machine, without a database."""

from __future__ import annotations

import pytest

from domain.errors import InvalidTransition, ValidationFailed
from domain.items.enums import Status
from domain.items.transitions import TRANSITIONS, Mover, allowed_targets, check_transition


def test_the_happy_path_of_the_design_is_allowed_for_managers() -> None:
    path = [
        (Status.NEW, Status.ACKNOWLEDGED, False),
        (Status.ACKNOWLEDGED, Status.IN_PROGRESS, False),
        (Status.IN_PROGRESS, Status.WAITING_FOR_INFO, True),
        (Status.WAITING_FOR_INFO, Status.IN_PROGRESS, False),
        (Status.IN_PROGRESS, Status.RESOLVED, True),
        (Status.RESOLVED, Status.CLOSED, False),
    ]
    for current, to, message in path:
        check_transition(current, to, mover=Mover.MANAGER, has_message=message)


@pytest.mark.parametrize("to", [Status.RESOLVED, Status.DECLINED, Status.WAITING_FOR_INFO])
def test_resolving_declining_and_asking_need_a_message(to: Status) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_transition(Status.IN_PROGRESS, to, mover=Mover.MANAGER, has_message=False)
    assert "message" in refused.value.fields


@pytest.mark.parametrize(
    ("current", "to"),
    [
        (Status.NEW, Status.RESOLVED),  # acknowledge first
        (Status.NEW, Status.CLOSED),
        (Status.CLOSED, Status.IN_PROGRESS),  # closed is final
        (Status.IN_PROGRESS, Status.NEW),
        (Status.RESOLVED, Status.WAITING_FOR_INFO),
    ],
)
def test_moves_outside_the_table_are_refused(current: Status, to: Status) -> None:
    with pytest.raises(InvalidTransition):
        check_transition(current, to, mover=Mover.MANAGER, has_message=True)


def test_the_customer_may_only_confirm_or_reopen_a_resolution() -> None:
    assert set(allowed_targets(Status.RESOLVED, Mover.CUSTOMER)) == {
        Status.CLOSED,
        Status.IN_PROGRESS,
    }
    for status in Status:
        if status is not Status.RESOLVED:
            assert allowed_targets(status, Mover.CUSTOMER) == []


def test_a_manager_may_ask_for_information_about_a_new_item_with_a_message() -> None:
    assert allowed_targets(Status.NEW, Mover.MANAGER) == [
        Status.ACKNOWLEDGED,
        Status.WAITING_FOR_INFO,
        Status.DECLINED,
    ]
    check_transition(Status.NEW, Status.WAITING_FOR_INFO, mover=Mover.MANAGER, has_message=True)
    with pytest.raises(ValidationFailed):
        check_transition(
            Status.NEW, Status.WAITING_FOR_INFO, mover=Mover.MANAGER, has_message=False
        )
    for outsider in (Mover.CUSTOMER, Mover.SUBMITTER, Mover.SYSTEM):
        with pytest.raises(InvalidTransition):
            check_transition(Status.NEW, Status.WAITING_FOR_INFO, mover=outsider, has_message=True)


def test_an_answer_to_a_question_moves_the_item_back_by_itself() -> None:
    assert allowed_targets(Status.WAITING_FOR_INFO, Mover.SYSTEM) == [Status.IN_PROGRESS]


def test_every_status_is_in_the_table_and_closed_is_final() -> None:
    assert set(TRANSITIONS) == set(Status)
    assert TRANSITIONS[Status.CLOSED] == {}
    assert allowed_targets(Status.DECLINED, Mover.MANAGER) == [Status.IN_PROGRESS, Status.CLOSED]
