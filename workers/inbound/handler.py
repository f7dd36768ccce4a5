"""The SMTP conversation of the inbound service (aiosmtpd's handler hooks).

- RCPT: one of Mopper's reply addresses, known and not expired, one per message;
  anything else is refused (550) before the message is sent.
- DATA: a message a machine sent (a bounce, an out-of-office reply, a list) is accepted
  and dropped, so that nobody's server answers it again and no loop can start; a
  person's reply goes to the domain, which takes it or says why not (refused: 550).
- Too large: refused (552) by aiosmtpd before it is read (`server.py` logs it).

Every outcome is one log line with its reason, never with an address, a token or what
the message says.
"""

from __future__ import annotations

import logging
from typing import Any

from domain.clock import utcnow
from domain.replies.addresses import token_in
from domain.replies.receiving import EmailReply, Refusal, Taken, check_address, take
from domain.validation import MESSAGE_MAX
from workers.inbound.reading import Automatic, read

logger = logging.getLogger("mopper.inbound")

NOT_OURS = "550 5.1.1 No such mailbox: this server takes replies to Mopper's emails only"
ONE_PER_MESSAGE = "452 4.5.3 One reply address per message"
UNREADABLE = "550 5.6.0 This message cannot be read"
TRY_LATER = "451 4.3.0 Mopper cannot take replies right now; please try again later"
DROPPED = "250 2.6.0 Automatic message dropped"
TAKEN = "250 2.6.0 Thank you: your reply is on its way to the team"

REFUSED = {
    Refusal.UNKNOWN_ADDRESS: "550 5.1.1 This reply address is unknown",
    Refusal.EXPIRED: "550 5.1.1 This reply address has expired; "
    "please answer in Mopper or on your status page",
    Refusal.OTHER_SENDER: "550 5.7.1 This reply address was not given to this sender",
    Refusal.NOT_INVOLVED: "550 5.7.1 This reply address is no longer in use",
    Refusal.CLOSED: "550 5.7.1 This item is closed; it can no longer be answered",
    Refusal.EMPTY: "550 5.6.0 No reply was found above the quoted message",
    Refusal.TOO_LONG: f"552 5.3.4 A reply may be at most {MESSAGE_MAX} characters long",
}


class InboundHandler:
    def __init__(self, *, own_addresses: frozenset[str]) -> None:
        # The addresses Mopper sends from: mail from them is never a person's reply.
        self.own_addresses = frozenset(a.lower() for a in own_addresses)

    async def handle_MAIL(  # noqa: N802 - aiosmtpd's hook names
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if envelope.rcpt_tos:
            return ONE_PER_MESSAGE
        token = token_in(address)
        if token is None:
            logger.info("refused a message: not a reply address")
            return NOT_OURS
        try:
            checked = await check_address(token, now=utcnow())
        except Exception:
            logger.exception("cannot look up a reply address")
            return TRY_LATER
        if isinstance(checked, Refusal):
            logger.info("refused a reply: %s", checked.value)
            return REFUSED[checked]
        envelope.rcpt_tos.append(address)
        envelope.reply_address = checked  # for DATA, which takes the reply
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        token = token_in(envelope.rcpt_tos[0])
        assert token is not None, "RCPT took only reply addresses"
        raw = bytes(envelope.original_content or envelope.content)
        try:
            read_reply = read(
                raw, envelope_sender=envelope.mail_from or "", own_addresses=self.own_addresses
            )
        except Exception:
            logger.exception("refused a message that cannot be read")
            return UNREADABLE
        if isinstance(read_reply, Automatic):
            logger.info("dropped an automatic message: %s", read_reply.reason)
            return DROPPED
        reply = EmailReply(
            token=token,
            sender=read_reply.sender,
            text=read_reply.text,
            attachments_left_out=read_reply.attachments,
        )
        try:
            outcome = await take(reply, now=utcnow(), checked=envelope.reply_address)
        except Exception:
            logger.exception("cannot take a reply")
            return TRY_LATER
        if isinstance(outcome, Taken):
            logger.info(
                "took a reply on item %d (event %d, %s)",
                outcome.item_id,
                outcome.event_id,
                outcome.visibility.value,
            )
            return TAKEN
        logger.info("refused a reply: %s", outcome.value)
        return REFUSED[outcome]
