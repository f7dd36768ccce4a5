"""The board and submissions at scale, on one database (`python -m bench.board sqlite`,
run by `python -m bench` for each database in a process of its own).

The database grows to each size in turn (bench/generate.py, bulk inserts); at each size
the real app is served by uvicorn (one process, production settings) and driven from
another process (bench/client.py) on 127.0.0.1: 8 clients asking for the first board
page of 50 cards (default sort, the board user manages every team, so every item is on
their board) for a few seconds; p50/p95 of their answer times. At the largest size it
also measures submitGrievance per second (16 clients, one API process), counted as the
items that really arrived in the database.

Prints one line `RESULT {json}` for `python -m bench`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.sql import BOARD

POSTGRES_SERVER = os.environ.get("MOPPER_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
SUBMIT_TITLE = "Submitted by the benchmark"
SUBMIT = (
    "mutation Submit($c: ID!) { submitGrievance(input: {categoryId: $c, "
    f'title: "{SUBMIT_TITLE}", body: "The coffee machine is broken again."}}) '
    "{ item { id reference } } }"
)


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def drive(url: str, body: str, *, connections: int, seconds: float, cookie: str) -> Any:
    done = subprocess.run(
        [
            sys.executable, "-m", "bench.client", url, body, str(connections), str(seconds),
            cookie,
        ],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def check_answer(url: str, body: str, cookie: str) -> dict[str, Any]:
    request = urllib.request.Request(
        url,
        data=body.encode(),
        headers={"Content-Type": "application/json", "Cookie": cookie},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        answer: dict[str, Any] = json.loads(response.read())
    if "errors" in answer:
        raise RuntimeError(f"the benchmark's request failed: {answer['errors']}")
    return answer


async def _prepare(size: int, first: bool) -> dict[str, Any]:
    from bench import generate
    from domain.auth.sessions import open_session
    from domain.db import start_database, stop_database
    from domain.org.models import Category, User
    from domain.settings import get_settings

    settings = get_settings()
    await start_database(
        settings.database_url, create_db=first and "postgres" in settings.database_url
    )
    try:
        if first:
            org = await generate.create_org()
        else:
            org = await _load_org()
        started = time.perf_counter()
        await generate.grow_to(org, size)
        took = time.perf_counter() - started
        if "postgres" in settings.database_url:
            # What autovacuum does to a table a while after a bulk load: statistics for
            # the planner and a visibility map for index-only counts. Measured without
            # it, the board would show the minutes after a bulk load, not a board in use.
            from tortoise import connections

            await connections.get("default").execute_script("VACUUM ANALYZE")
        board = await User.get(email=generate.BOARD_USER)
        employee = await User.get(email=generate.SUBMITTER)
        category = await Category.all().order_by("id").first()
        assert category is not None
        cookie = settings.session_cookie
        return {
            "generated_seconds": took,
            "board_cookie": f"{cookie}={await open_session(board.id, ttl_hours=2)}",
            "employee_cookie": f"{cookie}={await open_session(employee.id, ttl_hours=2)}",
            "category_id": category.id,
        }
    finally:
        await stop_database()


async def _load_org() -> Any:
    from bench import generate
    from domain.org.models import Category, Membership, User

    categories = list(await Category.all().order_by("id"))
    managers: dict[int, list[int]] = {}
    board = await User.get(email=generate.BOARD_USER)
    for membership in await Membership.exclude(user_id=board.id):
        managers.setdefault(membership.team_id, []).append(membership.user_id)
    employees = [
        u.id for u in await User.filter(email__startswith="employee").only("id").order_by("id")
    ]
    return generate.BenchOrg(
        board, await User.get(email=generate.SUBMITTER), categories, managers, employees
    )


async def _count_submitted(title: str) -> int:
    from domain.db import start_database, stop_database
    from domain.items.models import Item
    from domain.settings import get_settings

    await start_database(get_settings().database_url)
    try:
        return await Item.filter(title=title).count()
    finally:
        await stop_database()


def side_by_side(
    url: str, reference_url: str, body: str, *, connections: int, seconds: float, rounds: int,
    cookie: str, cpu: Callable[[], float],
) -> dict[str, Any]:  # fmt: skip
    """The API and its reference (`bench/reference.py`, same server, same SQL, no GraphQL)
    in alternating rounds, so that both see the same machine: the API's share of the
    reference's rate is the median of the rounds' ratios (the machine is shared; a
    round's two halves are seconds apart). Also per CPU-second of the server process
    (`cpu`), which other processes on the machine move far less."""
    api: list[dict[str, Any]] = []
    reference: list[dict[str, Any]] = []
    for round_number in range(rounds):
        order = [(api, url), (reference, reference_url)]
        for runs, target in order if round_number % 2 == 0 else order[::-1]:
            cpu_before = cpu()
            run = drive(target, body, connections=connections, seconds=seconds, cookie=cookie)
            run["cpu_seconds"] = cpu() - cpu_before
            if run["failures"]:
                raise RuntimeError(f"{run['failures']} requests to {target} failed")
            runs.append(run)
    shares = [
        (a["requests"] / a["seconds"]) / (r["requests"] / r["seconds"])
        for a, r in zip(api, reference, strict=True)
    ]
    cpu_shares = [
        (a["requests"] / a["cpu_seconds"]) / (r["requests"] / r["cpu_seconds"])
        for a, r in zip(api, reference, strict=True)
    ]
    latencies = [ms for run in api for ms in run["latencies_ms"]]
    reference_latencies = [ms for run in reference for ms in run["latencies_ms"]]
    return {
        "requests_per_s": statistics.median(a["requests"] / a["seconds"] for a in api),
        "reference_per_s": statistics.median(r["requests"] / r["seconds"] for r in reference),
        "share": statistics.median(shares),
        "shares": shares,
        "cpu_share": statistics.median(cpu_shares),
        "api_cpu_ms": 1000 * statistics.median(a["cpu_seconds"] / a["requests"] for a in api),
        "reference_cpu_ms": 1000
        * statistics.median(r["cpu_seconds"] / r["requests"] for r in reference),
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "reference_p50_ms": percentile(reference_latencies, 50),
        "reference_p95_ms": percentile(reference_latencies, 95),
        "n": len(latencies),
        "api_seconds": sum(a["seconds"] for a in api),
        "reference_seconds": sum(r["seconds"] for r in reference),
    }


def measure(dialect: str, sizes: list[int], seconds: float, rounds: int) -> dict[str, Any]:
    from bench.reference import BOARD_PATH, SUBMIT_PATH
    from bench.server import serving

    folder = Path(tempfile.mkdtemp(prefix="mopper-bench-board-"))
    if dialect == "postgres":
        url = f"{POSTGRES_SERVER}/mopper_bench_{uuid.uuid4().hex[:8]}"
    else:
        url = f"sqlite://{folder}/bench.sqlite3"
    env = {
        "MOPPER_ENVIRONMENT": "production",
        # Production wants it said; the bench's clients send no Origin, so any will do.
        "MOPPER_PUBLIC_BASE_URL": "http://127.0.0.1:8000",
        "MOPPER_SECRET_KEY": secrets.token_urlsafe(32),
        "MOPPER_DATABASE_URL": url,
        "MOPPER_EMBEDDED_WORKER": "false",
        "MOPPER_MAIL_CATCHER": "false",
        "MOPPER_EMBEDDED_INBOUND": "false",
        "MOPPER_LOG_LEVEL": "INFO",
        # the cheapest argon2 the app accepts: the benchmark's people are made in bulk
        "MOPPER_ARGON2_TIME_COST": "2",
        "MOPPER_ARGON2_MEMORY_KIB": str(19 * 1024),
        "MOPPER_ARGON2_PARALLELISM": "1",
    }
    os.environ.update(env)
    from domain.settings import reset_settings

    reset_settings()
    result: dict[str, Any] = {"database": dialect, "board": [], "rounds": rounds}
    board_body = json.dumps({"query": BOARD, "variables": {"first": 50}})
    round_seconds = seconds / rounds
    try:
        for index, size in enumerate(sizes):
            prepared = asyncio.run(_prepare(size, first=index == 0))
            with (
                (folder / "server.log").open("ab") as log,
                serving("bench.app:create_bench_app", env, log=log) as app,
            ):
                graphql, reference = app.url + "/graphql", app.url + BOARD_PATH
                page = check_answer(graphql, board_body, prepared["board_cookie"])
                assert len(page["data"]["board"]["edges"]) == 50
                same = check_answer(reference, board_body, prepared["board_cookie"])
                if same != page:
                    raise RuntimeError("the board's reference answers otherwise than the API")
                for target in (graphql, reference):  # warm-up
                    drive(target, board_body, connections=8, seconds=1,
                          cookie=prepared["board_cookie"])  # fmt: skip
                run = side_by_side(
                    graphql, reference, board_body, connections=8, seconds=round_seconds,
                    rounds=rounds, cookie=prepared["board_cookie"], cpu=app.cpu_seconds,
                )  # fmt: skip
                result["board"].append(
                    {
                        "items": size,
                        "total_count": page["data"]["board"]["totalCount"],
                        "generated_seconds": prepared["generated_seconds"],
                        **run,
                    }
                )
                if index == len(sizes) - 1:
                    result["board_two_processes"] = _board_with_two_processes(
                        env, folder, board_body, prepared["board_cookie"], size, seconds
                    )
                    result["submit"] = _submissions(
                        app.url, app.url + SUBMIT_PATH, prepared, size, round_seconds, rounds,
                        app.cpu_seconds,
                    )  # fmt: skip
    except Exception:
        log_path = folder / "server.log"
        if log_path.is_file():
            print("the server's log:\n" + log_path.read_text()[-12000:], file=sys.stderr)
        raise
    finally:
        if dialect == "postgres":
            asyncio.run(_drop(url))
        shutil.rmtree(folder, ignore_errors=True)
    return result


def _submissions(
    base_url: str,
    reference: str,
    prepared: dict[str, Any],
    size: int,
    round_seconds: float,
    rounds: int,
    cpu: Callable[[], float],
) -> dict[str, Any]:
    """submitGrievance and its reference, 16 clients, alternating rounds; each counted
    as the items that really arrived in the database."""
    from bench.reference import REFERENCE_TITLE

    body = json.dumps({"query": SUBMIT, "variables": {"c": str(prepared["category_id"])}})
    cookie = prepared["employee_cookie"]
    check_answer(base_url + "/graphql", body, cookie)  # the reference copies its rows
    reference += "?" + urllib.parse.urlencode({"title": SUBMIT_TITLE})
    check_answer(reference, body, cookie)
    run = side_by_side(
        base_url + "/graphql", reference, body, connections=16, seconds=round_seconds,
        rounds=rounds, cookie=cookie, cpu=cpu,
    )  # fmt: skip
    submitted = asyncio.run(_count_submitted(SUBMIT_TITLE)) - 1
    written = asyncio.run(_count_submitted(REFERENCE_TITLE)) - 1
    per_s, reference_per_s = submitted / run["api_seconds"], written / run["reference_seconds"]
    return {
        **run,
        "per_s": per_s,
        "reference_written_per_s": reference_per_s,
        "answered_per_s": run["requests_per_s"],
        "items_in_database": size,
    }


def _board_with_two_processes(
    env: dict[str, str], folder: Path, body: str, cookie: str, size: int, seconds: float
) -> dict[str, Any]:
    from bench.server import serving

    with (
        (folder / "server.log").open("ab") as log,
        serving("server.app:create_app", env, log=log, processes=2) as app,
    ):
        url = app.url + "/graphql"
        check_answer(url, body, cookie)
        drive(url, body, connections=8, seconds=1, cookie=cookie)  # warm-up, both processes
        run = drive(url, body, connections=8, seconds=seconds, cookie=cookie)
    if run["failures"]:
        raise RuntimeError(f"{run['failures']} board requests failed")
    return {
        "items": size,
        "requests_per_s": run["requests"] / run["seconds"],
        "p50_ms": percentile(run["latencies_ms"], 50),
        "p95_ms": percentile(run["latencies_ms"], 95),
    }


async def _drop(url: str) -> None:
    import asyncpg

    server, name = url.rsplit("/", 1)
    admin = await asyncpg.connect(f"{server}/postgres")
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database", choices=("sqlite", "postgres"))
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--seconds", type=float, default=12.0, help="per side, all rounds")
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds per side")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print("RESULT " + json.dumps(measure(args.database, sizes, args.seconds, args.rounds)))


if __name__ == "__main__":
    main()
