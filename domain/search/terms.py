"""Words out of whatever somebody typed, and their Dutch and English stems.

Input is text of any length, script or punctuation: only runs of letters and digits are
kept (`\\w+`), so quotes, `*`, `NEAR`, `AND`, emoji and the like never reach a search
engine as operators. PostgreSQL stems with its own `dutch` and `english` configurations
(Snowball, with the stop-word lists kept in `stopwords/`, copied from PostgreSQL's
`tsearch_data`); SQLite's FTS5 has no Dutch stemmer, so for it the same Snowball
algorithms run here (snowballstemmer) and FTS5 indexes the stems.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import snowballstemmer

# What a query looks at: the first characters, and the first distinct words among them.
QUERY_CHARS = 1_000
QUERY_WORDS = 12
# A word longer than this is no word anybody searches for (PostgreSQL drops words over
# 2,047 bytes; FTS5 would index them): both sides skip it.
WORD_MAX = 60

_WORD = re.compile(r"\w+")
_STOPWORDS = Path(__file__).with_name("stopwords")
# Snowball's original Dutch algorithm, the one PostgreSQL's `dutch` configuration uses.
_ALGORITHMS = {"nl": "dutch_porter", "en": "english"}


@cache
def _stopwords(language: str) -> frozenset[str]:
    text = (_STOPWORDS / f"{language}.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


@cache
def _stemmer(language: str) -> Any:
    return snowballstemmer.stemmer(_ALGORITHMS[language])


def words(text: str, *, limit: int | None = None) -> list[str]:
    """The distinct words of `text`, lower-cased, in order; overlong words and words
    with an underscore (which a regular expression's word class counts as a letter) left out."""
    found: dict[str, None] = {}
    for match in _WORD.finditer(text.lower()):
        word = match.group()
        if len(word) > WORD_MAX or "_" in word:
            continue
        found.setdefault(word, None)
        if limit is not None and len(found) >= limit:
            break
    return list(found)


def query_words(text: str) -> list[str]:
    """The words a search looks for: none that is a stop word in either language (the
    English index keeps "de", which would match every Dutch text)."""
    candidates = words(text[:QUERY_CHARS], limit=QUERY_WORDS * 4)
    stop = _stopwords("nl") | _stopwords("en")
    return [w for w in candidates if w not in stop][:QUERY_WORDS]


@lru_cache(maxsize=65_536)
def _stems_of(word: str) -> tuple[str, ...]:
    """The word's stems: Dutch unless a Dutch stop word, English unless an English one.
    (Kept for the most recent words: Snowball in Python costs ~20 µs a word.)"""
    return tuple(
        _stemmer(language).stemWord(word)
        for language in ("nl", "en")
        if word not in _stopwords(language)
    )


def stems(words_: list[str]) -> list[str]:
    """Every distinct stem of these words, in both languages."""
    return list(dict.fromkeys(stem for word in words_ for stem in _stems_of(word)))


def document_stems(text: str) -> str:
    """What FTS5 indexes for a text: its stems, space-separated."""
    return " ".join(stems(words(text)))
