"""The administrator's attack: the whole database and the whole statement log, and still
no name for the author of an anonymous gripe.

Five people log in (with their passwords, through the real app over ASGI), fetch their
tokens and go about their business; one of them sends an anonymous gripe, looks it up
and replies, through the anonymous channel, with their session cookie in the browser's
jar; the filing runs in between. Every statement the app sends is recorded with its
parameters, per connection, in order (`tests/support/statement_log.py`).

The attacker then tries every join we could think of (`ATTACKS`): the session looked up
nearest before the anonymous insert (on its connection, or on any), a person's id in the
statements before it, the sessions nearest to the receipt look-ups, login times, who
holds tokens of the key, the named item, timeline event and email next to the anonymous
one, the nearest time, and on PostgreSQL the transaction ids (`xmin`) of the rows.

The author also says "me too", anonymously, to a gripe Carol shared (and looks it up with
its own receipt), while Dan says "me too" by name; the attacks on the anonymous "me too"
(`ME_TOO_ATTACKS`: the session or person before its insert, the sessions before its
receipt look-ups, on PostgreSQL the row written just before it) must not name its author
either, and name the author of a linkable control "me too".

The scene is played twice, once with Alice and once with Bob as the author, everything
else the same. Each attack must come to the same conclusion both times — it cannot tell
who wrote — and name neither of them. The same attacker, against a deliberately linkable
control (the old path: the request looks up the session, then inserts the anonymous
item), names the author both times: the test can fail.

PostgreSQL's own statement log (`log_statement = 'all'`) would say the same as the
captures here; it can be read back in a test only with the logging collector on, which
it is not on our machines (`tests/support/statement_log.py`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise import Tortoise, connections
from tortoise.contrib.test import truncate_all_models

from domain.anonymity import gripes
from domain.anonymity.filing import file_waiting
from domain.auth.sessions import principal_for_token
from domain.clock import running_from
from domain.engagement import me_too
from domain.org.models import User
from domain.settings import get_settings
from tests.support.anonymity import fetch_tokens, submit_anonymously, token_keys
from tests.support.api import ANONYMOUS_PATH, GraphQLClient, client, make_app
from tests.support.domain import calendar
from tests.support.org import PASSWORD, Org, build_org, make_user
from tests.support.statement_log import Statement, StatementLog, recording

CANDIDATES = ("alice", "bob")
LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }"
GRIPE = (
    "mutation($c: ID!, $t: String!, $s: Boolean!) { submitGrievance(input: "
    '{categoryId: $c, title: $t, body: "b", shared: $s}) { item { id } } }'
)
ME_TOO = "mutation($id: ID!) { sayMeToo(id: $id) { meTooCount } }"
ANONYMOUS_ME_TOO = """mutation($id: ID!, $t: String!) {
  sayMeTooAnonymously(itemId: $id, token: $t) { receiptCode } }"""
MY_ITEMS = "{ myItems { totalCount edges { node { id } } } }"


@dataclass
class Evidence:
    log: StatementLog
    tables: dict[str, list[dict[str, Any]]]
    xmin: dict[str, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)

    @property
    def emails(self) -> dict[int, str]:
        return {row["id"]: row["email"] for row in self.tables["users"]}

    def email(self, user_id: Any) -> str | None:
        return self.emails.get(user_id) if isinstance(user_id, int) else None

    @property
    def anonymous(self) -> dict[str, Any]:
        [row] = [r for r in self.tables["items"] if r["is_anonymous"]]
        return row

    @property
    def sessions(self) -> dict[str, int]:
        return {row["token_hash"]: row["user_id"] for row in self.tables["sessions"]}

    @property
    def anonymous_me_too(self) -> dict[str, Any]:
        [row] = [r for r in self.tables["me_toos"] if r["user_id"] is None]
        return row

    def me_too_insert_index(self) -> int:
        me_too_id = str(self.anonymous_me_too["id"])
        [index] = self.log.index_of(
            lambda s: (
                s.sql.lstrip().upper().startswith("INSERT")
                and s.mentions("me_toos")
                and me_too_id in {str(p) for p in s.params}
            )
        )
        return index

    def insert_index(self) -> int:
        item_id = self.anonymous["id"]
        [index] = self.log.index_of(
            lambda s: (
                s.sql.lstrip().upper().startswith("INSERT")
                and s.mentions("items")
                and item_id in s.params
            )
        )
        return index


# --- the attacks: each returns the email it would name, or None ----------------------


def _session_in(statements: Any, sessions: dict[str, int]) -> int | None:
    for statement in statements:
        for param in statement.params:
            if isinstance(param, str) and param in sessions:
                return sessions[param]
    return None


def session_before_the_insert_on_its_connection(e: Evidence) -> str | None:
    index = e.insert_index()
    connection = e.log.statements[index].connection
    return e.email(_session_in(e.log.before(index, connection=connection), e.sessions))


def session_before_the_insert_on_any_connection(e: Evidence) -> str | None:
    return e.email(_session_in(e.log.before(e.insert_index()), e.sessions))


_PERSON_COLUMNS = ("user_id", "submitter_id", "actor_id", "assignee_id", "recipient_user_id")
_CONDITION = re.compile(r'"(\w+)"\s*=\s*(\?|\$\d+)')
_INSERT = re.compile(r'INSERT INTO "\w+" \(([^)]*)\)', re.IGNORECASE)


def _param(statement: Statement, placeholder: str, offset: int) -> Any:
    """The value of a placeholder: `$n` on PostgreSQL, the n-th `?` on SQLite."""
    index = int(placeholder[1:]) - 1 if placeholder.startswith("$") else offset
    return statement.params[index] if index < len(statement.params) else None


def person_ids(statement: Statement) -> list[Any]:
    """The ids of people a statement reads or writes: user ids by their column, or the
    id of a `users` row."""
    found = []
    inserted = _INSERT.match(statement.sql.lstrip())
    if inserted:
        columns = [c.strip().strip('"') for c in inserted.group(1).split(",")]
        found += [
            statement.params[n]
            for n, column in enumerate(columns)
            if column in _PERSON_COLUMNS and n < len(statement.params)
        ]
    for match in _CONDITION.finditer(statement.sql):
        column, placeholder = match.groups()
        if column in _PERSON_COLUMNS or (column == "id" and statement.mentions("users")):
            offset = statement.sql[: match.start()].count("?")
            found.append(_param(statement, placeholder, offset))
    return found


def person_in_the_statements_before_the_insert(e: Evidence) -> str | None:
    index = e.insert_index()
    connection = e.log.statements[index].connection
    for statement in e.log.before(index, connection=connection):
        for person in person_ids(statement):
            if e.email(person) is not None:
                return e.email(person)
    return None


def sessions_before_the_receipt_look_ups(e: Evidence) -> str | None:
    looked_up = e.anonymous["receipt_hash"]
    votes: Counter[int] = Counter()
    for index in e.log.index_of(lambda s: looked_up in s.params):
        connection = e.log.statements[index].connection
        user_id = _session_in(e.log.before(index, connection=connection), e.sessions)
        if user_id is not None:
            votes[user_id] += 1
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return e.email(ranked[0][0])


def _unique_best(scores: dict[int, float]) -> int | None:
    if not scores:
        return None
    best = min(scores.values())
    winners = [who for who, score in scores.items() if score == best]
    return winners[0] if len(winners) == 1 else None


def login_nearest_the_gripe(e: Evidence) -> str | None:
    """Sessions keep when they end; a login's moment is that minus the lifetime."""
    created = e.anonymous["created_at"]
    ttl = timedelta(hours=get_settings().session_ttl_hours)
    scores: dict[int, float] = {}
    for row in e.tables["sessions"]:
        gap = abs((row["expires_at"] - ttl - created).total_seconds())
        scores[row["user_id"]] = min(gap, scores.get(row["user_id"], gap))
    return e.email(_unique_best(scores))


