"""The server's blind signatures work with the browser's library: @cloudflare/blindrsa-ts
(pinned in tests/blind_interop/, the version the web app uses) prepares and blinds with the
public key as the server publishes it, the server blind-signs, the library finalizes, and
the server accepts the tokens in the wire format the web app writes."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from domain.anonymity import blind
from domain.anonymity.blind import KeyRing, SigningKey

INTEROP = Path(__file__).resolve().parent.parent / "blind_interop"
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


def _npm_ci_if_stale() -> None:
    """`npm ci` when node_modules is missing or does not match package-lock.json."""
    npm = shutil.which("npm")
    assert npm is not None, "the blind-signature interop test needs Node 20 and npm (see README)"
    locked = json.loads((INTEROP / "package-lock.json").read_text())["packages"]
    installed_file = INTEROP / "node_modules" / ".package-lock.json"
    installed = (
        json.loads(installed_file.read_text())["packages"] if installed_file.is_file() else {}
    )
    wanted = {name: entry["version"] for name, entry in locked.items() if name}
    have = {name: entry.get("version") for name, entry in installed.items()}
    if wanted != have:
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=INTEROP, check=True, timeout=300)


def browser(step: str, data: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    assert node is not None, "the blind-signature interop test needs Node 20 (see README)"
    return subprocess.run(
        [node, "interop.mjs", step],
        cwd=INTEROP,
        input=json.dumps(data),
        capture_output=True,
        text=True,
        timeout=120,
    )


def browser_ok(step: str, data: dict[str, Any]) -> Any:
    finished = browser(step, data)
    assert finished.returncode == 0, finished.stderr
    return json.loads(finished.stdout)


@pytest.fixture(scope="module")
def key() -> SigningKey:
    _npm_ci_if_stale()
    return SigningKey(blind.generate_private_key(), not_after=NOW + timedelta(days=30))


def test_tokens_made_by_the_browser_library_are_accepted(key: SigningKey) -> None:
    spki = blind.public_key_spki_b64(key.public_key)
    blinded = browser_ok("blind", {"spki": spki, "count": blind.TOKENS_PER_BATCH})
    assert blinded["keyId"] == key.key_id  # the browser computes the same key id
    items = blinded["items"]
    blind_sigs = blind.blind_sign_batch(
        key.private_key, [blind.b64url_decode(item["blinded"]) for item in items]
    )
    finalized = browser_ok(
        "finalize",
        {
            "spki": spki,
            "items": [
                {
                    "prepared": item["prepared"],
                    "inv": item["inv"],
                    "blindSig": blind.b64url_encode(s),
                }
                for item, s in zip(items, blind_sigs, strict=True)
            ],
        },
    )
    ring = KeyRing([key])
    spent = set()
    for item, text in zip(items, finalized["tokens"], strict=True):
        token = ring.verify(text, NOW)
        assert token.key_id == key.key_id
        assert token.prepared_message == blind.b64url_decode(item["prepared"])
        assert blind.verify_token(key.public_key, token.prepared_message, token.signature)
        spent.add(blind.spent_token_hash(token.prepared_message))
    assert len(spent) == blind.TOKENS_PER_BATCH
    # What the server saw (blinded messages) shares nothing with what it is shown later.
    seen = {item["blinded"] for item in items}
    assert not any(part in seen for text in finalized["tokens"] for part in text.split("."))


def test_the_browser_library_refuses_a_blind_signature_that_does_not_verify(
    key: SigningKey,
) -> None:
    spki = blind.public_key_spki_b64(key.public_key)
    items = browser_ok("blind", {"spki": spki, "count": 2})["items"]
    first, second = (
        blind.blind_sign(key.private_key, blind.b64url_decode(item["blinded"])) for item in items
    )
    swapped = [
        {
            "prepared": items[0]["prepared"],
            "inv": items[0]["inv"],
            "blindSig": blind.b64url_encode(second),
        },
        {
            "prepared": items[1]["prepared"],
            "inv": items[1]["inv"],
            "blindSig": blind.b64url_encode(first),
        },
    ]
    finished = browser("finalize", {"spki": spki, "items": swapped})
    assert finished.returncode == 1
    assert "invalid signature" in finished.stderr
