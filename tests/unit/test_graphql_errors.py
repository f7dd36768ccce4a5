"""Errors as the client sees them: expected ones keep their message and code, anything
unexpected becomes INTERNAL, and the server's log line names the failure without the
values involved."""

from __future__ import annotations

import logging

import pytest
from graphql import GraphQLError, located_error

from domain.errors import StaleVersion, ValidationFailed
from graphql_schema.errors import INTERNAL_MESSAGE, coded, log_unexpected

SECRET = "karin@example.net"  # a customer's address: must never reach a client or a log


def raised_in_a_resolver(exception: Exception) -> GraphQLError:
    """The error graphql-core makes of an exception a resolver raised."""
    try:
        raise exception
    except Exception as error:
        return located_error(error, nodes=None, path=["item", "customer", "email"])


def test_an_unexpected_exception_becomes_internal_without_its_message() -> None:
    error = raised_in_a_resolver(ValueError(f"invalid literal for int(): {SECRET!r}"))
    shown = coded(error).formatted
    assert shown == {
        "message": INTERNAL_MESSAGE,
        "path": ["item", "customer", "email"],
        "extensions": {"code": "INTERNAL"},
    }
    assert SECRET not in str(shown)


def test_a_real_unexpected_exception_is_logged_without_its_values(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def look_up(contacts: dict[str, str]) -> str:
        return contacts[SECRET]  # a KeyError whose message is the address

    try:
        look_up({})
    except KeyError as real:
        error = located_error(real, nodes=None, path=["item", "customer"])
    with caplog.at_level(logging.ERROR, logger="mopper.graphql"):
        log_unexpected([error])
    assert "unexpected KeyError in item.customer" in caplog.text
    assert "look_up" in caplog.text  # the frames say where
    assert SECRET not in caplog.text


def test_domain_errors_keep_their_message_and_code() -> None:
    invalid = coded(raised_in_a_resolver(ValidationFailed({"title": "At most 140 characters."})))
    assert invalid.message == "Some fields need attention."
    assert invalid.extensions == {
        "code": "VALIDATION",
        "fields": {"title": "At most 140 characters."},
    }
    stale = coded(raised_in_a_resolver(StaleVersion(current_version=4)))
    assert stale.extensions == {"code": "STALE_VERSION", "currentVersion": 4}


def test_domain_errors_are_not_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="mopper.graphql"):
        log_unexpected([raised_in_a_resolver(StaleVersion(current_version=4))])
    assert caplog.text == ""


def test_a_permission_refusal_passes_as_it_is() -> None:
    refusal = GraphQLError("Please log in.", extensions={"code": "UNAUTHENTICATED"})
    error = raised_in_a_resolver(refusal)
    assert coded(error).formatted["extensions"] == {"code": "UNAUTHENTICATED"}
    assert coded(error).message == "Please log in."


def test_graphql_cores_own_complaints_are_internal_and_logged_without_values(
    caplog: pytest.LogCaptureFixture,
) -> None:
    error = GraphQLError(f"String cannot represent value: {SECRET!r}", path=["item", "title"])
    assert coded(error).extensions == {"code": "INTERNAL"}
    with caplog.at_level(logging.ERROR, logger="mopper.graphql"):
        log_unexpected([error])
    assert "unexpected GraphQL error in item.title: String cannot represent value" in caplog.text
    assert SECRET not in caplog.text
