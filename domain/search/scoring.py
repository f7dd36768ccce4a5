"""How a candidate ranks: the same arithmetic on both engines, so that the same data
gives the same suggestions on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass

# A query word in the title counts ten times one only in the body; a candidate holding
# every word of the query comes before any that holds only some.
TITLE_WEIGHT = 10
BODY_WEIGHT = 1
EVERY_WORD_BONUS = 1_000


@dataclass(frozen=True, slots=True)
class Hit:
    item_id: int
    newness: int  # higher is newer (minus its place among the engine's newest matches)
    in_title: int  # query words its title holds
    in_body: int  # query words only its body holds

    def score(self, *, every_word: bool) -> int:
        bonus = EVERY_WORD_BONUS if every_word else 0
        return bonus + TITLE_WEIGHT * self.in_title + BODY_WEIGHT * self.in_body
