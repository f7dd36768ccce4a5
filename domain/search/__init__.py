"""Similar items: full-text search in the database, behind one interface.

    await index(conn, item)                # when an item becomes visible (filed)
    await similar(text, scope, limit=5)    # ids of the best matches, best first

SQLite uses an FTS5 table of Snowball stems (`sqlite.py`); PostgreSQL a `tsvector` of
the title (weight A) and the body (B) in its `dutch` and `english` configurations
(`postgres.py`). The work is bounded whatever the data: each engine gives the newest
CANDIDATES matches that hold every word of the query, and the newest that hold any of
them (`terms.query_words`), with which words each one's title and body hold; they are
scored the same way for both engines (`scoring.py`: every word first, then words in
the title, then in the body, then the newest). Ranking every match with the engines'
own measures (bm25, ts_rank) costs ~100 ms for a common word at 100,000 items: they
read every match of every word (docs/performance.md). Text of any length, script or
punctuation gives results or none, never an error.

An item enters the index when it is filed: a named item when it is submitted, an
anonymous gripe at the filing, among everything else filed then. The index therefore
orders an anonymous item against the filing only, and holds no author (its key is the
item's id, random for anonymous items).
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient

from domain.items.enums import ItemKind
from domain.items.models import Item
from domain.search import postgres, sqlite
from domain.search.terms import query_words

SUGGESTIONS = 5
# Matches each engine reads and scores per kind of match (every word, any word).
CANDIDATES = 40


@dataclass(frozen=True, slots=True)
class Scope:
    """Which items a search may return.

    An employee: items shared with colleagues, and their own. A manager: the items of
    their teams (`team_ids`; None for an admin: all). Merged items and anonymous gripes
    still waiting for the filing are never found."""

    viewer_id: int | None = None
    team_ids: tuple[int, ...] | None = None
    managing: bool = False
    exclude_id: int | None = None
    kind: ItemKind | None = None

    @classmethod
    def employee(cls, user_id: int) -> Scope:
        return cls(viewer_id=user_id)

    @classmethod
    def manager(
        cls, team_ids: tuple[int, ...] | None, *, exclude_id: int | None, kind: ItemKind | None
    ) -> Scope:
        return cls(team_ids=team_ids, managing=True, exclude_id=exclude_id, kind=kind)

    @classmethod
    def shared(cls) -> Scope:
        """Shared items only (the /shared page's search)."""
        return cls()


def _engine(db: BaseDBAsyncClient) -> type[sqlite.Fts5] | type[postgres.TsVector]:
    return postgres.TsVector if db.capabilities.dialect == "postgres" else sqlite.Fts5


async def index(conn: BaseDBAsyncClient, item: Item) -> None:
    """Make `item` findable (inside the caller's transaction)."""
    await _engine(conn).index(conn, item_id=item.id, title=item.title, body=item.body)


async def similar(
    text: str, scope: Scope, *, limit: int = SUGGESTIONS, offset: int = 0
) -> list[int]:
    """The ids of the items in `scope` most like `text`, best first."""
    words = query_words(text or "")
    if not words or limit <= 0:
        return []
    db = connections.get("default")
    engine = _engine(db)
    wanted = max(CANDIDATES, offset + limit)
    best: dict[int, tuple[int, int]] = {}  # item id -> (score, newness)
    for every_word in (True, False) if len(words) > 1 else (False,):
        hits = await engine.candidates(
            db, words=words, scope=scope, every_word=every_word, limit=wanted
        )
        for hit in hits:
            ranked = (hit.score(every_word=every_word), hit.newness)
            if ranked > best.get(hit.item_id, (-1, 0)):
                best[hit.item_id] = ranked
    order = sorted(best, key=lambda item_id: (best[item_id], item_id), reverse=True)
    return order[offset : offset + limit]
