"""Text as people search it."""

import unicodedata


def fold(text: str) -> str:
    """Lower case without accents, so 'lea' finds 'Léa' and 'creme' finds 'Crème'."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
