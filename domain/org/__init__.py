"""The organisation: people, teams and the categories routed to them."""
