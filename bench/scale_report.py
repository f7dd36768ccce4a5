"""The parts of `python -m bench` that run in processes of their own: the board and
submissions at scale (bench/board.py) per database, and delivery (bench/delivery.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

BOARD_P95_TARGET_MS = 50.0
SUBMIT_TARGET_PER_S = 200.0


def _result(args: list[str], timeout: float) -> dict[str, Any] | None:
    done = subprocess.run(
        [sys.executable, "-m", *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        print(f"  failed:\n{done.stderr[-3000:]}")
        return None
    found: dict[str, Any] = json.loads(lines[-1].removeprefix("RESULT "))
    return found


def board_and_submissions(databases: list[str], sizes: str) -> None:
    print()
    print("Board page (50 cards, default sort), 8 clients, one API process; submitGrievance,")
    print("16 clients, one API process, counted as items that arrived in the database:")
    for dialect in databases:
        print(f"== {dialect} ==", flush=True)
        result = _result(["bench.board", dialect, "--sizes", sizes], timeout=3600)
        if result is None:
            continue
        for row in result["board"]:
            verdict = "meets" if row["p95_ms"] <= BOARD_P95_TARGET_MS else "ABOVE"
            print(
                f"  {row['items']:>7,} items: p50 {row['p50_ms']:6.1f} ms, "
                f"p95 {row['p95_ms']:6.1f} ms ({verdict} {BOARD_P95_TARGET_MS:.0f} ms), "
                f"{row['requests_per_s']:5.0f} pages/s   "
                f"(generated in {row['generated_seconds']:.0f} s)"
            )
        two = result.get("board_two_processes")
        if two:
            verdict = "meets" if two["p95_ms"] <= BOARD_P95_TARGET_MS else "ABOVE"
            print(
                f"  {two['items']:>7,} items, two API processes: p50 {two['p50_ms']:6.1f} ms, "
                f"p95 {two['p95_ms']:6.1f} ms ({verdict} {BOARD_P95_TARGET_MS:.0f} ms), "
                f"{two['requests_per_s']:5.0f} pages/s"
            )
        first, last = result["board"][0], result["board"][-1]
        print(
            f"  growth {first['items']:,} -> {last['items']:,} items: p50 x"
            f"{last['p50_ms'] / first['p50_ms']:.2f}, p95 x{last['p95_ms'] / first['p95_ms']:.2f}"
        )
        submit = result.get("submit")
        if submit:
            verdict = "meets" if submit["per_s"] >= SUBMIT_TARGET_PER_S else "BELOW"
            print(
                f"  submitGrievance: {submit['per_s']:.0f}/s ({verdict} "
                f"{SUBMIT_TARGET_PER_S:.0f}/s), p95 {submit['p95_ms']:.0f} ms, "
                f"on {submit['items_in_database']:,} items"
            )


def _part(title: str, module: str, databases: str) -> None:
    """A part of the benchmark that runs as its own module, and prints its own report."""
    print()
    print(f"{title} (python -m {module}):", flush=True)
    done = subprocess.run(
        [sys.executable, "-m", module, "--databases", databases],
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    print(done.stdout.rstrip() or done.stderr[-3000:])


def delivery(databases: str) -> None:
    _part("Delivery", "bench.delivery", databases)


def inbound(databases: str) -> None:
    _part("Replies by email", "bench.inbound", databases)


def similar(databases: str) -> None:
    _part("Similar-item suggestions at 100,000 items", "bench.similar", databases)