def the_only_holder_of_tokens(e: Evidence) -> str | None:
    holders = {row["user_id"] for row in e.tables["anonymous_token_issuances"]}
    return e.email(next(iter(holders))) if len(holders) == 1 else None


def named_item_next_to_it(e: Evidence) -> str | None:
    anonymous_id = e.anonymous["id"]
    below = [r for r in e.tables["items"] if not r["is_anonymous"] and r["id"] < anonymous_id]
    above = [r for r in e.tables["items"] if not r["is_anonymous"] and r["id"] > anonymous_id]
    nearest = max(below, key=lambda r: r["id"]) if below else min(above, key=lambda r: r["id"])
    return e.email(nearest["submitter_id"])


def _who_caused(e: Evidence, event: dict[str, Any]) -> str | None:
    if event["actor_id"] is not None:
        return e.email(event["actor_id"])
    [item] = [r for r in e.tables["items"] if r["id"] == event["item_id"]]
    return e.email(item["submitter_id"])


def timeline_event_before_its_own(e: Evidence) -> str | None:
    events = sorted(e.tables["timeline_events"], key=lambda r: r["id"])
    first = min(i for i, r in enumerate(events) if r["item_id"] == e.anonymous["id"])
    return _who_caused(e, events[first - 1]) if first else None


