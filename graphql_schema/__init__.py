"""Mopper's GraphQL API: thin resolvers over the domain in `server`.

A resolver is a short script: declared permission, parse the input, call one domain
function, shape the answer. Rules, queries and side effects live in `server`.
"""
