"""An anonymous gripe from a phone, end to end, with a real token — and, watching every
request the browser makes, no cookie on any of them while the anonymous screens are
shown, and nothing sent to the logged-in API.

Sam logs in (his phone receives its tokens, as everybody's does), opens the gripe form
and switches to "Send anonymously"; from that moment every request is recorded with
its headers as the browser sent them (`request.all_headers()`). He sends the gripe,
sees his receipt code and opens it on the receipt page. The same watch on the named
form, before, sees his cookie: the check can fail. Then a fresh load of the receipt
page, with his session cookie still in the browser, sends no `me` question and no API
request with a cookie. (Sam reads Mopper in Dutch; the steps go by ids and links.)
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.async_api import Page, Request, expect

from tests.browser.conftest import NewVisit

pytestmark = pytest.mark.browser

TOKENS = "mopper.anonymousTokens"
HAS_TOKENS = f"() => (localStorage.getItem('{TOKENS}') || '').includes('bt1.')"
COUNT_TOKENS = f"() => (localStorage.getItem('{TOKENS}') || '').split('bt1.').length - 1"


class Watch:
    """Every request the page makes from now on, with the headers it was sent with."""

    def __init__(self, page: Page) -> None:
        self.requests: list[Request] = []
        page.on("request", self.seen)

    def seen(self, request: Request) -> None:
        self.requests.append(request)

    async def sent(self) -> list[tuple[str, dict[str, str]]]:
        return [(r.url, await r.all_headers()) for r in self.requests]


def api(url: str) -> bool:
    return "/graphql" in url


async def test_an_anonymous_gripe_sends_no_cookie_from_the_anonymous_screens(
    visit: NewVisit,
) -> None:
    title = f"Overtime is never paid out [{uuid.uuid4().hex[:6]}]"
    sam = await visit(phone=True)
    page = sam.page
    await sam.login("sam@mopper.example")
    await page.wait_for_function(HAS_TOKENS)
    held = await page.evaluate(COUNT_TOKENS)
    assert held == 10

    # The control: the named form asks the logged-in API, with the session cookie.
    named = Watch(page)
    await page.locator("a[href='/gripe/new']").first.click()
    await expect(page.locator("#categoryId option")).not_to_have_count(1)
    assert any(api(url) and "cookie" in headers for url, headers in await named.sent())

    anonymous = Watch(page)
    await page.locator("#anonymous").check()
    await expect(page).to_have_url(re.compile(r"/gripe/anonymous$"))
    await page.locator("#categoryId").select_option(index=1)
    await page.locator("#title").fill(title)
    await page.locator("#body").fill("Every month the same story.")
    await page.locator("button[type=submit]").click()
    await expect(page.get_by_test_id("receipt-code")).to_be_visible()
    receipt = (await page.get_by_test_id("receipt-code").inner_text()).strip()
    assert await page.evaluate(COUNT_TOKENS) == held - 1  # one token spent
    await sam.look("20-anonymous-receipt")

    # The receipt page, reached from there: received, waiting for the filing.
    await page.locator("a[href='/receipt']").first.click()
    await expect(page.get_by_role("heading", name=title)).to_be_visible()
    await sam.look("21-anonymous-received")

    sent = await anonymous.sent()
    assert sent, "nothing was watched"
    with_cookie = [url for url, headers in sent if "cookie" in headers]
    assert with_cookie == [], f"requests with a cookie from the anonymous screens: {with_cookie}"
    to_the_session = [url for url, _ in sent if url.endswith("/graphql")]
    assert to_the_session == [], f"requests to the logged-in API: {to_the_session}"
    anonymous_api = [url for url, _ in sent if url.endswith("/graphql/anonymous")]
    assert len(anonymous_api) >= 3  # the categories, the gripe, the receipt page

    # A fresh load of the receipt page, the session cookie still in the browser: the
    # browser sends it with the page and its files (the server never reads it there);
    # the app sends no `me` question and nothing to the API with it.
    assert any(c["name"] == "mopper_session" for c in await sam.context.cookies())
    fresh = Watch(page)
    await sam.goto("/receipt")
    await page.locator("#receipt").fill(receipt)
    await page.locator("form button[type=submit]").click()
    await expect(page.get_by_role("heading", name=title)).to_be_visible()
    await page.wait_for_load_state("networkidle")
    api_requests = [(url, headers) for url, headers in await fresh.sent() if api(url)]
    assert [url for url, _ in api_requests] and all(
        url.endswith("/graphql/anonymous") for url, _ in api_requests
    ), api_requests
    assert not [url for url, headers in api_requests if "cookie" in headers]


async def test_a_device_without_tokens_is_told_to_log_in_once(visit: NewVisit) -> None:
    someone = await visit(phone=True)
    watch = Watch(someone.page)
    await someone.goto("/gripe/anonymous")
    page = someone.page
    await expect(page.get_by_text("This device has no anonymous tokens")).to_be_visible()
    await someone.look("22-anonymous-no-tokens")
    await page.locator("#categoryId").select_option(index=1)
    await page.locator("#title").fill("Nobody listens")
    await page.locator("#body").fill("Ever.")
    await page.get_by_role("button", name="Send anonymously").click()
    await expect(page.get_by_text("This device has no anonymous tokens")).to_be_visible()
    await expect(page.locator("#title")).to_have_value("Nobody listens")
    # Not logged in, nothing but the categories was asked, on the anonymous channel.
    asked = [url for url, _ in await watch.sent() if api(url)]
    assert asked and all(url.endswith("/graphql/anonymous") for url in asked)
    await page.get_by_role("link", name="Log in").click()
    await expect(page).to_have_url(re.compile(r"/login\?next=%2Fgripe%2Fanonymous"))