def email_before_its_own(e: Evidence) -> str | None:
    rows = sorted(e.tables["notifications"], key=lambda r: r["id"])
    first = min(i for i, r in enumerate(rows) if r["item_id"] == e.anonymous["id"])
    if not first:
        return None
    [event] = [r for r in e.tables["timeline_events"] if r["id"] == rows[first - 1]["event_id"]]
    return _who_caused(e, event)


def nearest_time_of_a_persons_step(e: Evidence) -> str | None:
    created = e.anonymous["created_at"]
    scores: dict[int, float] = {}
    for event in e.tables["timeline_events"]:
        if event["actor_id"] is not None:
            gap = abs((event["created_at"] - created).total_seconds())
            scores[event["actor_id"]] = min(gap, scores.get(event["actor_id"], gap))
    return e.email(_unique_best(scores))


def row_written_just_before_it(e: Evidence) -> str | None:
    """PostgreSQL: the transaction id of every row orders the writes."""
    if not e.xmin:
        return None
    [(anonymous_xmin, _)] = [
        (x, row) for x, row in e.xmin["items"] if row["id"] == e.anonymous["id"]
    ]
    people: list[tuple[int, Any]] = []
    for table, column in (
        ("items", "submitter_id"),
        ("sessions", "user_id"),
        ("anonymous_token_issuances", "user_id"),
        ("timeline_events", "actor_id"),
    ):
        people += [(x, row[column]) for x, row in e.xmin[table] if row[column] is not None]
    before = [(x, who) for x, who in people if x < anonymous_xmin]
    return e.email(max(before)[1]) if before else None


ATTACKS: list[Callable[[Evidence], str | None]] = [
    session_before_the_insert_on_its_connection,
    session_before_the_insert_on_any_connection,
    person_in_the_statements_before_the_insert,
    sessions_before_the_receipt_look_ups,
    login_nearest_the_gripe,
    the_only_holder_of_tokens,
    named_item_next_to_it,
    timeline_event_before_its_own,
    email_before_its_own,
    nearest_time_of_a_persons_step,
    row_written_just_before_it,
]


def attacker(e: Evidence) -> str | None:
    """The attacker's verdict: the first attack that names somebody."""
    for attack in ATTACKS:
        named = attack(e)
        if named is not None:
            return named
    return None


# --- the attacks on the anonymous "me too" ------------------------------------------


def me_too_session_before_its_insert_on_its_connection(e: Evidence) -> str | None:
    index = e.me_too_insert_index()
    connection = e.log.statements[index].connection
    return e.email(_session_in(e.log.before(index, connection=connection), e.sessions))


def me_too_session_before_its_insert_on_any_connection(e: Evidence) -> str | None:
    return e.email(_session_in(e.log.before(e.me_too_insert_index()), e.sessions))


def me_too_person_in_the_statements_before_its_insert(e: Evidence) -> str | None:
    index = e.me_too_insert_index()
    connection = e.log.statements[index].connection
    for statement in e.log.before(index, connection=connection):
        for person in person_ids(statement):
            if e.email(person) is not None:
                return e.email(person)
    return None


def me_too_sessions_before_its_receipt_look_ups(e: Evidence) -> str | None:
    looked_up = e.anonymous_me_too["receipt_hash"]
    votes: Counter[int] = Counter()
    for index in e.log.index_of(lambda s: looked_up in s.params):
        connection = e.log.statements[index].connection
        user_id = _session_in(e.log.before(index, connection=connection), e.sessions)
        if user_id is not None:
            votes[user_id] += 1
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return e.email(ranked[0][0])


def me_too_row_written_just_before_it(e: Evidence) -> str | None:
    """PostgreSQL: the transaction ids order the "me too" against people's writes."""
    if not e.xmin:
        return None
    me_too_id = str(e.anonymous_me_too["id"])
    [mine] = [x for x, row in e.xmin["me_toos"] if str(row["id"]) == me_too_id]
    people: list[tuple[int, Any]] = []
    for table, column in (
        ("items", "submitter_id"),
        ("sessions", "user_id"),
        ("anonymous_token_issuances", "user_id"),
        ("timeline_events", "actor_id"),
        ("me_toos", "user_id"),
    ):
        people += [(x, row[column]) for x, row in e.xmin[table] if row[column] is not None]
    before = [(x, who) for x, who in people if x < mine]
    return e.email(max(before)[1]) if before else None


