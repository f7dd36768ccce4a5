"""Mopper's server: settings, the app factory, the domain and its persistence.

Nothing in this package imports `graphql_schema` or `workers`, except the composition
root `server.app`, which assembles the three.
"""
