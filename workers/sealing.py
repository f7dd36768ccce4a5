"""The bytes that go on the wire, and the check that they say what the composer meant.

Defence in depth against header injection, on any Python: a value handed to the email
library may hold an RFC 2047 encoded word that decodes to CR/LF
(`=?utf-8?q?=0D=0ABcc:_x@example.org?=`), and CPython before 3.11.10 / 3.12.5 writes
that line break as it is — an extra `Bcc:` or `Reply-To:` header, or the end of the
header block. Input validation refuses such text (`domain/validation.py`); this is the
last look before anything is sent, whatever reached a payload and whatever Python runs:

1. every header the message holds must read, decoded, as one line without control
   characters (what a mail client will show);
2. the message is written out once, and its header block read back as a mail server
   reads it: the same headers, in the same order, with the same values once decoded
   (white space aside), or nothing is sent;
3. where the standard library checks too (`verify_generated_headers`), its refusal
   counts the same.

A refused email is a permanent failure: DEAD at once with the reason, never on the wire.
The reason names the header, not its value (which may be a customer's name). The bytes
checked are the bytes sent (`Mailer.send`), so nothing can change between the two.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from email.errors import MessageError
from email.generator import BytesGenerator
from email.message import EmailMessage
from email.policy import EmailPolicy
from io import BytesIO

from workers.composing import POLICY
from workers.retry import DeliveryFailure

# As SMTP wants it: CRLF line ends; with SMTPUTF8, headers in UTF-8 as they are.
WIRE = POLICY.clone(linesep="\r\n")
WIRE_UTF8 = WIRE.clone(utf8=True)
_BREAKS = frozenset({"Cc", "Zl", "Zp"})
# Line ends as aiosmtplib sends them (a lone CR or LF becomes CRLF on the wire).
_LINE_END = re.compile(r"\r\n|\n|\r(?!\n)")
_BLANK_LINE = re.compile(rb"(?:\r\n|\n|\r(?!\n)){2}")
# RFC 5322: printable ASCII but the colon.
_FIELD_NAME = re.compile(r"[!-9;-~]+")


@dataclass(frozen=True, slots=True)
class Sealed:
    """An email ready for the wire: its bytes, and whether it needs SMTPUTF8."""

    data: bytes
    utf8: bool


def _refused(why: str) -> DeliveryFailure:
    return DeliveryFailure(f"not sent: {why}", permanent=True)


def _one_line(value: str) -> bool:
    return not any(unicodedata.category(ch) in _BREAKS for ch in value)


def _bare(value: object) -> str:
    """A value without white space: folding adds it, and the standard library's address
    parser reads a space between two adjacent encoded words. What an injection changes
    is never only white space (a header more or less, an address)."""
    return "".join(str(value).split())


def _written(message: EmailMessage, policy: EmailPolicy[EmailMessage]) -> bytes:
    out = BytesIO()
    try:
        BytesGenerator(out, policy=policy).flatten(message)
    except MessageError as error:  # e.g. HeaderWriteError, where the stdlib checks
        raise _refused(f"the email library would not write a header ({error})") from error
    return out.getvalue()


def _header_lines(data: bytes) -> list[tuple[str, str]]:
    """The header block as a mail server reads it: lines end at CRLF, CR or LF (SMTP
    clients send a lone one as CRLF), the block at the first empty line, and a line that
    starts with white space continues the one before."""
    end = _BLANK_LINE.search(data)
    if end is None:
        raise _refused("no end to the written header block")
    try:
        text = data[: end.start()].decode("utf-8")
    except UnicodeDecodeError as error:
        raise _refused("the written header block is not text") from error
    fields: list[tuple[str, str]] = []
    for line in _LINE_END.split(text):
        if line[:1] in (" ", "\t") and fields:
            name, value = fields[-1]
            fields[-1] = (name, value + line)
            continue
        name, colon, value = line.partition(":")
        if not colon or not _FIELD_NAME.fullmatch(name):
            raise _refused("a line of the written header block is not a header")
        fields.append((name, value))
    return fields


def _reads_as_meant(name: str, written: str, meant: object) -> bool:
    """Whether the written value says what the composer meant, decoded as a mail client
    decodes it. Without an encoded word the text is what a client shows, so it is
    compared as it is; with one, it is decoded by the same header classes first."""
    if "=?" not in written:
        return _bare(written) == _bare(meant)
    try:
        decoded = POLICY.header_factory(name, written.strip())
    except (MessageError, ValueError) as error:
        # e.g. an address that reads back with a line break in it
        raise _refused(f"the {name} header does not read back") from error
    return _bare(decoded) == _bare(meant)


def seal(message: EmailMessage, *, utf8: bool) -> Sealed:
    """The message as bytes for the wire, or DeliveryFailure (permanent) when its header
    block would not say exactly what the composer put in it."""
    for name, value in message.items():
        if not _one_line(str(value)):
            raise _refused(f"the {name} header would hold a line break or control character")
    data = _written(message, WIRE_UTF8 if utf8 else WIRE)
    # After writing: writing gives a multipart message its boundary.
    meant = message.items()
    written = _header_lines(data)
    if [name.lower() for name, _ in written] != [name.lower() for name, _ in meant]:
        names = {name.lower() for name, _ in written} ^ {name.lower() for name, _ in meant}
        raise _refused(
            f"the written header block differs from the composed one in {sorted(names)}"
            if names
            else "the written header block has its headers in another order"
        )
    for (name, value), (_, meant_value) in zip(written, meant, strict=True):
        if not _reads_as_meant(name, value, meant_value):
            raise _refused(f"the written {name} header differs from the composed one")
    return Sealed(data=data, utf8=utf8)


def needs_utf8(*addresses: str) -> bool:
    """SMTPUTF8 is needed when an address is not ASCII."""
    return not all(address.isascii() for address in addresses)
