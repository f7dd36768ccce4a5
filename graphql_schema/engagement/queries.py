from __future__ import annotations

import strawberry

from domain import search
from domain.clock import utcnow
from domain.engagement import me_too, sharing
from domain.engagement.sharing import SharedSort
from domain.items import access
from domain.items.cards import Card
from graphql_schema.context import Info
from graphql_schema.engagement.types import SharedItem
from graphql_schema.items.ids import item_id
from graphql_schema.items.types import ItemType
from graphql_schema.pagination import Connection, connection, decode_cursor, page_size
from graphql_schema.permissions import LOGGED_IN, MANAGER, principal_of


async def shown_to(viewer_id: int, cards: list[Card]) -> list[SharedItem]:
    said = await me_too.said_me_too(viewer_id, [c.id for c in cards])
    now = utcnow()
    return [SharedItem.of(c, viewer_id=viewer_id, said_me_too=c.id in said, now=now) for c in cards]


@strawberry.type
class EngagementQueries:
    @strawberry.field(
        permission_classes=LOGGED_IN,
        description="Items colleagues shared. With `search`, the best matches first.",
    )
    async def shared_items(
        self,
        info: Info,
        sort: SharedSort = SharedSort.NEWEST,
        search: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[SharedItem]:
        principal = await principal_of(info)
        offset, limit = decode_cursor(after), page_size(first)
        page = await sharing.shared_page(sort=sort, text=search, offset=offset, limit=limit)
        shown = await shown_to(principal.user_id, page.cards)
        return connection(shown, offset=offset, total=page.total)

    @strawberry.field(permission_classes=LOGGED_IN, description="One shared item.")
    async def shared_item(self, info: Info, id: strawberry.ID) -> SharedItem:
        principal = await principal_of(info)
        found = await sharing.shared_card(item_id(id))
        return (await shown_to(principal.user_id, [found]))[0]

    @strawberry.field(
        permission_classes=LOGGED_IN,
        description="While typing a title: up to five similar shared items, or the "
        "viewer's own. Any text; none found is an empty list.",
    )
    async def similar_items(self, info: Info, title: str) -> list[SharedItem]:
        principal = await principal_of(info)
        ids = await search.similar(title, search.Scope.employee(principal.user_id))
        return await shown_to(principal.user_id, await sharing.cards_in_order(ids))

    @strawberry.field(
        permission_classes=MANAGER,
        description="Items of the manager's teams that look like this one (same kind).",
    )
    async def possible_duplicates(self, info: Info, id: strawberry.ID) -> list[ItemType]:
        principal = await principal_of(info)
        visible = await access.card_for(principal, item_id(id))
        teams = None if principal.is_admin else tuple(principal.team_ids)
        scope = search.Scope.manager(teams, exclude_id=visible.card.id, kind=visible.card.kind)
        text = f"{visible.card.title} {visible.card.title} {visible.card.body}"
        cards = await sharing.cards_in_order(await search.similar(text, scope))
        return [ItemType.card_shown_to(principal, c) for c in cards]
