"""Field permissions: declared on each field, checked before its resolver runs."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from domain.auth.principal import Principal
from graphql_schema.context import Info


class IsLoggedIn(BasePermission):
    message = "Please log in."
    error_extensions = {"code": "UNAUTHENTICATED"}

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return await info.context.principal() is not None


class IsManager(BasePermission):
    """Use after IsLoggedIn: `permission_classes=[IsLoggedIn, IsManager]`."""

    message = "Only managers and admins may do that."
    error_extensions = {"code": "FORBIDDEN"}

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        principal = await info.context.principal()
        return principal is not None and principal.is_manager


class IsAdmin(BasePermission):
    """Use after IsLoggedIn: `permission_classes=[IsLoggedIn, IsAdmin]`."""

    message = "Only admins may do that."
    error_extensions = {"code": "FORBIDDEN"}

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        principal = await info.context.principal()
        return principal is not None and principal.is_admin


LOGGED_IN: list[type[BasePermission]] = [IsLoggedIn]
MANAGER: list[type[BasePermission]] = [IsLoggedIn, IsManager]
ADMIN: list[type[BasePermission]] = [IsLoggedIn, IsAdmin]


async def principal_of(info: Info) -> Principal:
    """The logged-in principal, for resolvers whose field declares IsLoggedIn or IsManager."""
    principal = await info.context.principal()
    assert principal is not None, "the field's permission class guarantees a principal"
    return principal
