"""The k-anonymity rule every figure obeys: no figure is shown for fewer than K items or
people, not even as the difference of a total and the cells shown beside it. A cell
under K is merged into one "other" cell with the rest of the small ones, and shown
cells join it until it holds at least K. Pure functions."""

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
    """The cells of at least `k` received as they are (largest first) and one `key=None`
    cell with the rest. The rest is never under `k` unless it is empty: when the small
    cells add up to fewer than `k`, the smallest shown cells join them (complementary
    suppression), because the page also shows the total, and the total minus the shown
    cells would otherwise give the small remainder away."""
    shown = sorted((c for c in cells if c.received >= k), key=lambda c: (-c.received, c.key))
    rest = [c for c in cells if c.received < k]
    while rest and sum(c.received for c in rest) < k and shown:
        rest.append(shown.pop())
    received = sum(c.received for c in rest)
    if rest and received >= k:
        shown.append(Cell(key=None, received=received, resolved=sum(c.resolved for c in rest)))
    return shown


def at_least_k(count: int, *, k: int = K) -> int | None:
    """A count, or None when it is under `k` (then only "fewer than k" may be said)."""
    return count if count >= k else None
