"""The help centre: articles the business writes, found by customers before a ticket is needed.

Readers get the published versions only, in their language where it is written, else in the
business's language, else in any (`_served`). Each write to an article (a version written,
published or taken back) rewrites, in the same transaction, the console's item of the article
and the article's entry in each language's index (tickets.help_models), so what a search finds
is never behind what the console shows. Two editors saving the same article at once: the one
second is a 409, not a lost edit (ArticleItem.version).

Counting: a view when an article is read; a vote per reader (a changed vote moves both
counts); a ticket avoided once per ticket form (its Idempotency-Key) when "this solved it".
"""

from collections import Counter
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol, cast

from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from functions.core import idempotency
from functions.core.clock import Clock
from functions.core.contact import LANGUAGES
from functions.core.errors import Conflict, NotFound
from functions.core.idempotency import IdempotencyItem
from functions.core.ids import new_id
from functions.core.parts import business_language, parts_on
from functions.core.principal import Principal
from functions.core.text import fold
from functions.core.transactions import Transaction
from functions.tickets.help_files import files_of
from functions.tickets.help_markdown import to_html, to_text
from functions.tickets.help_models import (
    ARTICLES,
    VERSION_PREFIX,
    ArticleItem,
    ArticleVersionItem,
    IndexEntryItem,
    VoteItem,
    article_key,
    article_sk,
    index_key,
    version_sk,
    vote_sk,
)
from functions.tickets.help_schemas import (
    ArticleStatus,
    ArticleSummary,
    ArticleVersion,
    HelpArticle,
    HelpCategory,
    HelpIndex,
    HelpQuery,
    Solved,
    StaffArticle,
    StaffArticles,
    StaffArticleSummary,
    VersionChange,
    VersionState,
    Vote,
    Votes,
)
from functions.tickets.help_search import Candidate, rank, terms_of

EXCERPT_LENGTH = 160
CREATE = "HELP_ARTICLE"
SOLVED = "HELP_SOLVED"
NOT_FOUND = "There is no such article."
CHANGED = "Someone saved this article meanwhile; reload it and make your change again."


# --- readers ------------------------------------------------------------------------------


