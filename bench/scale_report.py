"""The parts of `python -m bench` that run in processes of their own: the board and
submissions at scale (bench/board.py) per database, and delivery (bench/delivery.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

BOARD_P95_TARGET_MS = 50.0
SUBMIT_TARGET_PER_S = 200.0
SHARE_TARGET = 0.5  # of the reference's rate, board page and submission
GROWTH_TARGET = 1.2  # p50 from the smallest to the largest size


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
    print("16 clients, one API process, counted as items that arrived in the database.")
    print("Each beside its reference in the same server (bench/reference.py: the same SQL,")
    print("orjson, no GraphQL), in alternating rounds; share = API req/s : reference req/s,")
    print("median of the rounds. Other processes share the machine: compare within a run.")
    for dialect in databases:
        print(f"== {dialect} ==", flush=True)
        result = _result(["bench.board", dialect, "--sizes", sizes], timeout=3600)
        if result is None:
            continue
        for row in result["board"]:
            verdict = "meets" if row["p95_ms"] <= BOARD_P95_TARGET_MS else "ABOVE"
            share = "meets" if row["share"] >= SHARE_TARGET else "BELOW"
            print(
                f"  {row['items']:>9,} items: p50 {row['p50_ms']:6.1f} ms, "
                f"p95 {row['p95_ms']:6.1f} ms ({verdict} {BOARD_P95_TARGET_MS:.0f} ms), "
                f"{row['requests_per_s']:5.0f} pages/s; reference {row['reference_per_s']:5.0f}/s "
                f"(p50 {row['reference_p50_ms']:.1f} ms): share {row['share']:.2f} "
                f"({share} {SHARE_TARGET}; rounds {' '.join(f'{x:.2f}' for x in row['shares'])})"
            )
            print(
                f"  {'':>9}        server CPU per page {row['api_cpu_ms']:.2f} ms, reference "
                f"{row['reference_cpu_ms']:.2f} ms: share per CPU-second {row['cpu_share']:.2f}"
                f"   (generated in {row['generated_seconds']:.0f} s)"
            )
        two = result.get("board_two_processes")
        if two:
            verdict = "meets" if two["p95_ms"] <= BOARD_P95_TARGET_MS else "ABOVE"
            print(
                f"  {two['items']:>9,} items, two API processes: p50 {two['p50_ms']:6.1f} ms, "
                f"p95 {two['p95_ms']:6.1f} ms ({verdict} {BOARD_P95_TARGET_MS:.0f} ms), "
                f"{two['requests_per_s']:5.0f} pages/s"
            )
        first, last = result["board"][0], result["board"][-1]
        growth = last["p50_ms"] / first["p50_ms"]
        print(
            f"  growth {first['items']:,} -> {last['items']:,} items: p50 x{growth:.2f} "
            f"({'meets' if growth <= GROWTH_TARGET else 'ABOVE'} x{GROWTH_TARGET}), "
            f"p95 x{last['p95_ms'] / first['p95_ms']:.2f}"
        )
        submit = result.get("submit")
        if submit:
            verdict = "meets" if submit["per_s"] >= SUBMIT_TARGET_PER_S else "BELOW"
            share = submit["per_s"] / submit["reference_written_per_s"]
            print(
                f"  submitGrievance: {submit['per_s']:.0f}/s ({verdict} "
                f"{SUBMIT_TARGET_PER_S:.0f}/s), p95 {submit['p95_ms']:.0f} ms; reference "
                f"{submit['reference_written_per_s']:.0f}/s (p95 "
                f"{submit['reference_p95_ms']:.0f} ms): share {share:.2f} "
                f"({'meets' if share >= SHARE_TARGET else 'BELOW'} {SHARE_TARGET}; "
                f"req/s rounds {' '.join(f'{x:.2f}' for x in submit['shares'])}), "
                f"on {submit['items_in_database']:,} items"
            )
            print(
                f"  {'':>17}server CPU per submission {submit['api_cpu_ms']:.2f} ms, reference "
                f"{submit['reference_cpu_ms']:.2f} ms: share per CPU-second "
                f"{submit['cpu_share']:.2f}"
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