ME_TOO_ATTACKS: list[Callable[[Evidence], str | None]] = [
    me_too_session_before_its_insert_on_its_connection,
    me_too_session_before_its_insert_on_any_connection,
    me_too_person_in_the_statements_before_its_insert,
    me_too_sessions_before_its_receipt_look_ups,
    me_too_row_written_just_before_it,
]


# --- the scene ---------------------------------------------------------------------


@dataclass
class Scene:
    org: Org
    people: dict[str, User]
    app: Any
    clients: dict[str, GraphQLClient] = field(default_factory=dict)
    tokens: dict[str, list[str]] = field(default_factory=dict)

    async def gripe(self, who: str, title: str, *, shared: bool = False) -> str:
        category = self.org.kitchen if who in ("carol", "dan") else self.org.building
        data = await self.clients[who].ok(GRIPE, {"c": str(category.id), "t": title, "s": shared})
        item_id: str = data["submitGrievance"]["item"]["id"]
        return item_id


@asynccontextmanager
async def logged_in(scene: Scene, order: tuple[str, ...]) -> AsyncIterator[None]:
    async with AsyncExitStack() as stack:
        for name in order:
            api = await stack.enter_async_context(client(scene.app))
            await api.ok(LOGIN, {"e": scene.people[name].email, "p": PASSWORD})
            # At login, everybody's browser fetches its batch, writer or not.
            scene.tokens[name] = await fetch_tokens(api)
            scene.clients[name] = api
        yield


async def _linkable_submission(scene: Scene, author: str) -> str:
    """The control: the request reads the session, then inserts the anonymous item."""
    cookie = scene.clients[author].http.cookies[get_settings().session_cookie]
    assert await principal_for_token(cookie) is not None
    submitted = await gripes.submit_anonymous_gripe(
        gripes.AnonymousGripeDraft(
            category_id=scene.org.building.id, title="My manager shouts", body="Every week."
        ),
        token=scene.tokens[author][0],
        keys=token_keys(),
        calendar=calendar(),
    )
    return submitted.receipt_code


async def _linkable_me_too(scene: Scene, author: str, item_id: str) -> str:
    """The control: the request reads the session, then writes the anonymous "me too"."""
    cookie = scene.clients[author].http.cookies[get_settings().session_cookie]
    assert await principal_for_token(cookie) is not None
    said = await me_too.say_me_too_anonymously(
        int(item_id), token=scene.tokens[author][1], keys=token_keys()
    )
    return said.receipt_code


async def play(author: str, *, linkable: bool) -> Evidence:
    org = await build_org()
    people = {
        "alice": org.alice,
        "bob": org.bob,
        "carol": await make_user("Carol Chen"),
        "dan": await make_user("Dan Dijkstra"),
        "mia": org.mia,
    }
    scene = Scene(org=org, people=people, app=make_app())
    # Five past the hour, so that the scene never straddles two hours.
    start = datetime.now(UTC).replace(minute=5, second=0, microsecond=0)
    with running_from(start):
        async with recording() as log, logged_in(scene, ("carol", "alice", "dan", "bob", "mia")):
            writer = scene.clients[author]
            shared = await scene.gripe("carol", "The coffee machine leaks", shared=True)
            await scene.gripe("alice", "Lift 2 is slow")
            await scene.clients["bob"].ok(MY_ITEMS)
            await scene.clients["mia"].ok("{ board { totalCount } }")
            await scene.gripe("dan", "No hot water")
            async with client(
                scene.app, path=ANONYMOUS_PATH, cookies=writer.http.cookies
            ) as anonymous:
                if linkable:
                    receipt = await _linkable_submission(scene, author)
                else:
                    sent = await submit_anonymously(
                        anonymous, scene.tokens[author][0], category_id=org.building.id
                    )
                    receipt = sent["receiptCode"]
                await scene.clients["carol"].ok(MY_ITEMS)
                view = "query($r: String!) { anonymousItem(receipt: $r) { reference filed } }"
                await anonymous.ok(view, {"r": receipt})
                await file_waiting()
                await _mia_asks(scene)
                await scene.clients["alice"].ok(MY_ITEMS)
                await scene.gripe("bob", "Printer jams")
                await scene.clients["dan"].ok(MY_ITEMS)
                await anonymous.ok(
                    'mutation($r: String!) { replyAnonymously(receipt: $r, body: "The Monday '
                    'one.") { filed } }',
                    {"r": receipt},
                )
                await scene.gripe("carol", "The fridge smells")
                await file_waiting()
                await anonymous.ok(
                    "mutation($r: String!) { markAnonymousItemSeen(receipt: $r) { filed } }",
                    {"r": receipt},
                )
                await scene.gripe("dan", "Blinds are broken")
                # "Me too" to Carol's shared gripe: Dan by name, the author anonymously.
                await scene.clients["alice"].ok(MY_ITEMS)
                await scene.clients["dan"].ok(ME_TOO, {"id": shared})
                if linkable:
                    me_too_receipt = await _linkable_me_too(scene, author, shared)
                else:
                    said = await anonymous.ok(
                        ANONYMOUS_ME_TOO, {"id": shared, "t": scene.tokens[author][1]}
                    )
                    me_too_receipt = said["sayMeTooAnonymously"]["receiptCode"]
                await scene.clients["bob"].ok(MY_ITEMS)
                await anonymous.ok(
                    "query($r: String!) { anonymousMeToo(receipt: $r) { meTooCount } }",
                    {"r": me_too_receipt},
                )
                await file_waiting()
                await scene.gripe("carol", "Too few parking spaces")
    return Evidence(log=log, tables=await _everything(), xmin=await _transaction_ids())


