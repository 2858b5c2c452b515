"""Words as the database index stores and matches them: accents and case removed, misspellings
corrected to words of the index, synonyms expanded.

The same functions normalise the text written into the index (``search.backends.database``) and
the words of a query, on PostgreSQL and SQLite alike, so that ``café`` and ``cafe`` are one word
everywhere and both databases answer the same.

Typo tolerance follows Meilisearch's rule: a query word of 5 letters or more may differ by one
edit from a word of the index, one of 9 letters or more by two (an insertion, a deletion, a
substitution or two neighbouring letters swapped: optimal string alignment distance); shorter
words must be typed right. A word the index knows is never corrected.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

WORD = re.compile(r"\w+")
ONE_TYPO_FROM = 5
TWO_TYPOS_FROM = 9
# Corrections kept per misspelt word, closest first: each one is searched for.
CORRECTIONS_LIMIT = 3


def normalized(text: str) -> str:
    """Lower case, without accents: ``Café Crème`` → ``cafe creme``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def words(text: str) -> list[str]:
    """The normalised words of ``text``, in order."""
    return WORD.findall(normalized(text))


def typos_allowed(word: str) -> int:
    if len(word) >= TWO_TYPOS_FROM:
        return 2
    if len(word) >= ONE_TYPO_FROM:
        return 1
    return 0


def corrections(word: str, vocabulary: Sequence[str]) -> list[str]:
    """Words of the vocabulary within the typos ``word`` may have, closest first (then
    alphabetical); none for a word the vocabulary holds or too short to correct."""
    allowed = typos_allowed(word)
    if not allowed or not vocabulary:
        return []
    found = process.extract(word, vocabulary, scorer=OSA.distance, score_cutoff=allowed, limit=None)
    closest = sorted((distance, candidate) for candidate, distance, _index in found)
    return [candidate for _distance, candidate in closest[:CORRECTIONS_LIMIT]]


@dataclass(frozen=True)
class QueryTerm:
    """One word of a query and what may stand for it in a match: any one of ``alternatives``
    (each a phrase of one or more words) matches the term."""

    typed: str
    alternatives: tuple[tuple[str, ...], ...]
    corrected: str | None = None  # the correction shown to the shopper, when the word had one
    prefix: bool = False  # the last word of a query also matches as the start of a word


def query_terms(
    *,
    text: str,
    vocabulary: Collection[str],
    synonyms: Mapping[str, Sequence[str]],
    known: Collection[str] | None = None,
) -> list[QueryTerm]:
    """The terms of a query: each word, or its corrections when it is not ``known`` (by default
    the vocabulary), plus the synonyms of either (``synonyms`` as
    ``search.synonyms.search_synonyms`` gives them: word → the words meaning the same).
    Corrections are words of ``vocabulary``."""
    typed_words = words(text)
    ordered = vocabulary if isinstance(vocabulary, Sequence) else sorted(vocabulary)
    if known is None:
        known = vocabulary
    if not isinstance(known, (set, frozenset)):
        known = set(known)
    normalized_synonyms = {
        normalized(word): [tuple(words(other)) for other in others]
        for word, others in synonyms.items()
    }
    terms = []
    for position, word in enumerate(typed_words):
        is_last = position == len(typed_words) - 1
        candidates = [word]
        corrected = None
        if word not in known:
            fixes = corrections(word, ordered)
            if fixes:
                corrected = fixes[0]
                candidates = [word, *fixes]
        alternatives: list[tuple[str, ...]] = []
        for candidate in candidates:
            for phrase in [(candidate,), *normalized_synonyms.get(candidate, [])]:
                if phrase and phrase not in alternatives:
                    alternatives.append(phrase)
        terms.append(
            QueryTerm(
                typed=word, alternatives=tuple(alternatives), corrected=corrected, prefix=is_last
            )
        )
    return terms


def corrected_text(terms: Sequence[QueryTerm]) -> str | None:
    """The query as searched after corrections (``espresso grinder``), or None when no word
    was corrected."""
    if not any(term.corrected for term in terms):
        return None
    return " ".join(term.corrected or term.typed for term in terms)
