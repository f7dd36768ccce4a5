"""The triage aid's decision tree: questions a manager answers when acknowledging an item,
ending in what the item is and what to do with it.

The tree is data (admins edit its wording in nl and en), checked here as a whole before it
is kept: every question is reachable from the first, every answer leads to a question or
an outcome, there are no loops, and every outcome used has a proposal. The outcomes and
what they may propose are fixed in code, because other rules hang on them (a reportable
concern gets the EU whistleblower clocks; a duplicate is merged, not answered).

Pure Python: no database, no GraphQL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from domain.errors import ValidationFailed
from domain.items.enums import Priority
from domain.validation import strip_invisible

TEXT_MAX = 200
QUESTIONS_MAX = 20
ANSWERS_MAX = 6


class Outcome(StrEnum):
    CUSTOMER_PROBLEM = "CUSTOMER_PROBLEM"
    IRRITATION = "IRRITATION"
    IDEA = "IDEA"
    CONCERN = "CONCERN"  # safety, legal or integrity: a reportable concern
    DUPLICATE = "DUPLICATE"


class NextStep(StrEnum):
    ASSIGN = "ASSIGN"  # acknowledge and give it to someone
    ASK_FOR_INFORMATION = "ASK_FOR_INFORMATION"
    ESCALATE = "ESCALATE"  # a reportable concern: its clocks start, it goes up a level
    MERGE = "MERGE"  # merge it into the item it repeats
    CONSIDER = "CONSIDER"  # an idea: weigh it, answer with what will be done


@dataclass(frozen=True, slots=True)
class Text:
    en: str
    nl: str

    def in_(self, locale: str) -> str:
        return self.nl if locale == "nl" else self.en


@dataclass(frozen=True, slots=True)
class Answer:
    text: Text
    next_question: str | None = None
    outcome: Outcome | None = None


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: Text
    answers: tuple[Answer, ...]


@dataclass(frozen=True, slots=True)
class Proposal:
    priority: Priority
    next_step: NextStep
    # A reportable concern goes past the team it was filed with (see `concerns.py`).
    escalate: bool
    advice: Text


@dataclass(frozen=True, slots=True)
class Tree:
    start: str
    questions: Mapping[str, Question]
    proposals: Mapping[Outcome, Proposal]


@dataclass(frozen=True, slots=True)
class Reached:
    """Where a list of answers leads: the next question, or an outcome and its proposal."""

    question: Question | None = None
    outcome: Outcome | None = None
    proposal: Proposal | None = None


def follow(tree: Tree, answers: Sequence[int]) -> Reached:
    """Walk the tree by answer positions; refuses an answer the question does not have."""
    question = tree.questions[tree.start]
    for step, choice in enumerate(answers):
        if not 0 <= choice < len(question.answers):
            raise ValidationFailed({"answers": f"Answer {step + 1} is not one of the choices."})
        answer = question.answers[choice]
        if answer.outcome is not None:
            if step != len(answers) - 1:
                raise ValidationFailed({"answers": "More answers than questions."})
            return Reached(outcome=answer.outcome, proposal=tree.proposals[answer.outcome])
        assert answer.next_question is not None
        question = tree.questions[answer.next_question]
    return Reached(question=question)


# -- the document admins edit --------------------------------------------------------


def parse(document: object) -> Tree:
    """A tree from its document, or `ValidationFailed` naming every problem found."""
    problems: dict[str, str] = {}
    if not isinstance(document, Mapping):
        raise ValidationFailed({"tree": "Not a decision tree."})
    questions: dict[str, Question] = {}
    raw_questions = document.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        raise ValidationFailed({"questions": "At least one question."})
    if len(raw_questions) > QUESTIONS_MAX:
        raise ValidationFailed({"questions": f"At most {QUESTIONS_MAX} questions."})
    for q_index, raw in enumerate(raw_questions):
        where = f"questions[{q_index}]"
        if not isinstance(raw, Mapping):
            problems[where] = "Not a question."
            continue
        qid = raw.get("id")
        if not isinstance(qid, str) or not qid.isascii() or not qid.strip() or len(qid) > 40:
            problems[f"{where}.id"] = "A short name of letters and digits."
            continue
        if qid in questions:
            problems[f"{where}.id"] = "Used twice."
            continue
        text = _text(raw.get("text"), f"{where}.text", problems)
        raw_answers = raw.get("answers")
        if not isinstance(raw_answers, list) or not 2 <= len(raw_answers) <= ANSWERS_MAX:
            problems[f"{where}.answers"] = f"Between 2 and {ANSWERS_MAX} answers."
            continue
        answers = []
        for a_index, raw_answer in enumerate(raw_answers):
            answer = _answer(raw_answer, f"{where}.answers[{a_index}]", problems)
            if answer is not None:
                answers.append(answer)
        if text is not None:
            questions[qid] = Question(id=qid, text=text, answers=tuple(answers))
    proposals = _proposals(document.get("proposals"), problems)
    if problems:
        raise ValidationFailed(problems, "The decision tree needs attention.")
    start = raw_questions[0]["id"]
    _check_shape(start, questions, proposals, problems)
    if problems:
        raise ValidationFailed(problems, "The decision tree needs attention.")
    return Tree(start=start, questions=questions, proposals=proposals)


def _text(raw: object, where: str, problems: dict[str, str]) -> Text | None:
    if not isinstance(raw, Mapping):
        problems[where] = "Wording in English and Dutch."
        return None
    words = {}
    for locale in ("en", "nl"):
        value = raw.get(locale)
        value = strip_invisible(value).strip() if isinstance(value, str) else ""
        if not value:
            problems[f"{where}.{locale}"] = "Required."
        elif len(value) > TEXT_MAX or "\n" in value or "\r" in value:
            problems[f"{where}.{locale}"] = f"One line of at most {TEXT_MAX} characters."
        words[locale] = value
    return Text(en=words["en"], nl=words["nl"])


def _answer(raw: object, where: str, problems: dict[str, str]) -> Answer | None:
    if not isinstance(raw, Mapping):
        problems[where] = "Not an answer."
        return None
    text = _text(raw.get("text"), f"{where}.text", problems)
    next_question, outcome = raw.get("next"), raw.get("outcome")
    if (next_question is None) == (outcome is None):
        problems[where] = "Leads to either a next question or an outcome."
        return None
    if outcome is not None and outcome not in Outcome.__members__:
        problems[f"{where}.outcome"] = "Not one of the outcomes."
        return None
    if next_question is not None and not isinstance(next_question, str):
        problems[f"{where}.next"] = "Not a question's name."
        return None
    if text is None:
        return None
    return Answer(
        text=text,
        next_question=next_question,
        outcome=Outcome(outcome) if outcome is not None else None,
    )


def _proposals(raw: object, problems: dict[str, str]) -> dict[Outcome, Proposal]:
    proposals: dict[Outcome, Proposal] = {}
    if not isinstance(raw, Mapping):
        problems["proposals"] = "What each outcome proposes."
        return proposals
    for name, value in raw.items():
        where = f"proposals.{name}"
        if name not in Outcome.__members__:
            problems[where] = "Not one of the outcomes."
            continue
        if not isinstance(value, Mapping):
            problems[where] = "Not a proposal."
            continue
        priority, step = value.get("priority"), value.get("nextStep")
        if not isinstance(priority, str) or priority not in Priority.__members__:
            problems[f"{where}.priority"] = "Not a priority."
            continue
        if not isinstance(step, str) or step not in NextStep.__members__:
            problems[f"{where}.nextStep"] = "Not a next step."
            continue
        advice = _text(value.get("advice"), f"{where}.advice", problems)
        if advice is None:
            continue
        outcome = Outcome(name)
        proposals[outcome] = Proposal(
            priority=Priority[priority],
            next_step=NextStep(step),
            escalate=outcome is Outcome.CONCERN,
            advice=advice,
        )
    return proposals


def _check_shape(
    start: str,
    questions: Mapping[str, Question],
    proposals: Mapping[Outcome, Proposal],
    problems: dict[str, str],
) -> None:
    """Every answer leads somewhere that exists, no loops, nothing unreachable, and the
    reportable-concern outcome is always reachable (a tree must not hide it)."""
    reached: set[str] = set()
    outcomes: set[Outcome] = set()

    def visit(qid: str, path: tuple[str, ...]) -> None:
        if qid in path:
            problems[f"questions.{qid}"] = "Leads back to itself."
            return
        reached.add(qid)
        for index, answer in enumerate(questions[qid].answers):
            if answer.outcome is not None:
                outcomes.add(answer.outcome)
                if answer.outcome not in proposals:
                    problems[f"proposals.{answer.outcome.value}"] = "Missing."
            elif answer.next_question is None or answer.next_question not in questions:
                problems[f"questions.{qid}.answers[{index}].next"] = "No such question."
            else:
                visit(answer.next_question, (*path, qid))

    visit(start, ())
    for qid in questions:
        if qid not in reached:
            problems[f"questions.{qid}"] = "No answer leads here."
    if Outcome.CONCERN not in outcomes and not problems:
        problems["questions"] = "Some answer must lead to a reportable concern."


def to_document(tree: Tree) -> dict[str, object]:
    """The document `parse` reads back to the same tree (what the admin screen edits)."""

    def text(t: Text) -> dict[str, str]:
        return {"en": t.en, "nl": t.nl}

    ordered = [tree.questions[tree.start]] + [
        q for qid, q in tree.questions.items() if qid != tree.start
    ]
    return {
        "questions": [
            {
                "id": q.id,
                "text": text(q.text),
                "answers": [
                    {"text": text(a.text)}
                    | ({"outcome": a.outcome.value} if a.outcome else {"next": a.next_question})
                    for a in q.answers
                ],
            }
            for q in ordered
        ],
        "proposals": {
            outcome.value: {
                "priority": p.priority.name,
                "nextStep": p.next_step.value,
                "advice": text(p.advice),
            }
            for outcome, p in tree.proposals.items()
        },
    }
