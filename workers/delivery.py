"""The delivery worker: claims due outbox emails, renders and sends them over one reused
SMTP connection, and writes down what became of each.

Guarantees:
- at least once: a row leaves SENDING only when the server accepted it (SENT), a retry
  is scheduled, it is given up (DEAD, with its error), it must not go out (CANCELLED)
  or it is given back untried; a worker that dies leaves its rows to be claimed again
  when their lease runs out;
- "sent" is written down while the next email goes out, and the next email is rendered
  while this one is on the wire (the database, the CPU and the SMTP conversation
  overlap). At most one "sent" write is in flight, so a crash repeats at most the email
  being sent and the one being written down, each under its own stable Message-ID;
- `stop()` (SIGTERM) finishes the email in flight, gives back the rest of the batch
  untried, and closes the connection;
- when the database goes away (a restart, a failover), "sent" is written down again and
  again until it is back, for as long as the email's lease lasts, and no other email is
  sent meanwhile: a database restart neither loses nor doubles an email.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from datetime import datetime, timedelta

from domain.clock import utcnow
from domain.metrics import DELIVERY_ATTEMPTS, DELIVERY_FAILURES
from domain.settings import Settings
from workers import claiming, marking
from workers.claiming import ClaimedEmail
from workers.composing import Sender
from workers.preparing import (
    BatchFacts,
    NotSent,
    Prepared,
    customer_facts,
    prepare,
    reply_tokens,
    stopped_kinds,
)
from workers.retry import DeliveryFailure, GiveUp, RetryPolicy
from workers.sending import Mailer
from workers.wakeup import Wakeup

logger = logging.getLogger("mopper.delivery")

_RETRIED = DELIVERY_FAILURES.labels("retry")
_DEAD = DELIVERY_FAILURES.labels("dead")
# Writing "sent" again after a database error: the first wait, and the longest.
SENT_RETRY_FIRST_SECONDS = 0.1
SENT_RETRY_MAX_SECONDS = 2.0
# Stop trying this long before the lease runs out, when another worker may take it.
SENT_RETRY_SAFETY = timedelta(seconds=1)


def worker_name() -> str:
    """Unique per worker, and readable in the outbox: host, process, a random tag."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(3)}"


class SentRecorder:
    """Writes "sent" in the background while the next email goes out, one at a time."""

    def __init__(self, worker: str) -> None:
        self.worker = worker
        self._writing: asyncio.Task[None] | None = None

    async def record(self, email: ClaimedEmail) -> None:
        await self.flush()
        self._writing = asyncio.create_task(self._write(email, at=utcnow()))

    async def _write(self, email: ClaimedEmail, *, at: datetime) -> None:
        """The server took the email: not writing it down would send it again once the
        lease runs out. So a failed write (the database restarting) is tried again until
        it works or the lease is about to run out."""
        wait = SENT_RETRY_FIRST_SECONDS
        while True:
            try:
                await marking.sent(self.worker, [email.id], at=at)
                return
            except Exception as error:
                if utcnow() + timedelta(seconds=wait) + SENT_RETRY_SAFETY >= email.lease_until:
                    raise
                logger.warning(
                    "cannot write down that email %s was sent (%s); trying again",
                    email.id,
                    type(error).__name__,
                )
                await asyncio.sleep(wait)
                wait = min(wait * 2, SENT_RETRY_MAX_SECONDS)

    async def flush(self) -> None:
        writing, self._writing = self._writing, None
        if writing is not None:
            await writing


