"""The help centre's articles in the portal's table (docs/help.md).

An article's language versions share its partition, HELP#ARTICLE#<id>, each under
LANG#<language> with its Markdown source, so the page of an article is one BatchGetItem of its
versions whatever the reader's language. The same partition keeps the readers' votes
(VOTE#<voter>), which only ever move the counts.

The console's list is one partition, HELP#ARTICLES: an item per article (ARTICLE#<id>) with
each version's title, category and status and the article's counts (views, votes, tickets
avoided), so the list and its figures are one Query.

What readers search and browse is a partition per reader's language, HELP#INDEX#<language>:
an item per published article (ARTICLE#<id>) with the title, category and excerpt shown in a
list and the article's terms with their weights (tickets.help_search), from the version that
language is served (its own, else the business's language, else any published one). Each
write to an article rewrites its four index items in the same transaction, so a search is one
Query of one partition: a few hundred articles fit DynamoDB's 1 MB page.
"""

from typing import Any

from pynamodb.attributes import MapAttribute, NumberAttribute, UnicodeAttribute

from functions.core.table import PortalItem, register

ARTICLES = "HELP#ARTICLES"
VERSION_PREFIX = "LANG#"


def article_key(article_id: str) -> str:
    return f"HELP#ARTICLE#{article_id}"


def article_sk(article_id: str) -> str:
    return f"ARTICLE#{article_id}"


def version_sk(language: str) -> str:
    return f"{VERSION_PREFIX}{language}"


def index_key(language: str) -> str:
    return f"HELP#INDEX#{language}"


def vote_sk(voter: str) -> str:
    return f"VOTE#{voter}"


@register
class ArticleVersionItem(PortalItem):
    """One language's version of an article (pk HELP#ARTICLE#id, sk LANG#<language>)."""

    article_id = UnicodeAttribute()
    language = UnicodeAttribute()
    category = UnicodeAttribute()
    title = UnicodeAttribute()
    body = UnicodeAttribute()  # Markdown, rendered safely when read (tickets.help_markdown)
    status = UnicodeAttribute()  # draft, published
    updated_at = UnicodeAttribute()
    updated_by = UnicodeAttribute()
    published_at = UnicodeAttribute(null=True)


@register
class ArticleItem(PortalItem):
    """An article in the console's list (pk HELP#ARTICLES, sk ARTICLE#id): its versions'
    titles, categories and statuses, and its counts."""

    article_id = UnicodeAttribute()
    versions = MapAttribute[str, Any](default=dict)  # type: ignore[no-untyped-call]  # language -> {title, category, status, updated_at}
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    views = NumberAttribute(default=0)
    helpful = NumberAttribute(default=0)
    not_helpful = NumberAttribute(default=0)
    avoided = NumberAttribute(default=0)  # tickets not opened: "this solved it" in the ticket form
    # file id -> {file_name, content_type, size, s3_key, added_at} (tickets.help_files)
    # Absent until the first file: DynamoDB sets no path in a map that is not there.
    files = MapAttribute[str, Any](null=True)  # type: ignore[no-untyped-call]
    version = NumberAttribute(default=0)  # each write's condition: two editors cannot both save


@register
class IndexEntryItem(PortalItem):
    """A published article as one reader's language finds it (pk HELP#INDEX#<language>,
    sk ARTICLE#id)."""

    article_id = UnicodeAttribute()
    language = UnicodeAttribute()  # the version's, which may not be the reader's
    category = UnicodeAttribute()
    title = UnicodeAttribute()
    excerpt = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    terms = MapAttribute[str, Any](default=dict)  # type: ignore[no-untyped-call]  # folded term -> weight
    length = NumberAttribute()  # the sum of the weights: BM25's document length


@register
class VoteItem(PortalItem):
    """One reader's "was this helpful?" on an article (pk HELP#ARTICLE#id, sk VOTE#<voter>)."""

    helpful = NumberAttribute()  # 1 or 0: a number, so a changed vote moves the counts by arithmetic
    voted_at = UnicodeAttribute()
