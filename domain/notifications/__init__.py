"""Who hears about what, and the transactional outbox that carries it."""
