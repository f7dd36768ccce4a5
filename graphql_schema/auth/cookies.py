from __future__ import annotations

from domain.auth.service import LoggedIn
from graphql_schema.context import Info


def start_session(info: Info, logged_in: LoggedIn) -> None:
    """Set the session cookie of a new session, and act as its person from here on."""
    settings = info.context.services.settings
    info.context.response.set_cookie(
        settings.session_cookie, logged_in.session_token, **settings.session_cookie_attributes
    )
    info.context.forget_principal(logged_in.principal)
