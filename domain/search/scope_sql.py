"""A search scope as SQL conditions on `items AS i`, with `:name` parameters."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from domain.search import Scope


def conditions(scope: Scope) -> tuple[str, dict[str, Any]]:
    parts = ["i.merged_into_id IS NULL", "i.filed = :filed"]
    values: dict[str, Any] = {"filed": True}
    if scope.managing:
        if scope.team_ids is not None:
            names = [f"team{n}" for n in range(len(scope.team_ids))]
            parts.append(
                "i.team_id IN (" + ", ".join(f":{n}" for n in names) + ")" if names else "1 = 0"
            )
            values.update(zip(names, scope.team_ids, strict=True))
    elif scope.viewer_id is not None:
        parts.append("(i.shared = :shared OR i.submitter_id = :viewer)")
        values.update(shared=True, viewer=scope.viewer_id)
    else:
        parts.append("i.shared = :shared")
        values["shared"] = True
    if scope.exclude_id is not None:
        parts.append("i.id <> :exclude")
        values["exclude"] = scope.exclude_id
    if scope.kind is not None:
        parts.append("i.kind = :kind")
        values["kind"] = scope.kind.value
    return " AND ".join(parts), values
