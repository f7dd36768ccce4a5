from __future__ import annotations

import strawberry

from domain.errors import NotFound


def numeric_id(raw: strawberry.ID) -> int | None:
    """Ids are plain positive numbers; anything else matches nothing."""
    text = str(raw)
    return int(text) if text.isdigit() and len(text) < 12 and int(text) > 0 else None


def item_id(raw: strawberry.ID) -> int:
    value = numeric_id(raw)
    if value is None:
        raise NotFound("No such item.")
    return value