class DeliveryWorker:
    def __init__(self, settings: Settings, *, name: str | None = None) -> None:
        self.settings = settings
        self.name = name or worker_name()
        self.policy = RetryPolicy.from_settings(settings)
        self.sender = Sender.from_settings(settings)
        self.mailer = Mailer(settings)
        self.lease = timedelta(seconds=settings.delivery_lease_seconds)
        self.reply_lifetime = timedelta(days=settings.reply_address_days)
        # An email is only started while its lease outlasts one SMTP timeout.
        self.margin = timedelta(seconds=settings.smtp_timeout_seconds)
        self.wakeup = Wakeup(poll_seconds=settings.delivery_poll_seconds)
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        self._stopping.set()
        self.wakeup.poke()

    async def run(self) -> None:
        """Deliver until `stop()`."""
        await self.wakeup.start()
        logger.info("delivery worker %s ready", self.name)
        try:
            while not self._stopping.is_set():
                self.wakeup.clear()
                try:
                    handled = await self.deliver_batch()
                except Exception:
                    # e.g. the database went away: claimed rows are safe behind their
                    # lease, so wait a poll interval and carry on.
                    logger.exception("delivery round of %s failed", self.name)
                    handled = 0
                if handled == 0 and not self._stopping.is_set():
                    await self.wakeup.wait()
        finally:
            await self.mailer.close()
            await self.wakeup.close()
            logger.info("delivery worker %s stopped", self.name)

    async def deliver_batch(self) -> int:
        """Claim one batch and deliver it; the number of emails claimed."""
        batch = await claiming.claim(
            self.name,
            limit=self.settings.delivery_batch_size,
            lease=self.lease,
            now=utcnow(),
        )
        if not batch:
            return 0
        facts = BatchFacts(
            customers=await customer_facts(batch),
            reply_tokens=await reply_tokens(batch, now=utcnow(), lifetime=self.reply_lifetime),
            stopped=await stopped_kinds(batch),
        )
        sent = SentRecorder(self.name)
        upcoming: asyncio.Task[Prepared] | None = self._prepare_soon(batch[0], facts)
        try:
            for index, email in enumerate(batch):
                current, upcoming = upcoming, None
                assert current is not None
                if self._stopping.is_set() or utcnow() + self.margin >= email.lease_until:
                    current.cancel()
                    await claiming.release(self.name, batch[index:])
                    break
                prepared = await current
                if index + 1 < len(batch):
                    # Rendered while this one is on the wire.
                    upcoming = self._prepare_soon(batch[index + 1], facts)
                failure = await self._deliver(email, prepared, sent)
                if failure is not None and failure.unreachable:
                    # The server cannot be reached: the rest would fail the same way.
                    for waiting in batch[index + 1 :]:
                        await self._failed(waiting, failure)
                    break
        finally:
            if upcoming is not None:
                upcoming.cancel()
            await sent.flush()
        return len(batch)

    def _prepare_soon(self, email: ClaimedEmail, facts: BatchFacts) -> asyncio.Task[Prepared]:
        async def prepared() -> Prepared:
            return prepare(email, facts, self.sender)

        return asyncio.create_task(prepared())

    async def _deliver(
        self, email: ClaimedEmail, prepared: Prepared, sent: SentRecorder
    ) -> DeliveryFailure | None:
        if isinstance(prepared, NotSent):
            await marking.cancelled(self.name, email.id, reason=prepared.reason)
            return None
        if isinstance(prepared, DeliveryFailure):
            await self._failed(email, prepared)
            return prepared
        DELIVERY_ATTEMPTS.inc()
        try:
            await self.mailer.send(
                prepared, sender=self.sender.envelope_from, recipient=email.address
            )
        except DeliveryFailure as failure:
            await self._failed(email, failure)
            return failure
        await sent.record(email)
        return None

    async def _failed(self, email: ClaimedEmail, failure: DeliveryFailure) -> None:
        decision = self.policy.decide(failure, attempts=email.attempts, now=utcnow())
        if isinstance(decision, GiveUp):
            logger.warning(
                "email %s (%s) is dead after %d attempts: %s",
                email.id,
                email.template.value,
                email.attempts,
                "permanent refusal" if failure.permanent else "too many failures",
            )
            _DEAD.inc()
            await marking.dead(self.name, email.id, error=decision.reason)
        else:
            _RETRIED.inc()
            logger.debug("email %s failed (attempt %d); retrying later", email.id, email.attempts)
            await marking.retry_later(self.name, email.id, at=decision.at, error=failure.reason)
