"""The schema: queries and mutations from each area, with the guards every request gets."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import strawberry

from graphql_schema.admin_log.queries import AdminLogQueries
from graphql_schema.auth.mutations.login import login
from graphql_schema.auth.mutations.logout import logout
from graphql_schema.auth.mutations.passwords import (
    change_my_password,
    request_password_reset,
    set_password_with_link,
)
from graphql_schema.auth.queries import AuthQueries
from graphql_schema.documents import LIMITS
from graphql_schema.engagement.mutations.merge_item import merge_item
from graphql_schema.engagement.mutations.say_me_too import say_me_too
from graphql_schema.engagement.queries import EngagementQueries
from graphql_schema.error_codes import ErrorCode
from graphql_schema.execution import MopperSchema
from graphql_schema.insights.queries import InsightsQueries
from graphql_schema.items.mutations.acknowledge_item import acknowledge_item
from graphql_schema.items.mutations.add_message import add_message
from graphql_schema.items.mutations.assign_item import assign_item
from graphql_schema.items.mutations.customer_feedback import customer_feedback
from graphql_schema.items.mutations.give_feedback import give_feedback
from graphql_schema.items.mutations.relay_customer_issue import relay_customer_issue
from graphql_schema.items.mutations.reply_as_customer import reply_as_customer
from graphql_schema.items.mutations.resume_customer_emails import resume_customer_emails
from graphql_schema.items.mutations.set_priority import set_priority
from graphql_schema.items.mutations.stop_customer_emails import stop_customer_emails
from graphql_schema.items.mutations.submit_grievance import submit_grievance
from graphql_schema.items.mutations.transition_item import transition_item
from graphql_schema.items.queries import ItemQueries
from graphql_schema.notifications.mutations.mark_notifications_read import (
    mark_notifications_read,
)
from graphql_schema.notifications.mutations.set_email_preference import set_email_preference
from graphql_schema.notifications.queries import NotificationQueries
from graphql_schema.org.mutations.set_my_locale import set_my_locale
from graphql_schema.org.queries import OrgQueries
from graphql_schema.outbox.mutations.retry_dead_outbox_emails import retry_dead_outbox_emails
from graphql_schema.outbox.mutations.retry_outbox_email import retry_outbox_email
from graphql_schema.outbox.queries import OutboxQueries
from graphql_schema.people.mutations.people import (
    change_person,
    deactivate_person,
    import_people,
    invite_person,
    reactivate_person,
    resend_invitation,
)
from graphql_schema.people.queries import PeopleQueries
from graphql_schema.sso.mutations.remove_oidc_group_mapping import remove_oidc_group_mapping
from graphql_schema.sso.mutations.set_oidc_group_mapping import set_oidc_group_mapping
from graphql_schema.sso.queries import SsoQueries
from graphql_schema.tokens.mutations.issue_anonymous_tokens import issue_anonymous_tokens
from graphql_schema.tokens.queries import TokenQueries
from graphql_schema.triage_aid.mutations import (
    acknowledge_with_triage,
    reset_triage_aid,
    save_triage_aid,
)
from graphql_schema.triage_aid.queries import TriageAidQueries

SDL_PATH = Path(__file__).with_name("schema.graphql")


@strawberry.type
class Query(
    ItemQueries,
    EngagementQueries,
    OrgQueries,
    OutboxQueries,
    TokenQueries,
    AdminLogQueries,
    AuthQueries,
    PeopleQueries,
    TriageAidQueries,
    SsoQueries,
    NotificationQueries,
    InsightsQueries,
):
    pass


@strawberry.type
class Mutation:
    login = login
    logout = logout
    submit_grievance = submit_grievance
    relay_customer_issue = relay_customer_issue
    issue_anonymous_tokens = issue_anonymous_tokens
    acknowledge_item = acknowledge_item
    acknowledge_with_triage = acknowledge_with_triage
    assign_item = assign_item
    set_priority = set_priority
    transition_item = transition_item
    add_message = add_message
    customer_feedback = customer_feedback
    reply_as_customer = reply_as_customer
    give_feedback = give_feedback
    stop_customer_emails = stop_customer_emails
    resume_customer_emails = resume_customer_emails
    retry_outbox_email = retry_outbox_email
    retry_dead_outbox_emails = retry_dead_outbox_emails
    set_my_locale = set_my_locale
    set_password_with_link = set_password_with_link
    request_password_reset = request_password_reset
    change_my_password = change_my_password
    invite_person = invite_person
    import_people = import_people
    change_person = change_person
    deactivate_person = deactivate_person
    reactivate_person = reactivate_person
    resend_invitation = resend_invitation
    save_triage_aid = save_triage_aid
    reset_triage_aid = reset_triage_aid
    say_me_too = say_me_too
    merge_item = merge_item
    set_oidc_group_mapping = set_oidc_group_mapping
    remove_oidc_group_mapping = remove_oidc_group_mapping
    mark_notifications_read = mark_notifications_read
    set_email_preference = set_email_preference


@lru_cache(maxsize=2)
def build_schema(*, introspection: bool) -> MopperSchema:
    """The schema, built once per process (it is immutable). Every document is checked
    against the limits once (`documents.py`); batching is off."""
    return MopperSchema(
        query=Query,
        mutation=Mutation,
        limits=LIMITS,
        introspection=introspection,
        # Not returned by any field: in the schema so that the SDL lists every code.
        types=[ErrorCode],
    )


def printed_sdl() -> str:
    return str(build_schema(introspection=True)) + "\n"


def _main(*args: Any) -> None:
    """`make schema`: both schemas' SDL (this one's and the anonymous channel's)."""
    from graphql_schema.sdl import write_all

    write_all()


if __name__ == "__main__":
    _main()
