"""Mopper's domain: items, the organisation, sign-in, notifications and their persistence.

It imports nothing of HTTP, GraphQL, the workers or the dev tools: they all sit above it.
"""
