"""Fails CI when a suite did not really run: each dialect must have passed tests, none
skipped or failed, and the browser tests must have run on SQLite."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
MIN_PASSED = 20
MIN_BROWSER_PASSED = 1


def main() -> int:
    problems: list[str] = []
    for dialect in ("sqlite", "postgres"):
        path = ARTIFACTS / f"pytest-{dialect}.json"
        if not path.is_file():
            problems.append(f"{dialect}: the suite did not run (no {path.name})")
            continue
        summary = json.loads(path.read_text())
        print(f"{dialect}: {summary}")
        if summary["dialect"] != dialect:
            problems.append(f"{dialect}: the summary says it ran on {summary['dialect']}")
        if summary["passed"] < MIN_PASSED:
            problems.append(f"{dialect}: only {summary['passed']} tests passed")
        if summary["skipped"] or summary["failed"] or summary["error"]:
            problems.append(f"{dialect}: skipped, failed or erroring tests: {summary}")
        if dialect == "sqlite" and summary["browser_passed"] < MIN_BROWSER_PASSED:
            problems.append("sqlite: the browser tests did not run")
    for problem in problems:
        print(f"FAIL {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
