"""Nothing jumps while the app finds out who is there (issue 14: Lighthouse measured a
cumulative layout shift of 0.09 on the employee home and forms on a phone, because the
navigation row appeared only once the session was known). The `me` answer is held back
until the page has painted without it, then let go; Chromium's own layout-shift entries
must add up to less than 0.01, and the main content must stay where it was painted."""

from __future__ import annotations

import asyncio

import pytest
from playwright.async_api import Route, expect

from tests.browser.conftest import NewVisit

pytestmark = pytest.mark.browser

# Every layout shift Chromium reports from the start of the page, summed as CLS does
# (shifts right after the person's own input do not count).
WATCH_SHIFTS = """
(() => {
  window.layoutShift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) window.layoutShift += entry.value;
    }
  }).observe({ type: 'layout-shift', buffered: true });
})();
"""
MAIN_TOP = "document.querySelector('main').getBoundingClientRect().top"
# Two frames later, whatever the last render changed has been laid out and reported.
TWO_FRAMES = "new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


@pytest.mark.parametrize(("path", "heading"), [("/", "Alice"), ("/gripe/new", None)])
async def test_the_page_does_not_shift_when_the_session_becomes_known(
    visit: NewVisit, path: str, heading: str | None
) -> None:
    alice = await visit(phone=True)
    await alice.login("alice@mopper.example")
    page = alice.page
    await page.context.add_init_script(WATCH_SHIFTS)

    held: asyncio.Future[Route] = asyncio.get_running_loop().create_future()

    async def hold_me(route: Route) -> None:
        if "query Me" in (route.request.post_data or "") and not held.done():
            held.set_result(route)
            return
        await route.continue_()

    await page.route("**/graphql", hold_me)
    await page.goto(path)
    me = await asyncio.wait_for(held, timeout=15)
    # Painted while nobody is known yet.
    await expect(page.locator("main .loading")).to_be_visible()
    await page.evaluate(TWO_FRAMES)
    top_before = await page.evaluate(MAIN_TOP)

    await me.continue_()
    await expect(page.get_by_role("navigation")).to_be_visible()
    await expect(page.locator("main h1")).to_be_visible()
    if heading:
        await expect(page.locator("main h1")).to_contain_text(heading)
    await page.evaluate(TWO_FRAMES)

    shift = await page.evaluate("window.layoutShift")
    assert await page.evaluate(MAIN_TOP) == top_before, f"main moved (shift {shift:.3f})"
    assert shift < 0.01, f"cumulative layout shift {shift:.3f} on {path}"
    await alice.look(f"layout-stable{path.replace('/', '-')}", full_page=False)
