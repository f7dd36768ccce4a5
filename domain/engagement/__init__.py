"""Engagement: items shared with colleagues, "me too" (named or anonymous), and merging
duplicates. Similar items are found through `domain/search/`."""
