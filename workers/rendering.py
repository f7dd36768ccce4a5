"""Emails from Jinja2 templates: a plain-text and an HTML part per notification template,
in the recipient's language.

`templates/<template>.txt` and `templates/<template>.html` exist for every value of
`domain.notifications.enums.Template`; HTML templates are autoescaped, and what people
typed (titles, names, messages) is isolated with `<bdi>` there so that right-to-left
text cannot reorder the sentence around it.

Translations are gettext catalogues, `locale/<language>/LC_MESSAGES/messages.po`, with
English as the source language. A worker compiles a catalogue in memory with Babel the
first time it needs that language, instead of shipping compiled `.mo` files: nothing to
forget to rebuild or to commit, for a few milliseconds once per process.
`make translations` extracts new messages from the templates into the catalogues.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from domain.notifications.enums import Template
from domain.org.enums import Locale

TEMPLATES = Path(__file__).with_name("templates")
LOCALES = Path(__file__).with_name("locale")
# Babel's pattern language: "Monday 7 December 2026, 14:30" / "maandag 7 december 2026, 14:30".
MOMENT_PATTERN = "EEEE d MMMM y, HH:mm"


@dataclass(frozen=True, slots=True)
class RenderedEmail:
    text: str
    html: str


@cache
def translations(locale: Locale) -> gettext.NullTranslations:
    if locale is Locale.EN:
        return gettext.NullTranslations()  # the templates are written in English
    path = LOCALES / locale.value / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale=locale.value)
    compiled = BytesIO()
    write_mo(compiled, catalog)  # fuzzy (unchecked) translations are left out
    compiled.seek(0)
    return Translations(compiled)


def _isolate(value: object) -> Markup:
    """Keep right-to-left (or any) typed text from reordering the sentence around it."""
    return Markup("<bdi>{}</bdi>").format(value)


@cache
def environment(locale: Locale, timezone: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates change with a deploy, not while a worker runs
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
    zone = ZoneInfo(timezone)

    def when(moment: str | datetime) -> str:
        at = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
        return format_datetime(at, MOMENT_PATTERN, tzinfo=zone, locale=locale.value)

    env.filters["when"] = when
    env.filters["isolate"] = _isolate
    return env


def render_subject(name: str, context: Mapping[str, object], *, locale: Locale) -> str:
    """A subject written by a template of its own (the digest's: it counts its updates)."""
    return environment(locale, "UTC").get_template(name).render(context)


def render(
    template: Template, context: Mapping[str, object], *, locale: Locale, timezone: str
) -> RenderedEmail:
    env = environment(locale, timezone)
    values = {**context, "locale": locale.value}
    return RenderedEmail(
        text=env.get_template(f"{template.value}.txt").render(values),
        html=env.get_template(f"{template.value}.html").render(values),
    )
