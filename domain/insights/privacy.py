"""The k-anonymity rule every figure obeys: no figure is shown for fewer than K items or
people. A cell under K is merged into one "other" cell with the rest of the small ones;
if that is still under K, it is left out too. Pure functions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

K = 5


@dataclass(frozen=True, slots=True)
class Cell:
    key: int | None  # None: the "other" cell the small ones were merged into
    received: int
    resolved: int


def suppress_small(cells: Sequence[Cell], *, k: int = K) -> list[Cell]:
    """The cells of at least `k` received as they are (largest first), the smaller ones
    merged into one `key=None` cell when that reaches `k`, and nothing else."""
    shown = sorted((c for c in cells if c.received >= k), key=lambda c: (-c.received, c.key))
    small = [c for c in cells if c.received < k]
    merged = Cell(
        key=None,
        received=sum(c.received for c in small),
        resolved=sum(c.resolved for c in small),
    )
    if small and merged.received >= k:
        shown.append(merged)
    return shown


def at_least_k(count: int, *, k: int = K) -> int | None:
    """A count, or None when it is under `k` (then only "fewer than k" may be said)."""
    return count if count >= k else None
