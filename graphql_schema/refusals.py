"""A refused request gets an answer in the shape of a GraphQL response without data, so
that a client reads every failure the same way: `errors[0].extensions.code`.

BAD_REQUEST             the body is not JSON, or a GraphQL parameter has the wrong type
METHOD_NOT_ALLOWED      not GET or POST, or a mutation sent over GET
NOT_ACCEPTABLE          the Accept header allows no JSON answer
UNSUPPORTED_MEDIA_TYPE  a POST that is not application/json
CROSS_SITE_REQUEST      a state-changing request from another site
REQUEST_TOO_LARGE       a body over MOPPER_MAX_REQUEST_BYTES
"""

from __future__ import annotations

from collections.abc import Mapping

import orjson
from starlette.responses import Response

JSON = "application/json"


def refusal(
    status: int,
    code: str,
    message: str,
    *,
    media_type: str = JSON,
    headers: Mapping[str, str] | None = None,
) -> Response:
    body = orjson.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    return Response(
        body,
        status_code=status,
        headers=headers,
        media_type=f"{media_type}; charset=utf-8",
    )
