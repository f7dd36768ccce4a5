"""Checks the web app's JavaScript budget: at most 80 KB gzipped for what an employee's
phone downloads (and for the customer's status page), from the Vite build manifest.

Prints the gzipped JavaScript each page loads; exits 1 when a budget is exceeded or the
app has not been built. The manager board is code-split and only reported.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

DIST = Path(__file__).resolve().parent.parent / "frontend" / "dist"
MANIFEST = DIST / ".vite" / "manifest.json"
BUDGET_BYTES = 80 * 1000

EMPLOYEE_PAGES = [
    "/login",
    "/",
    "/gripe/new",
    "/gripe/anonymous",
    "/relay/new",
    "/items",
    "/items/:id",
    "/receipt",
]
# Lazily loaded pages and parts: (route, the module imported lazily, budgeted?). The
# anonymous tokens (blind RSA) are loaded when a batch is made after login and when an
# anonymous gripe is sent: that page with them must stay within the budget too.
LAZY_PAGES = [
    ("/status", "src/pages/Status.tsx", True),
    ("/board", "src/board/BoardPage.tsx", False),
    ("+tokens", "src/lib/anonymousTokens.ts", True),
]


def closure(manifest: dict[str, dict[str, object]], key: str) -> list[str]:
    """The JavaScript files `key` loads before it runs: itself and its static imports."""
    seen: list[str] = []

    def visit(name: str) -> None:
        chunk = manifest[name]
        file = str(chunk["file"])
        if file in seen:
            return
        seen.append(file)
        imports = chunk.get("imports") or []
        assert isinstance(imports, list)
        for imported in imports:
            visit(str(imported))

    visit(key)
    return [f for f in seen if f.endswith(".js")]


def gzipped(files: list[str]) -> int:
    return sum(len(gzip.compress((DIST / f).read_bytes(), compresslevel=9)) for f in files)


def main() -> int:
    if not MANIFEST.is_file():
        print(f"FAIL no build at {MANIFEST}: run scripts/build-frontend.sh", file=sys.stderr)
        return 1
    manifest = json.loads(MANIFEST.read_text())
    entry = next(k for k, chunk in manifest.items() if chunk.get("isEntry"))
    base = closure(manifest, entry)
    problems: list[str] = []
    rows: list[tuple[str, int, bool]] = []
    base_size = gzipped(base)
    rows += [(page, base_size, True) for page in EMPLOYEE_PAGES]
    for page, module, budgeted in LAZY_PAGES:
        if module not in manifest:
            problems.append(f"{page}: {module} is not a separate chunk any more")
            continue
        files = base + [f for f in closure(manifest, module) if f not in base]
        rows.append((page, gzipped(files), budgeted))
    print(f"gzipped JavaScript per page (budget {BUDGET_BYTES / 1000:.0f} KB):")
    for page, size, budgeted in rows:
        verdict = "" if not budgeted else ("ok" if size <= BUDGET_BYTES else "OVER BUDGET")
        print(f"  {page:<16} {size / 1000:6.1f} KB  {verdict}")
        if budgeted and size > BUDGET_BYTES:
            problems.append(f"{page}: {size / 1000:.1f} KB gzipped > {BUDGET_BYTES / 1000:.0f} KB")
    for problem in problems:
        print(f"FAIL {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