async def _mia_asks(scene: Scene) -> None:
    """Mia finds the filed gripe on her board and asks a question."""
    mia = scene.clients["mia"]
    board = await mia.ok("{ board { edges { node { id isAnonymous } } } }")
    [item_id] = [e["node"]["id"] for e in board["board"]["edges"] if e["node"]["isAnonymous"]]
    await mia.ok("mutation($id: ID!) { acknowledgeItem(id: $id) { id } }", {"id": item_id})
    await mia.ok(
        "mutation($id: ID!) { transitionItem(id: $id, to: WAITING_FOR_INFO, "
        'message: "Which meeting?") { id } }',
        {"id": item_id},
    )


async def _everything() -> dict[str, list[dict[str, Any]]]:
    return {
        model._meta.db_table: await model.all().values()
        for model in Tortoise.apps["models"].values()
    }


async def _transaction_ids() -> dict[str, list[tuple[int, dict[str, Any]]]]:
    db = connections.get("default")
    if db.capabilities.dialect != "postgres":
        return {}
    found = {}
    for table in ("items", "sessions", "anonymous_token_issuances", "timeline_events", "me_toos"):
        rows = await db.execute_query_dict(f'SELECT xmin::text AS "xmin", * FROM "{table}"')  # noqa: S608
        found[table] = [(int(row.pop("xmin")), row) for row in rows]
    return found


async def played(author: str, *, linkable: bool) -> Evidence:
    try:
        return await play(author, linkable=linkable)
    finally:
        await truncate_all_models()


def _who(author: str) -> str:
    return f"{author}@example.com"


async def test_the_administrator_cannot_name_the_author(db: str) -> None:
    evidence = {author: await played(author, linkable=False) for author in CANDIDATES}
    # What an attack concludes must not depend on who wrote: then it cannot name the
    # author. (It names somebody now and then: whoever happened to act just before, in
    # this scene Carol or Dan, never Alice or Bob.)
    for attack in [*ATTACKS, *ME_TOO_ATTACKS]:
        named = {author: attack(e) for author, e in evidence.items()}
        assert named["alice"] == named["bob"], f"{attack.__name__} tells the authors apart: {named}"
        assert not {_who(a) for a in CANDIDATES} & set(named.values()), (attack.__name__, named)
    # What the attacker had to work with: every statement, with its values.
    for e in evidence.values():
        assert len(e.log.statements) > 100
        assert any(e.anonymous["receipt_hash"] in s.params for s in e.log.statements)
        assert any(e.anonymous_me_too["receipt_hash"] in s.params for s in e.log.statements)
        e.me_too_insert_index()  # the attacker found the anonymous "me too" being written
        orm = Counter(sql for sql, _ in e.log.orm_statements)
        seen = Counter(s.sql for s in e.log.statements)
        assert not orm - seen, "the log per connection missed statements"


async def test_the_same_attacker_names_the_author_of_a_linkable_gripe(db: str) -> None:
    for author in CANDIDATES:
        evidence = await played(author, linkable=True)
        assert attacker(evidence) == _who(author)
        assert session_before_the_insert_on_its_connection(evidence) == _who(author)
        assert me_too_session_before_its_insert_on_its_connection(evidence) == _who(author)
