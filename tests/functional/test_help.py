"""The help centre (docs/help.md): search ranking with folded accents, the draft and public
rules, the counts, and what a page of it costs."""

import uuid
from typing import Any

import pytest
import requests

from functions.tickets.help_models import IndexEntryItem, article_sk, index_key
from functions.tickets.help_search import terms_of
from local.demo import load_demo_history
from tests.functional.dynamodb_calls import DynamoDBCalls
from tests.functional.test_documents import PDF, PNG, facts, post_file, s3_versions
from tests.functional.visitor import Visitor

ARTICLES = "/tickets/help/articles"
STAFF = "/tickets/operator/help/articles"
VOTER = "reader-0123456789abcdef"


def write(operator: Visitor, title: str, body: str, category: str = "Billing", language: str = "en") -> str:
    made = operator.create(STAFF, {"language": language, "category": category, "title": title, "body": body})
    assert made.status_code == 201, made.json_body
    return str(made.json_body["article_id"])


def publish(operator: Visitor, article_id: str, language: str = "en") -> Any:
    reply = operator.post(f"{STAFF}/{article_id}/versions/{language}/publish")
    assert reply.status_code == 200, reply.json_body
    return reply.json_body


def rewrite(operator: Visitor, article_id: str, language: str, text: dict[str, str]) -> Any:
    """Save a version as the console does: with the article's version as just read."""
    version = operator.get(f"{STAFF}/{article_id}").json_body["version"]
    reply = operator.call("PUT", f"{STAFF}/{article_id}/versions/{language}", {**text, "version": version})
    assert reply.status_code == 200, reply.json_body
    return reply.json_body


def found(reader: Visitor, query: str, lang: str = "en") -> list[str]:
    reply = reader.get(f"{ARTICLES}?lang={lang}&q={query}")
    assert reply.status_code == 200, reply.json_body
    return [a["title"] for a in reply.json_body["articles"]]


@pytest.fixture
def library(operator: Visitor) -> dict[str, str]:
    """A small help centre: three published articles in English, one in French, a draft."""
    made = {
        "pay": write(operator, "How do I pay an invoice?", "Open **Billing**, choose the invoice and press **Pay**."),
        "part": write(
            operator,
            "Paying part of an invoice",
            "Type the amount you want to pay now; the rest stays due on invoices.",
        ),
        "book": write(operator, "Booking an appointment", "Choose a time on **Bookings**.", category="Appointments"),
        "facture": write(
            operator,
            "Où trouver une facture ?",
            "Chaque montant Facturé apparaît dans **Facturation**, avec son échéance et son reçu.",
            category="Facturation",
            language="fr",
        ),
        "draft": write(operator, "Refunds for invoices (draft)", "Not ready yet: invoices invoices invoices."),
    }
    for key in ("pay", "part", "book", "facture"):
        publish(operator, made[key], "fr" if key == "facture" else "en")
    return made


def test_a_search_finds_its_article_first_with_accents_and_capitals_folded(
    visitor: Visitor, library: dict[str, str]
) -> None:
    assert found(visitor, "pay invoice")[0] == "How do I pay an invoice?"
    assert found(visitor, "PAYING PART")[0] == "Paying part of an invoice"
    assert found(visitor, "facture", "fr")[0] == "Où trouver une facture ?"  # "Facturé" and "facture", one term
    assert found(visitor, "echeance recu", "fr")[0] == "Où trouver une facture ?"
    assert found(visitor, "appoint")[0] == "Booking an appointment"  # a word still being typed
    assert found(visitor, "zebra") == []


def test_a_reader_gets_their_language_then_the_business_s(visitor: Visitor, library: dict[str, str]) -> None:
    french = visitor.get(f"{ARTICLES}?lang=fr").json_body
    # Every published article for a French reader: the French one in French, the rest in English.
    assert {(a["title"], a["language"]) for a in french["articles"]} == {
        ("Où trouver une facture ?", "fr"),
        ("How do I pay an invoice?", "en"),
        ("Paying part of an invoice", "en"),
        ("Booking an appointment", "en"),
    }
    assert french["categories"] == [
        {"name": "Appointments", "articles": 1},
        {"name": "Billing", "articles": 2},
        {"name": "Facturation", "articles": 1},
    ]
    billing = visitor.get(f"{ARTICLES}?lang=fr&category=billing").json_body["articles"]
    assert [a["title"] for a in billing] == ["How do I pay an invoice?", "Paying part of an invoice"]


