"""Waiting for something that happens in the background (a worker, a server), with a
generous limit so that a broken test fails instead of hanging. Nothing is asserted
about how long it took: speed is measured in bench/."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

Check = Callable[[], bool | Awaitable[bool]]


async def eventually(check: Check, *, within: float = 30.0, every: float = 0.02) -> None:
    deadline = time.monotonic() + within
    while True:
        result = check()
        if not isinstance(result, bool):
            result = await result
        if result:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {within} s: {check}")
        await asyncio.sleep(every)
