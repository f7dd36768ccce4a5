"""Ids as the API takes them: plain ASCII decimal numbers in the database's range.

`str.isdigit()` is not the test: it accepts "²", and `int()` reads "٣" (Arabic-Indic
three) as 3, " 3 " as 3 and "1_000" as 1000. An id that is not written like one is a
VALIDATION error naming the argument; a well-formed id of something that does not exist
(or that the asker may not see) stays NOT_FOUND.
"""

from __future__ import annotations

import re

import strawberry

from domain.errors import ValidationFailed

# The databases' INTEGER primary keys (PostgreSQL's SERIAL) end here.
ID_MAX = 2**31 - 1
_PLAIN = re.compile(r"[0-9]{1,10}")
NOT_AN_ID = "Not an id."


def numeric_id(raw: strawberry.ID) -> int | None:
    """The id, or None when `raw` is not a plain ASCII number from 0 to ID_MAX."""
    text = str(raw)
    if not _PLAIN.fullmatch(text):
        return None
    value = int(text)
    return value if value <= ID_MAX else None


def parse_id(raw: strawberry.ID, *, field: str) -> int:
    """The id, or VALIDATION on `field` (the argument's name in the API)."""
    value = numeric_id(raw)
    if value is None:
        raise ValidationFailed({field: NOT_AN_ID})
    return value


def parse_ids(raws: list[strawberry.ID] | None, *, field: str) -> tuple[int, ...]:
    values = tuple(numeric_id(raw) for raw in raws or ())
    if None in values:
        raise ValidationFailed({field: NOT_AN_ID})
    return tuple(v for v in values if v is not None)


def item_id(raw: strawberry.ID, *, field: str = "id") -> int:
    return parse_id(raw, field=field)