def test_drafts_are_the_consoles_until_published(visitor: Visitor, operator: Visitor, library: dict[str, str]) -> None:
    draft = library["draft"]
    assert "Refunds for invoices (draft)" not in found(visitor, "invoices")
    assert visitor.get(f"{ARTICLES}/{draft}").status_code == 404
    listed = {a["article_id"]: a for a in operator.get(STAFF).json_body["items"]}
    assert listed[draft]["versions"][0]["status"] == "draft"

    publish(operator, draft)
    assert "Refunds for invoices (draft)" in found(visitor, "invoices")
    taken_back = operator.post(f"{STAFF}/{draft}/versions/en/unpublish")
    assert taken_back.json_body["versions"][0]["status"] == "draft"
    assert "Refunds for invoices (draft)" not in found(visitor, "invoices")
    assert visitor.get(f"{ARTICLES}/{draft}").status_code == 404


def test_an_edit_of_a_published_version_is_found_at_once_and_a_new_language_starts_as_a_draft(
    visitor: Visitor, operator: Visitor, library: dict[str, str]
) -> None:
    pay = library["pay"]
    rewrite(operator, pay, "en", {"category": "Billing", "title": "Paying by card", "body": "Use a card."})
    assert found(visitor, "card") == ["Paying by card"]
    french = rewrite(operator, pay, "fr", {"category": "Facturation", "title": "Payer par carte", "body": "Carte."})
    assert {v["language"]: v["status"] for v in french["versions"]} == {"en": "published", "fr": "draft"}
    assert visitor.get(f"{ARTICLES}/{pay}?lang=fr").json_body["title"] == "Paying by card"
    publish(operator, pay, "fr")
    assert visitor.get(f"{ARTICLES}/{pay}?lang=fr").json_body["title"] == "Payer par carte"
    assert operator.post(f"{STAFF}/{pay}/versions/pl/publish").json_body["error"]["code"] == "article_version_not_found"
    assert operator.post(f"{STAFF}/{pay}/versions/xx/publish").status_code == 404


def test_markdown_is_rendered_without_raw_html_or_script_links(visitor: Visitor, operator: Visitor) -> None:
    body = "## Steps\n\n<script>alert(1)</script>\n\n[bad](javascript:alert(1)) [Billing](/billing) [out](https://example.com)"
    article_id = write(operator, "Markdown", body)
    publish(operator, article_id)
    html = visitor.get(f"{ARTICLES}/{article_id}").json_body["html"]
    assert "<h3>Steps</h3>" in html  # the title is the page's h1, the article's headings below it
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript:' not in html
    assert '<a href="/billing">Billing</a>' in html
    assert '<a href="https://example.com" rel="noopener noreferrer">out</a>' in html


def test_views_and_votes_are_counted_one_vote_per_reader(
    visitor: Visitor, operator: Visitor, library: dict[str, str]
) -> None:
    pay = library["pay"]
    visitor.get("/auth/session")  # the CSRF cookie every write carries, as a page has it
    for _ in range(3):
        visitor.get(f"{ARTICLES}/{pay}")
    assert visitor.post(f"{ARTICLES}/{pay}/votes", {"helpful": True, "voter": VOTER}).json_body == {
        "helpful": 1,
        "not_helpful": 0,
    }
    again = visitor.post(f"{ARTICLES}/{pay}/votes", {"helpful": True, "voter": VOTER})
    assert again.json_body == {"helpful": 1, "not_helpful": 0}, "the same vote again changes nothing"
    changed = visitor.post(f"{ARTICLES}/{pay}/votes", {"helpful": False, "voter": VOTER})
    assert changed.json_body == {"helpful": 0, "not_helpful": 1}
    other = visitor.post(f"{ARTICLES}/{pay}/votes", {"helpful": True, "voter": "another-reader-0000000"})
    assert other.json_body == {"helpful": 1, "not_helpful": 1}
    refused = visitor.post(f"{ARTICLES}/{pay}/votes", {"helpful": True, "voter": "short"})
    assert refused.status_code == 400
    assert refused.json_body["error"]["details"][0]["field"] == "voter"
    assert visitor.post(f"{ARTICLES}/{library['draft']}/votes", {"helpful": True, "voter": VOTER}).status_code == 404

    figures = operator.get(f"{STAFF}/{pay}").json_body
    assert (figures["views"], figures["helpful"], figures["not_helpful"]) == (3, 1, 1)


