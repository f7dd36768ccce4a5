"""The triage aid in GraphQL: the tree as managers answer it and admins edit it."""

from __future__ import annotations

from datetime import datetime

import strawberry

from domain.triage_aid import tree as domain_tree
from domain.triage_aid.concerns import Clocks
from domain.triage_aid.service import CurrentTree
from domain.triage_aid.tree import NextStep, Outcome
from graphql_schema.enums import Priority

strawberry.enum(Outcome, name="TriageOutcome", description="What an item is, by the triage aid.")
strawberry.enum(NextStep, name="TriageNextStep", description="The step the triage aid proposes.")


@strawberry.type(name="TriageText", description="Wording in both languages.")
class TriageTextType:
    en: str
    nl: str


@strawberry.type(name="TriageAnswer")
class TriageAnswerType:
    text: TriageTextType
    next_question: str | None = strawberry.field(description="The question this answer leads to.")
    outcome: Outcome | None = strawberry.field(description="Or the outcome it ends in.")


@strawberry.type(name="TriageQuestion")
class TriageQuestionType:
    id: str
    text: TriageTextType
    answers: list[TriageAnswerType]


@strawberry.type(name="TriageProposal")
class TriageProposalType:
    outcome: Outcome
    priority: Priority
    next_step: NextStep
    escalate: bool = strawberry.field(
        description="A reportable concern: the legal clocks start and it goes up a level."
    )
    advice: TriageTextType


@strawberry.type(name="TriageAid")
class TriageAidType:
    version: int | None = strawberry.field(
        description="The saved version in use; null: the tree Mopper ships with."
    )
    questions: list[TriageQuestionType] = strawberry.field(description="The first one starts.")
    proposals: list[TriageProposalType]

    @classmethod
    def of(cls, current: CurrentTree) -> TriageAidType:
        tree = current.tree

        def text(t: domain_tree.Text) -> TriageTextType:
            return TriageTextType(en=t.en, nl=t.nl)

        ordered = [tree.questions[tree.start]] + [
            q for qid, q in tree.questions.items() if qid != tree.start
        ]
        return cls(
            version=current.version_id,
            questions=[
                TriageQuestionType(
                    id=q.id,
                    text=text(q.text),
                    answers=[
                        TriageAnswerType(
                            text=text(a.text),
                            next_question=a.next_question,
                            outcome=a.outcome,
                        )
                        for a in q.answers
                    ],
                )
                for q in ordered
            ],
            proposals=[
                TriageProposalType(
                    outcome=outcome,
                    priority=p.priority,
                    next_step=p.next_step,
                    escalate=p.escalate,
                    advice=text(p.advice),
                )
                for outcome, p in tree.proposals.items()
            ],
        )


@strawberry.type(
    name="ConcernClocks",
    description="A reportable concern's legal clocks (EU whistleblower directive): receipt "
    "acknowledged within 7 calendar days, feedback within 3 months of that.",
)
class ConcernClocksType:
    acknowledge_by: datetime
    acknowledged_at: datetime | None
    feedback_by: datetime | None
    feedback_at: datetime | None

    @classmethod
    def of(cls, clocks: Clocks) -> ConcernClocksType:
        return cls(
            acknowledge_by=clocks.acknowledge_by,
            acknowledged_at=clocks.acknowledged_at,
            feedback_by=clocks.feedback_by,
            feedback_at=clocks.feedback_at,
        )


@strawberry.input(name="TriageTextInput")
class TriageTextInput:
    en: str
    nl: str


@strawberry.input(name="TriageAnswerInput")
class TriageAnswerInput:
    text: TriageTextInput
    next_question: str | None = None
    outcome: Outcome | None = None


@strawberry.input(name="TriageQuestionInput")
class TriageQuestionInput:
    id: str
    text: TriageTextInput
    answers: list[TriageAnswerInput]


@strawberry.input(name="TriageProposalInput")
class TriageProposalInput:
    outcome: Outcome
    priority: Priority
    next_step: NextStep
    advice: TriageTextInput


@strawberry.input(name="TriageAidInput", description="The whole tree; the first question starts.")
class TriageAidInput:
    questions: list[TriageQuestionInput]
    proposals: list[TriageProposalInput]

    def document(self) -> dict[str, object]:
        """The document the domain checks (`domain.triage_aid.tree.parse`)."""

        def text(t: TriageTextInput) -> dict[str, str]:
            return {"en": t.en, "nl": t.nl}

        return {
            "questions": [
                {
                    "id": q.id,
                    "text": text(q.text),
                    "answers": [
                        {"text": text(a.text)}
                        | ({"next": a.next_question} if a.next_question is not None else {})
                        | ({"outcome": a.outcome.value} if a.outcome is not None else {})
                        for a in q.answers
                    ],
                }
                for q in self.questions
            ],
            "proposals": {
                p.outcome.value: {
                    "priority": p.priority.name,
                    "nextStep": p.next_step.value,
                    "advice": text(p.advice),
                }
                for p in self.proposals
            },
        }
