"""How the help centre finds articles: terms folded as people type them, ranked by BM25.

A term is a run of letters and digits (cut at LONGEST_TERM) after core.text.fold, so "Facturé", "facture" and
"FACTURE" are one term and a query needs neither accents nor capitals. An article's terms are
weighted where they stand: a word of the title counts TITLE_WEIGHT times, of the category
CATEGORY_WEIGHT times, of the body once. A query's word matches a term it equals and, from
PREFIX_FROM letters on, a term it begins (so "invoice" finds "invoices" and a subject being
typed, "factu", already finds "facture"); a prefix match counts PREFIX_SHARE of an exact one.

The ranking is Okapi BM25 (k1 1.2, b 0.75) over the articles of the reader's language, all of
which one Query returns (tickets.help_models): there is no other index to keep.
"""

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from functions.core.text import fold

TITLE_WEIGHT = 3
CATEGORY_WEIGHT = 2
PREFIX_FROM = 3
PREFIX_SHARE = 0.7
K1 = 1.2
B = 0.75
LONGEST_TERM = 32  # longer runs (a pasted address, a part number) are cut: an entry stays small
MOST_TERMS = 200  # an article's heaviest terms kept: a long article stays a small index item (~3 kB)
_WORD = re.compile(r"[a-z0-9]+")
_SPELLED = str.maketrans({"ł": "l", "œ": "oe", "æ": "ae", "ß": "ss", "ø": "o"})


def words(text: str) -> list[str]:
    """The folded words of a text, in order ("Où est ma facture ?" -> ["ou", "est", "ma", "facture"])."""
    # ł, œ and æ have no combining form for fold to drop: spelled as people type them.
    folded = fold(text).translate(_SPELLED)
    return [word[:LONGEST_TERM] for word in _WORD.findall(folded)]


def terms_of(title: str, category: str, body: str) -> dict[str, int]:
    """An article's terms and their weights."""
    weights: Counter[str] = Counter()
    for word in words(title):
        weights[word] += TITLE_WEIGHT
    for word in words(category):
        weights[word] += CATEGORY_WEIGHT
    weights.update(words(body))
    return dict(weights.most_common(MOST_TERMS))


@dataclass(frozen=True)
class Candidate:
    """What the ranking needs of an article: its id and its terms."""

    article_id: str
    terms: Mapping[str, int]
    length: int


def _match(word: str, terms: Mapping[str, int]) -> float:
    """How much of `word` the article has: its exact term's weight, plus its prefix matches'."""
    exact = float(terms.get(word, 0))
    if len(word) < PREFIX_FROM:
        return exact
    longer = sum(weight for term, weight in terms.items() if term != word and term.startswith(word))
    return exact + PREFIX_SHARE * longer


def rank(query: str, candidates: Iterable[Candidate]) -> list[tuple[str, float]]:
    """The articles that match `query`, best first: (article id, score), ties by id."""
    asked = list(dict.fromkeys(words(query)))
    pool = list(candidates)
    if not asked or not pool:
        return []
    average = sum(c.length for c in pool) / len(pool) or 1.0
    matches = {word: [_match(word, c.terms) for c in pool] for word in asked}
    scores = [0.0] * len(pool)
    for found in matches.values():
        having = sum(1 for weight in found if weight > 0)
        if not having:
            continue
        idf = math.log(1 + (len(pool) - having + 0.5) / (having + 0.5))
        for at, weight in enumerate(found):
            if weight > 0:
                norm = K1 * (1 - B + B * pool[at].length / average)
                scores[at] += idf * weight * (K1 + 1) / (weight + norm)
    ranked = [(c.article_id, score) for c, score in zip(pool, scores, strict=True) if score > 0]
    return sorted(ranked, key=lambda pair: (-pair[1], pair[0]))
