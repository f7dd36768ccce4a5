"""Prometheus metrics (prometheus-client).

Recorded where they happen, in the process they happen in:

- `mopper_graphql_request_duration_seconds{operation}`: the time `/graphql` took for a
  request, by GraphQL operation name (see `OperationLabels` for how the label's values
  stay few);
- `mopper_delivery_attempts_total`, `mopper_delivery_failures_total{outcome}`: emails a
  delivery worker handed to the SMTP server, and those that failed (`retry`: tried again
  later; `dead`: given up).

Read from the database when /metrics is scraped (the same answer from any process):

- `mopper_outbox_emails{state}`: emails waiting (PENDING), being sent (SENDING) and given
  up (DEAD);
- `mopper_outbox_oldest_pending_age_seconds`: how long the oldest email that has not
  gone out yet (PENDING or SENDING) has been waiting; 0 when none is.

Several processes: `python -m server.serve` runs the API in several uvicorn processes
behind one port, so a scrape reaches one of them at random. It uses prometheus-client's
multiprocess mode: each process writes its samples to memory-mapped files in one folder
(`MOPPER_METRICS_DIR`, wiped when the server starts), and /metrics in any process adds
them all up. Counters and histograms add up correctly; the database-derived gauges are
not stored per process at all. `python -m workers` processes are separate containers:
each serves its own delivery metrics on `MOPPER_WORKER_METRICS_PORT`, and Prometheus adds
them up across workers (`sum(rate(mopper_delivery_attempts_total[5m]))`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from prometheus_client import Counter, Histogram, values
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from domain.notifications.enums import DeliveryState
from domain.settings import Settings

GRAPHQL_SECONDS = Histogram(
    "mopper_graphql_request_duration_seconds",
    "Time to answer a /graphql request, by GraphQL operation name.",
    ["operation"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
DELIVERY_ATTEMPTS = Counter(
    "mopper_delivery_attempts", "Emails a delivery worker tried to hand to the SMTP server."
)
DELIVERY_FAILURES = Counter(
    "mopper_delivery_failures",
    "Emails that failed to go out: retried later, or given up (dead).",
    ["outcome"],
)

# Label values for operations that have no name of their own, or that are not counted
# by name (see OperationLabels).
ANONYMOUS = "(anonymous)"
OTHER = "(other)"
REFUSED = "(refused)"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


class OperationLabels:
    """Operation names become label values, but a client chooses them: the first
    `limit` distinct well-formed names of operations that passed the checks get a series
    of their own (the web app has a few dozen operations), every later one shares
    `(other)`. An operation without a name is `(anonymous)`; a refused one (unparseable,
    invalid, over a limit) is `(refused)`. So no client can make the series unbounded."""

    def __init__(self, limit: int = 100) -> None:
        self.limit = limit
        self.known: set[str] = set()

    def label(self, name: str | None, *, checked: bool) -> str:
        if not checked:
            return REFUSED
        if not name:
            return ANONYMOUS
        if name in self.known:
            return name
        if len(self.known) < self.limit and _NAME.fullmatch(name):
            self.known.add(name)
            return name
        return OTHER


class RequestTimer:
    """Observes request durations by operation, keeping each label's child at hand
    (`labels()` costs more than the observation itself)."""

    def __init__(self, labels: OperationLabels | None = None) -> None:
        self.labels = labels or OperationLabels()
        self._children: dict[str, Histogram] = {}

    def observe(self, name: str | None, seconds: float, *, checked: bool) -> None:
        label = self.labels.label(name, checked=checked)
        child = self._children.get(label)
        if child is None:
            child = self._children[label] = GRAPHQL_SECONDS.labels(label)
        child.observe(seconds)


@dataclass(frozen=True, slots=True)
class OutboxSnapshot:
    counts: dict[DeliveryState, int]
    oldest_waiting_since: datetime | None
    taken_at: datetime


WAITING_STATES = (DeliveryState.PENDING, DeliveryState.SENDING, DeliveryState.DEAD)


class OutboxCollector(Collector):
    """The outbox as read from the database for one scrape."""

    def __init__(self, snapshot: OutboxSnapshot) -> None:
        self.snapshot = snapshot

    def collect(self) -> Iterator[GaugeMetricFamily]:
        depth = GaugeMetricFamily(
            "mopper_outbox_emails", "Emails in the outbox by delivery state.", labels=["state"]
        )
        for state in WAITING_STATES:
            depth.add_metric([state.value], self.snapshot.counts.get(state, 0))
        yield depth
        since = self.snapshot.oldest_waiting_since
        age = (self.snapshot.taken_at - since).total_seconds() if since else 0.0
        yield GaugeMetricFamily(
            "mopper_outbox_oldest_pending_age_seconds",
            "Age of the oldest email that has not gone out yet (0: none waiting).",
            value=max(0.0, age),
        )


def multiprocess_dir(settings: Settings) -> str | None:
    """The folder the processes of `python -m server.serve` share their samples in, when
    this process is one of them (prometheus-client was imported in multiprocess mode)."""
    # prometheus-client picks its value class once, at import: the shared-file one in
    # multiprocess mode, MutexValue otherwise.
    multiprocess = values.ValueClass is not values.MutexValue
    return settings.metrics_dir if multiprocess and settings.metrics_dir else None
