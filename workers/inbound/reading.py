"""Reading a reply: who sent it, whether a machine did, and what the person wrote above
the quoted message and below nothing but their signature.

Quoted text and signatures are cut by `mail-parser-reply` (Dutch and English headers
such as "Op … schreef …:" / "On … wrote:", "-----Original Message-----", "Met
vriendelijke groet", "Sent from my iPhone"); lines still quoted with ">" go too.
Attachments are not kept: they are only counted, so that the timeline can say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import policy
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses
from html.parser import HTMLParser

from mailparser_reply import EmailReplyParser

REPLY_LANGUAGES = ["nl", "en"]
_PARSER = EmailReplyParser(languages=REPLY_LANGUAGES)
# RFC 3834 and the headers auto-responders and list servers use instead.
_BULK_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
_AUTOMATIC_HEADERS = ("X-Autoreply", "X-Autorespond", "List-Id", "List-Unsubscribe")
_MACHINE_SENDERS = {"mailer-daemon", "postmaster"}
# Control characters a message may not hold (tabs and line breaks stay).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Automatic:
    """Sent by a machine (a bounce, an out-of-office reply, a list): never answered,
    never put on a timeline."""

    reason: str


@dataclass(frozen=True, slots=True)
class Written:
    sender: str  # the From address
    text: str  # what they wrote, without quotes and signature
    attachments: int


def read(raw: bytes, *, envelope_sender: str, own_addresses: frozenset[str]) -> Written | Automatic:
    # compat32 keeps headers as text instead of building the standard policy's header
    # objects: a third of the time of reading a reply. Only the From address, a few
    # plain headers and the body are needed.
    message = BytesParser(policy=policy.compat32).parsebytes(raw)
    sender = _sender(message)
    automatic = _automatic(message, envelope_sender, sender, own_addresses)
    if automatic is not None:
        return Automatic(automatic)
    body = _body(message)
    text = "" if body is None else _text_of(body)
    return Written(sender=sender, text=reply_text(text), attachments=_attachments(message, body))


def reply_text(text: str) -> str:
    """What the person wrote: above the quoted message, without their signature."""
    replies = _PARSER.read(text.replace("\r\n", "\n")).replies
    latest = replies[0].body if replies else ""
    kept = [line for line in latest.split("\n") if not line.startswith(">")]
    return _CONTROL.sub(" ", "\n".join(kept)).strip()


def _header(message: Message, name: str, default: str = "") -> str:
    value = message.get(name)
    return default if value is None else str(value).strip()


def _sender(message: Message) -> str:
    addresses = getaddresses([_header(message, "From")])
    return addresses[0][1] if addresses and "@" in addresses[0][1] else ""


def _automatic(
    message: Message, envelope_sender: str, sender: str, own_addresses: frozenset[str]
) -> str | None:
    """Why a machine sent this, or None for a person's message."""
    if not envelope_sender.strip("<> ") or _header(message, "Return-Path") == "<>":
        return "empty return path (a bounce)"
    if _header(message, "Auto-Submitted", "no").lower() != "no":
        return "Auto-Submitted"
    if _header(message, "Precedence").lower() in _BULK_PRECEDENCE:
        return "Precedence"
    for header in _AUTOMATIC_HEADERS:
        if message.get(header) is not None:
            return header
    if message.get_content_type() == "multipart/report":
        return "a delivery report"
    local_part = sender.rpartition("@")[0].lower()
    if local_part in _MACHINE_SENDERS:
        return "a mailer daemon"
    if sender.lower() in own_addresses:
        return "from Mopper itself"
    return None


def _is_attachment(part: Message) -> bool:
    return part.get_content_disposition() == "attachment"


def _body(message: Message) -> Message | None:
    """The text the person wrote: the first plain-text part, else the first HTML one."""
    texts = [
        part
        for part in message.walk()
        if not part.is_multipart()
        and not _is_attachment(part)
        and part.get_content_type() in ("text/plain", "text/html")
    ]
    for wanted in ("text/plain", "text/html"):
        for part in texts:
            if part.get_content_type() == wanted:
                return part
    return None


def _text_of(part: Message) -> str:
    payload = part.get_payload(decode=True)
    raw = payload if isinstance(payload, bytes) else b""
    charset = part.get_content_charset() or "utf-8"
    try:
        text = raw.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        text = raw.decode("utf-8", errors="replace")
    return _HtmlText.of(text) if part.get_content_type() == "text/html" else text


def _attachments(message: Message, body: Message | None) -> int:
    """Parts that are neither the text read nor another form of it."""
    count = 0
    for part in message.walk():
        if part.is_multipart() or part is body:
            continue
        if _is_attachment(part) or part.get_content_maintype() != "text":
            count += 1
    return count


class _HtmlText(HTMLParser):
    """The text of an HTML-only reply, with its line breaks, without what it quotes.
    Small enough to write here (the standard library's parser does the work); mail
    clients that write HTML also send a text part, which is read instead."""

    _BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3"})
    _SKIPPED = frozenset({"blockquote", "style", "script", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        # Inside a quote (or a style sheet): its tag, and how deeply it is nested.
        self.skip_tag: str | None = None
        self.skip_depth = 0

    @classmethod
    def of(cls, html: str) -> str:
        reader = cls()
        reader.feed(html)
        reader.close()
        return "".join(reader.parts)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_tag is not None:
            self.skip_depth += tag == self.skip_tag
            return
        quoted = tag == "div" and any(
            name == "class" and value and "quote" in value for name, value in attrs
        )
        if tag in self._SKIPPED or quoted:
            self.skip_tag, self.skip_depth = tag, 1
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag = None
            return
        if tag in self._BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip_tag is None:
            self.parts.append(data)
