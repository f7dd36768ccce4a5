"""The domain's enums, exposed to GraphQL under the same names.

`strawberry.enum` marks the domain classes themselves, so GraphQL code uses the very
same types as the domain, and the domain still knows nothing of GraphQL.
"""

from __future__ import annotations

import strawberry

from domain.engagement.sharing import SharedSort
from domain.items.board import BoardSort
from domain.items.enums import ActorKind, EventType, ItemKind, Priority, Status, Visibility
from domain.items.targets import TargetState
from domain.org.enums import Locale, Role

strawberry.enum(ItemKind, description="A gripe, or a customer's problem.")
strawberry.enum(Status, description="Where an item is in its life.")
strawberry.enum(Priority)
strawberry.enum(
    Visibility,
    description="Who sees a message: INTERNAL (managers), SUBMITTER (and the employee), "
    "PUBLIC (and the customer).",
)
strawberry.enum(EventType)
strawberry.enum(ActorKind)
strawberry.enum(Role)
strawberry.enum(Locale)
strawberry.enum(BoardSort)
strawberry.enum(SharedSort, description="How the shared items are listed.")
strawberry.enum(TargetState, description="How an open item stands against its response target.")

__all__ = [
    "ActorKind",
    "BoardSort",
    "EventType",
    "ItemKind",
    "Locale",
    "Priority",
    "Role",
    "SharedSort",
    "Status",
    "TargetState",
    "Visibility",
]
