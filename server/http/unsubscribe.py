"""One-click unsubscribe (RFC 8058): the target of the `List-Unsubscribe` header on every
email — for a customer, all emails about their problem (`/unsubscribe/<token>`); for a
signed-in person, one kind of email (`/unsubscribe/email/<token>`,
`domain/notifications/unsubscribe.py`), which their settings page turns on again.

Mail clients POST `List-Unsubscribe=One-Click` to it, form-encoded, without cookies and
from no origin of ours. It needs neither: the unguessable token in the path is the whole
authorisation, and all it can do is stop that customer's emails. (The cross-site guard
protects `/graphql`, where a session cookie could be abused; this route has none.)
A GET only redirects to the status page, where a person can stop emails with a button:
link scanners and previews follow links and must not unsubscribe anyone.
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from domain.errors import NotFound
from domain.items import access, customers
from domain.notifications import preferences
from domain.notifications.unsubscribe import read_person_token

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
STOPPED = (
    "You will get no more emails about this problem.\n"
    "U krijgt geen e-mails meer over dit probleem.\n"
)


async def unsubscribe(request: Request) -> Response:
    token = str(request.path_params["token"])
    if not _TOKEN.match(token):
        return PlainTextResponse("This link is not valid.", status_code=404)
    if request.method != "POST":
        return RedirectResponse(f"/status#{token}", status_code=303)
    try:
        contact = await access.contact_for_token(token)
    except NotFound as error:
        return PlainTextResponse(error.message, status_code=404)
    await customers.stop_emails(contact)
    # Mail clients show nothing of this; a person who posts the form sees both languages.
    return PlainTextResponse(STOPPED)


KIND_STOPPED = (
    "You will get no more emails of this kind. You can change this in Mopper's settings.\n"
    "U krijgt geen e-mails van deze soort meer. U kunt dit wijzigen in de instellingen "
    "van Mopper.\n"
)


async def unsubscribe_person(request: Request) -> Response:
    """A signed-in person's one click: no more of one kind of email. A forged or altered
    token changes nothing (404); a GET (a link scanner, a person clicking) only leads
    to the settings page."""
    token = str(request.path_params["token"])
    try:
        user_id, kind = read_person_token(token)
    except NotFound as error:
        return PlainTextResponse(error.message, status_code=404)
    if request.method != "POST":
        return RedirectResponse("/settings", status_code=303)
    try:
        await preferences.stop(user_id, kind)
    except NotFound as error:
        return PlainTextResponse(error.message, status_code=404)
    return PlainTextResponse(KIND_STOPPED)
