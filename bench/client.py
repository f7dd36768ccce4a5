"""A small HTTP/1.1 keep-alive load client, for machines without `wrk`, and for the
board and submission benchmarks (which need a session cookie and each request's time).

`python -m bench.client URL BODY CONNECTIONS SECONDS [COOKIE]` POSTs BODY as JSON over
CONNECTIONS kept-alive connections for SECONDS and prints
`{"requests": n, "seconds": s, "failures": f, "latencies_ms": [...]}`. It runs in its
own process so that it does not share the server's core.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from urllib.parse import urlsplit


async def _connection(
    host: str,
    port: int,
    request: bytes,
    deadline: float,
    counts: list[int],
    latencies: list[float],
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.monotonic() < deadline:
            sent = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            latencies.append((time.perf_counter() - sent) * 1000)
            counts[0 if 200 <= status < 300 else 1] += 1
    finally:
        writer.close()


async def drive(
    url: str, body: str, connections: int, seconds: float, cookie: str = ""
) -> dict[str, object]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    payload = body.encode()
    request = (
        f"POST {parts.path or '/'} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        f"Content-Type: application/json\r\nAccept: application/json\r\n"
        + (f"Cookie: {cookie}\r\n" if cookie else "")
        + f"Content-Length: {len(payload)}\r\n\r\n"
    ).encode() + payload
    counts = [0, 0]
    latencies: list[float] = []
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(
        *(_connection(host, port, request, deadline, counts, latencies) for _ in range(connections))
    )
    elapsed = time.monotonic() - started
    return {
        "requests": counts[0],
        "seconds": elapsed,
        "failures": counts[1],
        "latencies_ms": latencies,
    }


def main() -> None:
    url, body, connections, seconds = sys.argv[1:5]
    cookie = sys.argv[5] if len(sys.argv) > 5 else ""
    import uvloop  # comes with uvicorn[standard]

    print(json.dumps(uvloop.run(drive(url, body, int(connections), float(seconds), cookie))))


if __name__ == "__main__":
    main()
