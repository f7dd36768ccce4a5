"""The anonymous channel, `POST /graphql/anonymous`: its own schema, with a context that
has no way to a session or a person (`context.py`)."""
