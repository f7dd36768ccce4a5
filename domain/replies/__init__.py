"""Replies by email: the reply address each email carries, and turning a reply into a
message on the item's timeline."""
