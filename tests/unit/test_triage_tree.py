"""The triage aid's decision tree: the shipped tree, walking it, and every way an admin's
document can be wrong (each refused with the place it is wrong)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from domain.errors import ValidationFailed
from domain.items.enums import Priority
from domain.triage_aid.concerns import add_months, feedback_deadline
from domain.triage_aid.default_tree import DEFAULT_TREE
from domain.triage_aid.tree import NextStep, Outcome, follow, parse, to_document


def tree_document() -> dict[str, Any]:
    return copy.deepcopy(DEFAULT_TREE)


def problems(document: object) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as refused:
        parse(document)
    return refused.value.fields


def test_the_shipped_tree_reaches_every_outcome() -> None:
    tree = parse(DEFAULT_TREE)
    assert follow(tree, [0]).outcome is Outcome.CUSTOMER_PROBLEM
    assert follow(tree, [1, 0]).outcome is Outcome.CONCERN
    assert follow(tree, [1, 1]).outcome is Outcome.CONCERN  # "not sure" errs on the safe side
    assert follow(tree, [1, 2, 0]).outcome is Outcome.DUPLICATE
    assert follow(tree, [1, 2, 1, 0]).outcome is Outcome.IDEA
    assert follow(tree, [1, 2, 1, 1]).outcome is Outcome.IRRITATION


def test_each_outcome_proposes_a_priority_and_a_next_step() -> None:
    tree = parse(DEFAULT_TREE)
    concern = follow(tree, [1, 0]).proposal
    assert concern is not None
    assert (concern.priority, concern.next_step, concern.escalate) == (
        Priority.URGENT,
        NextStep.ESCALATE,
        True,
    )
    assert "7" in concern.advice.en and "7" in concern.advice.nl
    duplicate = follow(tree, [1, 2, 0]).proposal
    assert duplicate is not None and duplicate.next_step is NextStep.MERGE
    assert not duplicate.escalate


def test_a_partial_walk_gives_the_next_question_in_both_languages() -> None:
    reached = follow(parse(DEFAULT_TREE), [1])
    assert reached.outcome is None and reached.question is not None
    assert reached.question.text.in_("nl").startswith("Kan het gaan om veiligheid")
    assert reached.question.text.in_("en").startswith("Could it be about safety")


@pytest.mark.parametrize("answers", [[2], [-1], [1, 3], [0, 0]])
def test_an_answer_the_question_does_not_have_is_refused(answers: list[int]) -> None:
    with pytest.raises(ValidationFailed):
        follow(parse(DEFAULT_TREE), answers)


def test_the_document_reads_back_to_the_same_tree() -> None:
    tree = parse(DEFAULT_TREE)
    assert parse(to_document(tree)) == tree


def test_a_loop_is_refused() -> None:
    document = tree_document()
    document["questions"][3]["answers"][1] = {"text": {"en": "No", "nl": "Nee"}, "next": "customer"}
    assert problems(document) == {"questions.customer": "Leads back to itself."}


def test_an_unreachable_question_and_a_missing_target_are_named() -> None:
    document = tree_document()
    document["questions"][2]["answers"][1]["next"] = "nowhere"
    found = problems(document)
    assert found["questions.duplicate.answers[1].next"] == "No such question."
    assert found["questions.idea"] == "No answer leads here."


def test_a_tree_that_hides_the_reportable_concern_is_refused() -> None:
    document = tree_document()
    document["questions"][1]["answers"] = [
        {"text": {"en": "Yes", "nl": "Ja"}, "outcome": "IRRITATION"},
        {"text": {"en": "No", "nl": "Nee"}, "next": "duplicate"},
    ]
    assert problems(document) == {"questions": "Some answer must lead to a reportable concern."}


def test_wording_must_be_given_in_both_languages_on_one_line() -> None:
    document = tree_document()
    document["questions"][0]["text"] = {"en": "Customer?", "nl": "  \u200b "}
    document["questions"][1]["answers"][0]["text"]["en"] = "Yes\r\nBcc: x@example.org"
    found = problems(document)
    assert found["questions[0].text.nl"] == "Required."
    assert found["questions[1].answers[0].text.en"].startswith("One line")


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["proposals"].pop("IDEA"), "proposals.IDEA"),
        (lambda d: d["proposals"]["IDEA"].update(priority="SOON"), "proposals.IDEA.priority"),
        (lambda d: d["proposals"]["IDEA"].update(nextStep="PANIC"), "proposals.IDEA.nextStep"),
        (lambda d: d["proposals"].update(GOSSIP={}), "proposals.GOSSIP"),
        (lambda d: d["questions"][3]["answers"][0].update(outcome="GOSSIP"), None),
        (lambda d: d["questions"][3]["answers"].pop(), "questions[3].answers"),
        (lambda d: d["questions"].append(copy.deepcopy(d["questions"][0])), "questions[4].id"),
    ],
)
def test_each_broken_part_is_named(change: Any, where: str | None) -> None:
    document = tree_document()
    change(document)
    found = problems(document)
    if where is not None:
        assert where in found, found
    else:
        assert any(key.endswith(".outcome") or key.startswith("questions[3]") for key in found)


@pytest.mark.parametrize("document", [None, [], "tree", {"questions": []}, {"questions": "x"}])
def test_not_a_tree_at_all_is_refused(document: object) -> None:
    assert problems(document)


def test_feedback_is_due_three_calendar_months_after_the_acknowledgement() -> None:
    assert feedback_deadline(datetime(2026, 3, 10, 9, tzinfo=UTC)) == datetime(
        2026, 6, 10, 9, tzinfo=UTC
    )
    # No 30 February: the month's last day.
    assert add_months(datetime(2026, 11, 30, tzinfo=UTC), 3) == datetime(2027, 2, 28, tzinfo=UTC)
    assert add_months(datetime(2027, 11, 30, tzinfo=UTC), 3) == datetime(2028, 2, 29, tzinfo=UTC)