def test_this_solved_it_counts_a_ticket_avoided_once_per_ticket_form(
    dana: Visitor, operator: Visitor, library: dict[str, str]
) -> None:
    pay = library["pay"]
    form = uuid.uuid4().hex
    solved = dana.call("POST", f"{ARTICLES}/{pay}/solved", headers={"Idempotency-Key": form})
    assert solved.json_body == {"article_id": pay, "avoided": 1}
    retried = dana.call("POST", f"{ARTICLES}/{pay}/solved", headers={"Idempotency-Key": form})
    assert retried.json_body == {"article_id": pay, "avoided": 1}, "a double click counts once"
    dana.call("POST", f"{ARTICLES}/{pay}/solved", headers={"Idempotency-Key": uuid.uuid4().hex})
    assert dana.get("/tickets").json_body["items"] == []
    assert {a["article_id"]: a["avoided"] for a in operator.get(STAFF).json_body["items"]}[pay] == 2
    draft = dana.call("POST", f"{ARTICLES}/{library['draft']}/solved", headers={"Idempotency-Key": uuid.uuid4().hex})
    assert draft.status_code == 404
    # The form's key sent again with another article (or none that exists): what it counted.
    for other in (library["part"], "01NOSUCHARTICLE0000000000"):
        again = dana.call("POST", f"{ARTICLES}/{other}/solved", headers={"Idempotency-Key": form})
        assert (again.status_code, again.json_body) == (200, {"article_id": pay, "avoided": 2})


def test_a_help_centre_for_signed_in_people_only_refuses_nobody_signed_in(
    visitor: Visitor, dana: Visitor, operator: Visitor, library: dict[str, str]
) -> None:
    settings = operator.get("/portal/operator/portal/settings").json_body
    assert settings["help_public"] is True
    closed = operator.patch("/portal/operator/portal/settings", {"version": settings["version"], "help_public": False})
    assert closed.status_code == 200, closed.json_body
    assert visitor.get("/portal").json_body["help_public"] is False
    assert visitor.get(ARTICLES).status_code == 401
    assert visitor.get(f"{ARTICLES}/{library['pay']}").status_code == 401
    visitor.get("/auth/session")
    assert visitor.post(f"{ARTICLES}/{library['pay']}/votes", {"helpful": True, "voter": VOTER}).status_code == 401
    assert dana.get(ARTICLES).status_code == 200
    assert operator.get(ARTICLES).status_code == 200  # the staff read what customers read


def test_a_help_centre_turned_off_is_gone_for_readers_and_kept_in_the_console(
    visitor: Visitor, dana: Visitor, operator: Visitor, library: dict[str, str]
) -> None:
    settings = operator.get("/portal/operator/portal/settings").json_body
    actions = {**settings["actions"], "help": False}
    turned = operator.patch("/portal/operator/portal/settings", {"version": settings["version"], "actions": actions})
    assert turned.status_code == 200, turned.json_body
    assert visitor.get(ARTICLES).json_body["error"]["code"] == "part_turned_off"
    assert dana.get(f"{ARTICLES}/{library['pay']}").status_code == 404
    dana.get("/auth/session")
    vote = dana.post(f"{ARTICLES}/{library['pay']}/votes", {"helpful": True, "voter": VOTER})
    assert vote.json_body["error"]["code"] == "part_turned_off"
    solved = dana.call("POST", f"{ARTICLES}/{library['pay']}/solved", headers={"Idempotency-Key": uuid.uuid4().hex})
    assert solved.json_body["error"]["code"] == "part_turned_off"
    assert operator.get(STAFF).status_code == 200


def test_an_editor_who_read_an_older_article_is_told_not_overwritten(
    operator: Visitor, library: dict[str, str]
) -> None:
    pay = library["pay"]
    read = operator.get(f"{STAFF}/{pay}").json_body["version"]  # both editors open the article
    first = rewrite(operator, pay, "en", {"category": "Billing", "title": "First", "body": "One."})
    assert first["version"] == read + 1
    second = {"category": "Billing", "title": "Second", "body": "Two.", "version": read}
    refused = operator.call("PUT", f"{STAFF}/{pay}/versions/en", second)
    assert refused.status_code == 409
    assert refused.json_body["error"]["code"] == "article_changed_meanwhile"
    assert operator.get(f"{STAFF}/{pay}").json_body["texts"][0]["title"] == "First"
    unversioned = operator.call("PUT", f"{STAFF}/{pay}/versions/en", {"category": "B", "title": "T", "body": "."})
    assert unversioned.json_body["error"]["details"][0]["field"] == "version"


def test_writing_an_article_is_once_per_idempotency_key(operator: Visitor) -> None:
    body = {"language": "en", "category": "Billing", "title": "Once", "body": "Only once."}
    first = operator.create(STAFF, body, key="article-key-1")
    again = operator.create(STAFF, body, key="article-key-1")
    assert first.json_body["article_id"] == again.json_body["article_id"]
    assert len(operator.get(STAFF).json_body["items"]) == 1


