"""`python -m bench`: how fast the API's request path is, and what a board page costs.

It serves the real app under uvicorn in a subprocess, drives it from another process
and prints, from one run, requests/s of `{ __typename }` over HTTP POST next to a bare
Starlette JSON endpoint in the same server process (with their ratio), and the number
of SQL statements a board page and a "my items" page cost for 10 and for 50 cards.
See docs/performance.md.
"""
