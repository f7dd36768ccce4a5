"""Input rules shared by every form: lengths, single-line text, email addresses.

Collect problems per field and raise one `ValidationFailed`, so that a person sees
everything to fix at once and a failed request changes nothing.

Single-line fields (titles, names) end up in email headers and subjects, so what they
may hold is decided per kind of character:
- line breaks and control characters: refused (they would end a header);
- RFC 2047 encoded words (`=?utf-8?q?…?=`) are decoded first, the way the email library
  will decode them when it writes the header, and refused when what they hide would be
  refused or stripped here — `=?utf-8?q?=0D=0ABcc:_x@example.org?=` is a line break and
  a Bcc header in disguise. Harmless ones (`=?utf-8?q?caf=C3=A9?=`) pass: they read as
  what they decode to;
- bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069): refused. They
  reorder the text after them, beyond the field (a subject's reference, the next words),
  so a title or a name can read as something else; nobody types them, and a clear message
  lets the person type the text again;
- invisible characters without meaning in a line: stripped — left-to-right and
  right-to-left marks (U+200E/F), the zero-width space (U+200B), the word joiner (U+2060)
  and the byte order mark (U+FEFF). They arrive unseen with pasted text, so refusing
  them would leave a person unable to find what to fix; removing them changes no letter;
- zero-width non-joiner and joiner (U+200C/D): kept between two visible characters, where
  they are spelling (Persian, the Indic scripts) or build one emoji (👩‍💻), stripped
  anywhere else, where they can only hide something.
"""

from __future__ import annotations

import re
import unicodedata
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.headerregistry import HeaderRegistry

from email_validator import EmailNotValidError, validate_email

from domain.errors import ValidationFailed

# C0/C1 controls, DEL, and the Unicode line/paragraph separators: never in a one-line field,
# since single-line values end up in email headers and subjects.
_SINGLE_LINE_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# In multi-line text, tabs and newlines are fine; other controls are not.
_MULTI_LINE_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# Text-direction embeddings, overrides and isolates: refused in a single line.
_DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Invisible and meaningless in a line: stripped.
_INVISIBLE = re.compile("[\u200b\u200e\u200f\u2060\ufeff]")
# Joiners: kept only between two visible characters.
_LOOSE_JOINER = re.compile(
    "(?<![^\\s\u200c\u200d])[\u200c\u200d]|[\u200c\u200d](?![^\\s\u200c\u200d])"
)
_HEADERS = HeaderRegistry()

SINGLE_LINE = "Must be a single line without control characters."
DIRECTION = "Must not contain invisible characters that change the direction of the text."

TITLE_MAX = 140
BODY_MAX = 5000
MESSAGE_MAX = 5000
NAME_MAX = 100
EMAIL_MAX = 254
PASSWORD_MAX = 256


class Checker:
    """Collects field errors; `done()` raises them together."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def single_line(self, field: str, value: str, *, max_length: int, required: bool = True) -> str:
        value = strip_invisible(unicodedata.normalize("NFC", value)).strip()
        problem = single_line_problem(value)
        if problem:
            self.errors[field] = problem
        elif required and not value:
            self.errors[field] = "Required."
        elif len(value) > max_length:
            self.errors[field] = f"At most {max_length} characters."
        return value

    def text(self, field: str, value: str, *, max_length: int, required: bool = True) -> str:
        value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
        value = value.strip()
        if _MULTI_LINE_FORBIDDEN.search(value):
            self.errors[field] = "Contains control characters."
        elif required and not value:
            self.errors[field] = "Required."
        elif len(value) > max_length:
            self.errors[field] = f"At most {max_length} characters."
        return value

    def email(self, field: str, value: str) -> str:
        value = value.strip()
        if not value:
            self.errors[field] = "Required."
            return value
        if len(value) > EMAIL_MAX or _SINGLE_LINE_FORBIDDEN.search(value):
            self.errors[field] = "Not a valid email address."
            return value
        try:
            checked = validate_email(value, check_deliverability=False)
        except EmailNotValidError:
            self.errors[field] = "Not a valid email address."
            return value
        return str(checked.normalized)

    def require(self, field: str, ok: bool, message: str) -> None:
        if not ok and field not in self.errors:
            self.errors[field] = message

    def done(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)


def strip_invisible(value: str) -> str:
    """Without the invisible characters that mean nothing in a line (see the module)."""
    return _LOOSE_JOINER.sub("", _INVISIBLE.sub("", value))


def _decodings(value: str) -> list[str] | None:
    """What the encoded words in `value` decode to, read both ways the standard library
    reads them (the header registry is what the email composer uses); None when they do
    not decode at all."""
    try:
        legacy = str(make_header(decode_header(value)))
        registry = str(_HEADERS("subject", value))
    except (HeaderParseError, LookupError, UnicodeError, ValueError):
        return None
    return [legacy, registry]


def single_line_problem(value: str) -> str | None:
    """Why `value` cannot be a single-line field, or None."""
    if _SINGLE_LINE_FORBIDDEN.search(value):
        return SINGLE_LINE
    if _DIRECTION_CONTROLS.search(value):
        return DIRECTION
    if "=?" not in value:
        return None
    decodings = _decodings(value)
    if decodings is None:
        return SINGLE_LINE
    for decoded in decodings:
        if _SINGLE_LINE_FORBIDDEN.search(decoded) or strip_invisible(decoded) != decoded:
            return SINGLE_LINE
        if _DIRECTION_CONTROLS.search(decoded):
            return DIRECTION
    return None


def normalise_email(value: str) -> str:
    """The form an email takes as a login name: trimmed and lower-cased."""
    return value.strip().lower()
