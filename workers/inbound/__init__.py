"""Replies by email: an SMTP service (aiosmtpd) for the organisation's mail server to
relay Mopper's reply addresses to. It reads each message (`reading.py`), drops what a
machine sent and refuses what it cannot take (`handler.py`), and hands the rest to the
domain (`domain/replies/receiving.py`), which puts it on the item's timeline."""