def _many(count: int, start: int = 0) -> None:
    """`count` published articles of 250 words each in the English index, as publishing writes
    them (written straight to the table: a few hundred transactions would only slow the test)."""
    with IndexEntryItem.batch_write() as batch:
        for n in range(start, start + count):
            title, category = f"Question number {n} about invoices and orders", f"Category {n % 6}"
            terms = terms_of(title, category, " ".join(f"word{(n * 7 + k) % 900}" for k in range(250)))
            batch.save(
                IndexEntryItem(
                    index_key("en"),
                    article_sk(f"bench{n:06d}"),
                    article_id=f"bench{n:06d}",
                    language="en",
                    category=category,
                    title=title,
                    excerpt="word " * 30,
                    updated_at="2026-12-01T09:00:00+00:00",
                    terms=terms,
                    length=sum(terms.values()),
                )
            )


def test_a_search_costs_one_query_whatever_the_number_of_articles(
    visitor: Visitor, dynamodb_calls: DynamoDBCalls
) -> None:
    _many(3)
    few = dynamodb_calls.of_page(visitor, f"{ARTICLES}?q=invoices")
    _many(300, start=3)  # a few hundred long articles still fit one page of DynamoDB
    many = dynamodb_calls.of_page(visitor, f"{ARTICLES}?q=invoices")
    assert few == many == ["Query"]
    reply = visitor.get(f"{ARTICLES}?q=invoices&count=200").json_body
    assert len(reply["articles"]) == 200
    assert sum(c["articles"] for c in reply["categories"]) == 303


def test_the_demo_help_centre_has_a_dozen_articles_each_in_four_languages(
    people: dict[str, str], visitor: Visitor, operator: Visitor
) -> None:
    load_demo_history()
    articles = operator.get(STAFF).json_body["items"]
    assert len(articles) == 12
    assert all(
        {(v["language"], v["status"]) for v in a["versions"]}
        == {("en", "published"), ("fr", "published"), ("pl", "published"), ("fi", "published")}
        for a in articles
    )
    for lang in ("en", "fr", "pl", "fi"):
        shown = visitor.get(f"{ARTICLES}?lang={lang}").json_body
        assert {a["language"] for a in shown["articles"]} == {lang}
        assert len(shown["articles"]) == 12
    assert found(visitor, "facture", "fr"), "the French demo articles are found by their words"


# --- an article's files ----------------------------------------------------------------------

FILES_PREFIX = "customers/HELP/help/"


def start_file(operator: Visitor, article_id: str, body: bytes, name: str, content_type: str) -> Any:
    started = operator.post(f"{STAFF}/{article_id}/files/uploads", facts(body, name, content_type))
    assert started.status_code == 201, started.json_body
    assert post_file(started.json_body["form"], body).status_code == 204
    return started.json_body


def attach(operator: Visitor, article_id: str, body: bytes = PDF, name: str = "Price list.pdf") -> Any:
    started = start_file(operator, article_id, body, name, "application/pdf" if body == PDF else "image/png")
    confirmed = operator.post(f"{STAFF}/{article_id}/files/uploads/{started['upload_id']}/confirm")
    assert confirmed.status_code == 200, confirmed.json_body
    return confirmed.json_body


def served(reader: Visitor, url: str) -> bytes:
    reply = reader.get(url.removeprefix("/api"))
    assert reply.status_code == 302, reply.json_body
    return requests.get(reply.headers["Location"], timeout=10).content


def test_an_articles_files_go_through_the_documents_upload_and_reach_its_readers(
    visitor: Visitor, operator: Visitor, dana: Visitor, library: dict[str, str]
) -> None:
    pay = library["pay"]
    price_list = attach(operator, pay)
    screenshot = attach(operator, pay, PNG, "Where to press Pay.png")
    assert operator.get(f"{STAFF}/{pay}").json_body["files"] == [price_list, screenshot]
    shown = visitor.get(f"{ARTICLES}/{pay}").json_body["files"]
    assert [(f["file_name"], f["content_type"], f["size"]) for f in shown] == [
        ("Price list.pdf", "application/pdf", len(PDF)),
        ("Where to press Pay.png", "image/png", len(PNG)),
    ]
    assert served(visitor, shown[0]["url"]) == PDF  # public help centre: before sign-in too
    assert served(dana, shown[1]["url"]) == PNG
    staff_link = operator.get(f"{STAFF}/{pay}/files/{price_list['file_id']}/download")
    assert requests.get(staff_link.json_body["url"], timeout=10).content == PDF
    # A customer cannot write files, and none reaches the console's routes.
    assert dana.post(f"{STAFF}/{pay}/files/uploads", facts(PDF, "x.pdf", "application/pdf")).status_code == 403


