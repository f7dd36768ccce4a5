"""Who is asking: passwords, sessions, login throttling and the request's principal."""
