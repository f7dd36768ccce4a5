"""Background delivery: the outbox worker, email rendering and sending, schedules.

Workers import `server` (models, settings) but never `graphql_schema`.
"""