class Text(Protocol):
    """What a language's version says: a change from the console or the version saved."""

    @property
    def category(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def body(self) -> str: ...


def _summary(item: IndexEntryItem) -> ArticleSummary:
    return ArticleSummary(
        article_id=item.article_id,
        language=item.language,
        category=item.category,
        title=item.title,
        excerpt=item.excerpt,
        updated_at=item.updated_at,
    )


def find(query: HelpQuery) -> HelpIndex:
    """The categories and the articles asked, from one Query of the language's index."""
    entries = list(IndexEntryItem.query(index_key(query.lang)))
    # One category however its articles spell it ("Billing", "billing"): the first spelling names it.
    named = Counter(fold(entry.category) for entry in entries)
    spelled = {fold(entry.category): entry.category for entry in reversed(entries)}
    categories = [HelpCategory(name=spelled[key], articles=n) for key, n in sorted(named.items())]
    if query.category is not None:
        entries = [entry for entry in entries if fold(entry.category) == fold(query.category)]
    if query.q:
        by_id = {entry.article_id: entry for entry in entries}
        candidates = [Candidate(e.article_id, e.terms.as_dict(), int(e.length)) for e in entries]  # type: ignore[no-untyped-call]
        entries = [by_id[article_id] for article_id, _ in rank(query.q, candidates)]
    else:
        entries.sort(key=lambda entry: (fold(entry.category), fold(entry.title)))
    return HelpIndex(language=query.lang, categories=categories, articles=[_summary(e) for e in entries[: query.count]])


def _order(reader: str) -> list[str]:
    """The languages to serve a reader in, best first."""
    return list(dict.fromkeys([reader, business_language(), *LANGUAGES]))


def _served(versions: dict[str, ArticleVersionItem], reader: str) -> ArticleVersionItem | None:
    published = {language: v for language, v in versions.items() if v.status == "published"}
    return next((published[language] for language in _order(reader) if language in published), None)


def read(article_id: str, reader: str) -> HelpArticle:
    """A published article in the reader's language (or the nearest written), counted as viewed."""
    keys = [(article_key(article_id), version_sk(language)) for language in LANGUAGES]
    versions = {v.language: v for v in ArticleVersionItem.batch_get(keys)}
    shown = _served(versions, reader)
    if shown is None:
        raise NotFound(NOT_FOUND)
    counts = ArticleItem(ARTICLES, article_sk(article_id))
    try:
        counts.update(actions=[ArticleItem.views.add(1)], condition=ArticleItem.pk.exists())
    except UpdateError as exc:  # its versions outlived it: never shown
        raise NotFound(NOT_FOUND) from exc
    return HelpArticle(
        article_id=article_id,
        language=shown.language,
        category=shown.category,
        title=shown.title,
        excerpt=_excerpt(shown.body),
        updated_at=shown.updated_at,
        html=to_html(shown.body),
        helpful=int(counts.helpful),
        not_helpful=int(counts.not_helpful),
        files=files_of(counts),  # the update returns the whole item: its files cost no call
    )


def published_article(article_id: str) -> ArticleItem:
    """The console's item of an article readers can see (a draft is not found)."""
    item = article_item(article_id)
    if not any(v["status"] == "published" for v in _versions_of(item).values()):
        raise NotFound(NOT_FOUND)
    return item


def vote(article_id: str, said: Vote, clock: Clock) -> Votes:
    """A reader's vote; the same reader voting again changes their vote, never adds one."""
    item = published_article(article_id)
    now = clock.now().isoformat()
    helpful = int(said.helpful)
    try:
        before: int | None = int(
            VoteItem.get(article_key(article_id), vote_sk(said.voter), consistent_read=True).helpful
        )
    except DoesNotExist:
        before = None
    if before == helpful:
        return Votes(helpful=int(item.helpful), not_helpful=int(item.not_helpful))
    moves = {
        "helpful": helpful - (before or 0),
        "not_helpful": (1 - helpful) - (1 - before if before is not None else 0),
    }
    ballot = VoteItem(article_key(article_id), vote_sk(said.voter), helpful=helpful, voted_at=now)
    unchanged = VoteItem.pk.does_not_exist() if before is None else VoteItem.helpful == before
    try:
        with Transaction() as transaction:
            transaction.save(ballot, condition=unchanged)
            transaction.update(
                ArticleItem(ARTICLES, article_sk(article_id)),
                actions=[getattr(ArticleItem, name).add(n) for name, n in moves.items() if n],
                condition=ArticleItem.pk.exists(),
            )
    except TransactWriteError as exc:  # the same reader's other vote got there first
        raise Conflict("Your vote changed meanwhile; try again.", code="vote_changed_meanwhile") from exc
    return Votes(helpful=int(item.helpful) + moves["helpful"], not_helpful=int(item.not_helpful) + moves["not_helpful"])


def solved(article_id: str, customer: Principal, key: str, clock: Clock) -> Solved:
    """'This solved it' from a ticket form: one ticket avoided per form (its Idempotency-Key)."""
    if not parts_on()["help"]:  # its route is the tickets part's: the help centre's switch is asked here
        raise NotFound("This part of the portal is turned off.", code="part_turned_off")
    account_id = customer.account_id
    # A key used before answers what it counted then, whatever article this request names (as
    # every Idempotency-Key route answers a retry with what the first try made).
    earlier = idempotency.made_with(account_id, SOLVED, key)
    if earlier is None:
        published_article(article_id)
        try:
            with Transaction() as transaction:
                transaction.save(
                    idempotency.marker(account_id, SOLVED, key, article_id, clock.now()),
                    condition=IdempotencyItem.pk.does_not_exist(),
                )
                transaction.update(
                    ArticleItem(ARTICLES, article_sk(article_id)),
                    actions=[ArticleItem.avoided.add(1)],
                    condition=ArticleItem.pk.exists(),
                )
        except TransactWriteError:
            earlier = idempotency.made_with(account_id, SOLVED, key)
            if earlier is None:  # not a retry racing this one
                raise
    counted_for = earlier or article_id
    counted = ArticleItem.get(ARTICLES, article_sk(counted_for), consistent_read=True, attributes_to_get=["avoided"])
    return Solved(article_id=counted_for, avoided=int(counted.avoided))


# --- the console ---------------------------------------------------------------------------


def _versions_of(item: ArticleItem) -> dict[str, dict[str, Any]]:
    return cast(dict[str, dict[str, Any]], item.versions.as_dict() if item.versions else {})  # type: ignore[no-untyped-call]


def _staff_summary(item: ArticleItem) -> StaffArticleSummary:
    versions = _versions_of(item)
    return StaffArticleSummary(
        article_id=item.article_id,
        version=int(item.version),
        versions=[
            VersionState(language=language, **versions[language]) for language in LANGUAGES if language in versions
        ],
        created_at=item.created_at,
        updated_at=item.updated_at,
        views=int(item.views),
        helpful=int(item.helpful),
        not_helpful=int(item.not_helpful),
        avoided=int(item.avoided),
    )


def articles() -> StaffArticles:
    """Every article, drafts too, with its figures: one Query, newest change first."""
    items = list(ArticleItem.query(ARTICLES))
    items.sort(key=lambda item: item.updated_at, reverse=True)
    return StaffArticles(items=[_staff_summary(item) for item in items])


def article_item(article_id: str) -> ArticleItem:
    try:
        return ArticleItem.get(ARTICLES, article_sk(article_id), consistent_read=True)
    except DoesNotExist as exc:
        raise NotFound(NOT_FOUND) from exc


def _texts(article_id: str) -> dict[str, ArticleVersionItem]:
    found = ArticleVersionItem.query(
        article_key(article_id), ArticleVersionItem.sk.startswith(VERSION_PREFIX), consistent_read=True
    )
    return {v.language: v for v in found}


def article(article_id: str) -> StaffArticle:
    return _staff_article(article_item(article_id), _texts(article_id))


def _staff_article(item: ArticleItem, texts: dict[str, ArticleVersionItem]) -> StaffArticle:
    return StaffArticle(
        **_staff_summary(item).model_dump(),
        files=files_of(item),
        texts=[
            ArticleVersion(
                language=v.language,
                category=v.category,
                title=v.title,
                status=v.status,
                updated_at=v.updated_at,
                body=v.body,
                html=to_html(v.body),
                published_at=v.published_at,
            )
            for language in LANGUAGES
            if (v := texts.get(language)) is not None
        ],
    )


def create(texts: Mapping[str, Text], status: ArticleStatus, by: Principal, key: str, clock: Clock) -> StaffArticle:
    """A new article with its first versions (the console writes one, a draft); once per
    Idempotency-Key."""
    # core.idempotency keeps keys per owner under CUSTOMER#<owner>: an operator's own, prefixed
    # so that no account id can meet it, and another operator's same key is theirs.
    owner = f"STAFF-{by.principal_id}"
    earlier = idempotency.made_with(owner, CREATE, key)
    if earlier is not None:
        return article(earlier)
    now = clock.now()
    article_id = new_id(int(now.timestamp() * 1000))
    item = ArticleItem(ARTICLES, article_sk(article_id), article_id=article_id, created_at=now.isoformat())
    versions = [_version(article_id, language, text, status, None, by, now) for language, text in texts.items()]
    try:
        return _write(item, {}, versions, once=idempotency.marker(owner, CREATE, key, article_id, now))
    except TransactWriteError:
        raced = idempotency.made_with(owner, CREATE, key)
        if raced is None:
            raise
        return article(raced)


def write_version(article_id: str, language: str, change: VersionChange, by: Principal, clock: Clock) -> StaffArticle:
    """Write a language's version: a new one is a draft; a published one stays published."""
    item = article_item(article_id)
    if change.version != int(item.version):  # saved by someone since this page read it
        raise Conflict(CHANGED, code="article_changed_meanwhile")
    texts = _texts(article_id)
    old = texts.get(language)
    version = _version(article_id, language, change, old.status if old else "draft", old, by, clock.now())  # type: ignore[arg-type]
    return _write(item, texts, [version])


def set_status(article_id: str, language: str, status: ArticleStatus, by: Principal, clock: Clock) -> StaffArticle:
    item = article_item(article_id)
    texts = _texts(article_id)
    old = texts.get(language)
    if old is None:
        raise NotFound("This article has no version in that language.", code="article_version_not_found")
    return _write(item, texts, [_version(article_id, language, old, status, old, by, clock.now())])


def _version(
    article_id: str,
    language: str,
    text: "Text",
    status: ArticleStatus,
    old: ArticleVersionItem | None,
    by: Principal,
    now: datetime,
) -> ArticleVersionItem:
    """A language's version as it is to be saved; published_at says when it last went public."""
    published_at = old.published_at if old else None
    if status == "published" and (old is None or old.status != "published"):
        published_at = now.isoformat()
    return ArticleVersionItem(
        article_key(article_id),
        version_sk(language),
        article_id=article_id,
        language=language,
        category=text.category,
        title=text.title,
        body=text.body,
        status=status,
        updated_at=now.isoformat(),
        updated_by=by.principal_id,
        published_at=published_at,
    )


def _write(
    item: ArticleItem,
    texts: dict[str, ArticleVersionItem],
    versions: list[ArticleVersionItem],
    once: IdempotencyItem | None = None,
) -> StaffArticle:
    """Versions saved, and with them the console's item and the four index entries, at once."""
    texts = {**texts, **{v.language: v for v in versions}}
    states = {
        language: {"title": v.title, "category": v.category, "status": v.status, "updated_at": v.updated_at}
        for language, v in texts.items()
    }
    stamp = max(v.updated_at for v in versions)
    read_version = int(item.version)
    unchanged = ArticleItem.version == read_version if read_version else ArticleItem.version.does_not_exist()
    try:
        with Transaction() as transaction:
            if once is not None:
                transaction.save(once, condition=IdempotencyItem.pk.does_not_exist())
            for version in versions:
                transaction.save(version)
            # An update, not a put: the counts move by themselves meanwhile (a view, a vote).
            transaction.update(
                item,
                actions=[
                    ArticleItem.article_id.set(item.article_id),
                    ArticleItem.created_at.set(item.created_at),
                    ArticleItem.versions.set(states),
                    ArticleItem.updated_at.set(stamp),
                    ArticleItem.version.set(read_version + 1),
                ],
                condition=unchanged,
            )
            _index(transaction, item.article_id, texts)
    except TransactWriteError as exc:
        if once is not None:
            raise
        raise Conflict(CHANGED, code="article_changed_meanwhile") from exc
    item.versions, item.updated_at, item.version = states, stamp, read_version + 1
    return _staff_article(item, texts)


def _excerpt(body: str) -> str:
    text = to_text(body)
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def _index(transaction: TransactWrite, article_id: str, texts: dict[str, ArticleVersionItem]) -> None:
    """The article as each reader's language finds it, or nowhere when nothing is published."""
    for reader in LANGUAGES:
        shown = _served(texts, reader)
        if shown is None:
            transaction.delete(IndexEntryItem(index_key(reader), article_sk(article_id)))
            continue
        terms = terms_of(shown.title, shown.category, to_text(shown.body))
        transaction.save(
            IndexEntryItem(
                index_key(reader),
                article_sk(article_id),
                article_id=article_id,
                language=shown.language,
                category=shown.category,
                title=shown.title,
                excerpt=_excerpt(shown.body),
                updated_at=shown.updated_at,
                terms=terms,
                length=sum(terms.values()),
            )
        )
