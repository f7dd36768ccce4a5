"""Mopper's server: the app factory (the one composition root), the HTTP edge and the
entry points. It sits on top: the only package that wires the API (`graphql_schema`),
the workers and, in development only, the dev tools together over the domain.
"""
