"""A person chooses the language Mopper (and its emails) speaks to them in."""

from __future__ import annotations

from starlette.applications import Starlette

from domain.org.enums import Locale
from domain.org.models import User
from tests.support.api import client
from tests.support.org import Org

SET_LOCALE = "mutation($l: Locale!) { setMyLocale(locale: $l) { displayName locale } }"


async def test_the_chosen_language_is_kept_for_the_next_visit(org: Org, app: Starlette) -> None:
    async with client(app, org.alice) as alice:
        changed = await alice.ok(SET_LOCALE, {"l": "NL"})
        again = await alice.ok("{ me { locale } }")

    assert changed["setMyLocale"] == {"displayName": "Alice Jansen", "locale": "NL"}
    assert again["me"]["locale"] == "NL"
    assert (await User.get(id=org.alice.id)).locale is Locale.NL
    assert (await User.get(id=org.bob.id)).locale is Locale.NL, "Bob's own choice is untouched"


async def test_only_a_logged_in_person_has_a_language_to_set(org: Org, app: Starlette) -> None:
    async with client(app) as nobody:
        assert await nobody.error_code(SET_LOCALE, {"l": "NL"}) == "UNAUTHENTICATED"
