from __future__ import annotations

from typing import Annotated

import strawberry

from domain.clock import utcnow
from domain.items import access, board, queries
from domain.items.cards import Card
from domain.items.enums import Visibility
from graphql_schema.context import Info
from graphql_schema.enums import BoardSort
from graphql_schema.items.ids import item_id
from graphql_schema.items.inputs import BoardFilterInput
from graphql_schema.items.types import CustomerStatus, ItemType
from graphql_schema.pagination import Connection, connection, decode_cursor, page_size
from graphql_schema.permissions import LOGGED_IN, MANAGER, principal_of


def _shown(cards: list[Card], audience: Visibility) -> list[ItemType]:
    now = utcnow()
    return [ItemType.of(card, audience, now=now) for card in cards]


@strawberry.type
class ItemQueries:
    @strawberry.field(permission_classes=LOGGED_IN, description="Items I sent in by name.")
    async def my_items(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        open: Annotated[
            bool | None,
            strawberry.argument(
                description="true: only open items; false: only finished ones (resolved, "
                "declined, closed); null: all."
            ),
        ] = None,
    ) -> Connection[ItemType]:
        principal = await principal_of(info)
        offset, limit = decode_cursor(after), page_size(first)
        items, total = await queries.my_items(
            principal.user_id, offset=offset, limit=limit, open=open
        )
        return connection(_shown(items, Visibility.SUBMITTER), offset=offset, total=total)

    @strawberry.field(permission_classes=LOGGED_IN)
    async def item(self, info: Info, id: strawberry.ID) -> ItemType:
        visible = await access.card_for(await principal_of(info), item_id(id))
        return ItemType.of(visible.card, visible.audience)

    @strawberry.field(permission_classes=MANAGER, description="The resolution board.")
    async def board(
        self,
        info: Info,
        filter: BoardFilterInput | None = None,
        sort: BoardSort = BoardSort.PRIORITY,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[ItemType]:
        offset, limit = decode_cursor(after), page_size(first)
        page = await board.board_page(
            await principal_of(info),
            (filter or BoardFilterInput()).to_domain(),
            sort=sort,
            offset=offset,
            limit=limit,
        )
        return connection(
            _shown(page.cards, Visibility.INTERNAL),
            offset=offset,
            total=page.total,
            total_is_exact=page.total_is_exact,
        )

    @strawberry.field(description="A relayed problem, for its customer (token from the email).")
    async def customer_status(self, token: str) -> CustomerStatus:
        view = await access.customer_view(token)
        return CustomerStatus.of(view.card, view.contact)
