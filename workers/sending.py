"""Sending emails over one reused SMTP connection (aiosmtplib).

A failure is sorted into what the outbox needs to know (`DeliveryFailure`):
- permanent: the server refused this message for good — a 5xx reply to MAIL, RCPT or
  DATA, or an address it cannot take. Retrying will not help.
- temporary: everything else — connection refused or lost, a timeout, a 4xx reply
  (421 included), and any refusal while connecting or logging in (that is our
  configuration or the server's state, not this message's fault).
A connection lost after the message was handed over leaves the outcome unknown; it is
retried like a temporary failure, under the same Message-ID, so that a duplicate is
recognisable as the same message.
"""

from __future__ import annotations

import logging

import aiosmtplib

from domain.settings import Settings
from workers.retry import DeliveryFailure
from workers.sealing import Sealed

logger = logging.getLogger("mopper.delivery")


def _reply(code: int, message: str) -> str:
    return f"{code} {message}".strip()


def classify(error: Exception) -> DeliveryFailure:
    """What a failure during the mail transaction (MAIL, RCPT, DATA) means."""
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        # One recipient per message: its refusal is the message's.
        first = error.recipients[0]
        return DeliveryFailure(_reply(first.code, first.message), permanent=first.code >= 500)
    if isinstance(error, aiosmtplib.SMTPResponseException):
        return DeliveryFailure(_reply(error.code, error.message), permanent=error.code >= 500)
    if isinstance(error, aiosmtplib.SMTPNotSupported | ValueError):
        # e.g. a non-ASCII address and a server without SMTPUTF8, or an unusable address
        return DeliveryFailure(f"cannot be sent: {error}", permanent=True)
    return DeliveryFailure(f"connection lost: {type(error).__name__}: {error}")


async def _send(smtp: aiosmtplib.SMTP, message: Sealed, *, sender: str, recipient: str) -> None:
    # SMTPUTF8 for a non-ASCII address (refused by a server without it: permanent).
    options = ["SMTPUTF8"] if message.utf8 else []
    await smtp.sendmail(sender, [recipient], message.data, mail_options=options)


class Mailer:
    """One SMTP connection, opened when first needed and reused until it fails."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._smtp: aiosmtplib.SMTP | None = None
        self._sent_on_connection = 0

    def _client(self) -> aiosmtplib.SMTP:
        s = self.settings
        return aiosmtplib.SMTP(
            hostname=s.smtp_host,
            port=s.smtp_port,
            use_tls=s.smtp_tls,
            # False: plain SMTP (local development); aiosmtplib would otherwise upgrade
            # whenever the server offers STARTTLS.
            start_tls=s.smtp_starttls,
            username=s.smtp_username or None,
            password=s.smtp_password.get_secret_value() or None,
            timeout=s.smtp_timeout_seconds,
        )

    async def _connected(self) -> aiosmtplib.SMTP:
        if self._smtp is not None and self._smtp.is_connected:
            return self._smtp
        await self.close()
        smtp = self._client()
        try:
            await smtp.connect()
        except (aiosmtplib.SMTPException, OSError) as error:
            smtp.close()
            logger.warning(
                "cannot reach the mail server at %s:%d (%s); retrying later",
                self.settings.smtp_host,
                self.settings.smtp_port,
                type(error).__name__,
            )
            raise DeliveryFailure(
                f"cannot reach the mail server: {type(error).__name__}: {error}",
                unreachable=True,
            ) from error
        self._smtp = smtp
        self._sent_on_connection = 0
        return smtp

    async def send(self, message: Sealed, *, sender: str, recipient: str) -> None:
        """Hand `message` (its checked bytes, as they are) to the SMTP server, or raise
        `DeliveryFailure`."""
        smtp = await self._connected()
        reused = self._sent_on_connection > 0
        try:
            await _send(smtp, message, sender=sender, recipient=recipient)
        except aiosmtplib.SMTPServerDisconnected:
            if not reused:
                raise DeliveryFailure("the mail server closed the connection") from None
            # Servers close idle connections; one fresh connection decides.
            logger.info("the reused SMTP connection was closed; reconnecting")
            smtp = await self._connected()
            await self._send_on(smtp, message, sender=sender, recipient=recipient)
        except (aiosmtplib.SMTPException, OSError, ValueError) as error:
            raise classify(error) from error
        self._sent_on_connection += 1

    async def _send_on(
        self, smtp: aiosmtplib.SMTP, message: Sealed, *, sender: str, recipient: str
    ) -> None:
        try:
            await _send(smtp, message, sender=sender, recipient=recipient)
        except (aiosmtplib.SMTPException, OSError, ValueError) as error:
            raise classify(error) from error

    async def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        if smtp.is_connected:
            try:
                await smtp.quit()
            except (aiosmtplib.SMTPException, OSError):
                smtp.close()
        else:
            smtp.close()
