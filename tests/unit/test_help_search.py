"""The help centre's search (functions/tickets/help_search.py): folded words, weights, BM25."""

from functions.tickets.help_markdown import to_text
from functions.tickets.help_search import LONGEST_TERM, MOST_TERMS, Candidate, rank, terms_of, words


def _candidate(article_id: str, title: str, body: str, category: str = "") -> Candidate:
    terms = terms_of(title, category, body)
    return Candidate(article_id, terms, sum(terms.values()))


def test_words_fold_case_accents_and_polish_l() -> None:
    assert words("Où est ma FACTURE ? Facturé !") == ["ou", "est", "ma", "facture", "facture"]
    assert words("Płatność za fakturę") == ["platnosc", "za", "fakture"]
    assert words("Hyvä lasku, 2026") == ["hyva", "lasku", "2026"]
    assert words("Le cœur du sujet") == ["le", "coeur", "du", "sujet"]
    assert words("?! … —") == []


def test_a_term_is_cut_at_its_longest_so_an_index_entry_stays_small() -> None:
    pasted = "https://example.com/" + "x" * 500
    assert max(len(term) for term in terms_of("Title", "Category", pasted)) == LONGEST_TERM
    body = " ".join(f"{n:0{LONGEST_TERM}d}" for n in range(MOST_TERMS * 2))  # as many long words as can be
    assert len(terms_of("Title", "Category", body)) == MOST_TERMS


def test_a_title_word_weighs_more_than_the_same_word_in_a_body() -> None:
    in_title = _candidate("a", "Refunds", "How money comes back.")
    in_body = _candidate("b", "Money back", "Refunds take five days.")
    assert [article_id for article_id, _ in rank("refunds", [in_body, in_title])] == ["a", "b"]


def test_a_word_being_typed_finds_the_words_it_begins() -> None:
    pool = [_candidate("a", "Invoices", "Paying them."), _candidate("b", "Bookings", "Times.")]
    assert [article_id for article_id, _ in rank("invo", pool)] == ["a"]
    assert rank("in", pool) == [], "two letters are too few to stand for a word"


def test_a_rare_word_counts_more_than_one_every_article_has() -> None:
    pool = [
        _candidate("a", "How to pay", "How to pay by card."),
        _candidate("b", "How to book", "How to book a visit."),
        _candidate("c", "How to cancel", "How to cancel an order."),
    ]
    assert rank("how cancel", pool)[0][0] == "c"


def test_nothing_matches_nothing_and_ties_keep_one_order() -> None:
    pool = [_candidate("b", "Same", "Text."), _candidate("a", "Same", "Text.")]
    assert rank("zebra", pool) == []
    assert rank("", pool) == []
    assert rank("?!", pool) == []
    assert [article_id for article_id, _ in rank("same", pool)] == ["a", "b"]


def test_the_searched_text_is_what_a_reader_sees_not_the_markdown() -> None:
    assert to_text("## Pay\n\nPress **Pay** on [Billing](/billing).") == "Pay Press Pay on Billing."
