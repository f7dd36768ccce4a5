"""`/dev/mail`: the mail catcher's messages in the browser (development only).

The list shows date, recipient and subject, newest first; a message's page shows its
headers, its text part, and its HTML part in a sandboxed frame (no scripts, no forms,
an origin of its own) so that an email's HTML can never act on the app's pages.
"""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from jinja2 import Environment
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from devtools.mail_catcher import MailFolder

_NAME = re.compile(r"^\d{20}-\d{6}\.eml$")
_LINK = re.compile(r"https?://[^\s<>\"]+")
_SHOWN_HEADERS = (
    "Date",
    "From",
    "To",
    "Reply-To",
    "Subject",
    "Message-ID",
    "In-Reply-To",
    "Content-Language",
    "List-Unsubscribe",
)

_pages = Environment(autoescape=True)
_LIST = _pages.from_string("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Mail catcher</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2933}
table{border-collapse:collapse;width:100%}td,th{padding:.4rem .6rem;border-bottom:1px solid #ddd;
text-align:left}</style></head><body><main>
<h1>Mail catcher</h1><p>{{ count }} messages in <code>{{ folder }}</code>, newest first.</p>
<table><thead><tr><th>Date</th><th>To</th><th>Subject</th></tr></thead><tbody>
{% for m in messages %}<tr><td>{{ m.date }}</td><td>{{ m.to }}</td>
<td><a href="/dev/mail/{{ m.name }}">{{ m.subject or "(no subject)" }}</a></td></tr>
{% else %}<tr><td colspan="3">No mail yet.</td></tr>{% endfor %}
</tbody></table></main></body></html>""")
_MESSAGE = _pages.from_string("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ subject }}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2933}
pre{white-space:pre-wrap;background:#f5f7fa;padding:1rem}th{text-align:left;padding-right:1rem}
iframe{width:100%;height:40rem;border:1px solid #ccc}</style></head><body><main>
<p><a href="/dev/mail">All messages</a> · <a href="/dev/mail/{{ name }}/raw">raw</a></p>
<h1>{{ subject }}</h1>
<table>{% for key, value in headers %}<tr><th>{{ key }}</th><td>{{ value }}</td></tr>{% endfor %}
</table>
{% if links %}<h2>Links</h2><ul>{% for link in links %}
<li><a href="{{ link }}" rel="noreferrer">{{ link }}</a></li>{% endfor %}</ul>{% endif %}
<h2>Text part</h2><pre>{{ text }}</pre>
<h2>HTML part</h2><iframe sandbox title="HTML part" srcdoc="{{ html }}"></iframe>
</main></body></html>""")


def _parse(path: Path) -> EmailMessage:
    with path.open("rb") as file:
        message = BytesParser(policy=policy.default).parse(file)
    assert isinstance(message, EmailMessage)
    return message


def _part(message: EmailMessage, subtype: str) -> str:
    body = message.get_body(preferencelist=(subtype,))
    return str(body.get_content()) if body is not None else ""


def mail_routes(folder: Path) -> list[BaseRoute]:
    mail = MailFolder(folder)

    def found(request: Request) -> Path | None:
        name = str(request.path_params["name"])
        path = folder / name
        return path if _NAME.match(name) and path.is_file() else None

    async def index(request: Request) -> Response:
        listed = []
        for path in mail.newest_first()[:200]:
            message = _parse(path)
            listed.append(
                {
                    "name": path.name,
                    "date": message["Date"],
                    "to": message["To"],
                    "subject": message["Subject"],
                }
            )
        return HTMLResponse(_LIST.render(messages=listed, count=len(listed), folder=folder))

    async def show(request: Request) -> Response:
        path = found(request)
        if path is None:
            return PlainTextResponse("No such message.", status_code=404)
        message = _parse(path)
        text = _part(message, "plain")
        return HTMLResponse(
            _MESSAGE.render(
                name=path.name,
                subject=message["Subject"] or "(no subject)",
                headers=[(key, message[key]) for key in _SHOWN_HEADERS if message[key]],
                links=list(dict.fromkeys(_LINK.findall(text))),
                text=text,
                html=_part(message, "html"),
            )
        )

    async def raw(request: Request) -> Response:
        path = found(request)
        if path is None:
            return PlainTextResponse("No such message.", status_code=404)
        return PlainTextResponse(path.read_text(errors="replace"))

    return [
        Route("/dev/mail", index, methods=["GET"]),
        Route("/dev/mail/{name}", show, methods=["GET"]),
        Route("/dev/mail/{name}/raw", raw, methods=["GET"]),
    ]