def test_a_file_reaches_readers_only_through_its_own_published_article(
    visitor: Visitor, operator: Visitor, library: dict[str, str]
) -> None:
    draft, pay, book = library["draft"], library["pay"], library["book"]
    hidden = attach(operator, draft)
    shown = attach(operator, pay)
    assert visitor.get(hidden["url"].removeprefix("/api")).status_code == 404  # its article is a draft
    # Another article's file, asked through a published one: not found, nothing signed.
    assert visitor.get(f"{ARTICLES}/{book}/files/{shown['file_id']}").status_code == 404
    assert visitor.get(f"{ARTICLES}/{book}/files/{hidden['file_id']}").status_code == 404
    operator.post(f"{STAFF}/{pay}/versions/en/unpublish")
    gone = visitor.get(shown["url"].removeprefix("/api"))
    assert gone.status_code == 404
    publish(operator, draft)
    assert served(visitor, hidden["url"]) == PDF


def test_a_file_is_checked_on_confirm_and_a_repeated_confirm_answers_the_same(
    operator: Visitor, library: dict[str, str]
) -> None:
    pay = library["pay"]
    pretending = start_file(operator, pay, PDF, "photo.png", "image/png")  # a PDF announced as PNG
    refused = operator.post(f"{STAFF}/{pay}/files/uploads/{pretending['upload_id']}/confirm")
    assert refused.status_code == 415
    assert operator.get(f"{STAFF}/{pay}").json_body["files"] == []
    assert s3_versions(FILES_PREFIX) == 0  # the refused object is deleted
    started = start_file(operator, pay, PDF, "Form.pdf", "application/pdf")
    confirm = f"{STAFF}/{pay}/files/uploads/{started['upload_id']}/confirm"
    first, again = operator.post(confirm), operator.post(confirm)
    assert first.status_code == again.status_code == 200
    assert first.json_body == again.json_body
    assert len(operator.get(f"{STAFF}/{pay}").json_body["files"]) == 1
    # Confirmed under another article, the upload is not that article's file.
    assert operator.post(f"{STAFF}/{library['book']}/files/uploads/{started['upload_id']}/confirm").status_code == 404
    assert operator.post(f"{STAFF}/no-such-article/files/uploads", facts(PDF)).status_code == 404


def test_a_file_taken_off_is_gone_for_readers_and_from_the_bucket(
    visitor: Visitor, operator: Visitor, library: dict[str, str]
) -> None:
    pay = library["pay"]
    kept, removed = attach(operator, pay), attach(operator, pay, PNG, "Old.png")
    assert operator.call("DELETE", f"{STAFF}/{pay}/files/{removed['file_id']}").status_code == 204
    assert [f["file_id"] for f in visitor.get(f"{ARTICLES}/{pay}").json_body["files"]] == [kept["file_id"]]
    assert visitor.get(removed["url"].removeprefix("/api")).status_code == 404
    assert s3_versions(FILES_PREFIX) == 1  # the removed file's object, every version of it, is gone
    again = operator.call("DELETE", f"{STAFF}/{pay}/files/{removed['file_id']}")
    assert (again.status_code, again.json_body["error"]["code"]) == (404, "article_file_not_found")
    # Every file taken off, the next one is listed as the first was.
    assert operator.call("DELETE", f"{STAFF}/{pay}/files/{kept['file_id']}").status_code == 204
    assert [f["file_name"] for f in [attach(operator, pay, PNG, "New.png")]] == ["New.png"]
    assert [f["file_name"] for f in visitor.get(f"{ARTICLES}/{pay}").json_body["files"]] == ["New.png"]


def test_an_article_takes_at_most_ten_files(operator: Visitor, library: dict[str, str]) -> None:
    pay = library["pay"]
    for number in range(10):
        attach(operator, pay, PNG, f"Step {number}.png")
    full = operator.post(f"{STAFF}/{pay}/files/uploads", facts(PNG, "one more.png", "image/png"))
    assert (full.status_code, full.json_body["error"]["code"]) == (409, "article_files_full")


def test_an_article_with_files_costs_no_dynamodb_call_more(
    visitor: Visitor, operator: Visitor, library: dict[str, str], dynamodb_calls: DynamoDBCalls
) -> None:
    without = dynamodb_calls.of_page(visitor, f"{ARTICLES}/{library['pay']}")
    attach(operator, library["pay"])
    attach(operator, library["pay"], PNG, "Screen.png")
    assert dynamodb_calls.of_page(visitor, f"{ARTICLES}/{library['pay']}") == without
