"""The help centre's routes (docs/help.md): read by anyone, or by signed-in people only as the
business chooses (portal settings' help_public); written in the console.

The readers' routes are public routes of the part "help": turned off, they are a 404 like any
part's (core.parts). "This solved it" is a customer's, from the ticket form: the tickets part
and the support role, as opening the ticket would have been.
"""

from chalice.app import Response

from functions.core.clock import SystemClock
from functions.core.contact import LANGUAGES, Language
from functions.core.errors import NotFound
from functions.core.http import Routes, idempotency_key, require_signed_in
from functions.core.parts import help_is_public
from functions.core.principal import Principal
from functions.core.storage import Download
from functions.documents.schemas import UploadStarted
from functions.tickets import help_centre, help_files
from functions.tickets.help_schemas import (
    ArticleQuery,
    HelpArticle,
    HelpFile,
    HelpFileUpload,
    HelpIndex,
    HelpQuery,
    NewArticle,
    Solved,
    StaffArticle,
    StaffArticles,
    VersionChange,
    Vote,
    Votes,
)

readers_api = Routes(__name__, tag="help", part="help", access="public")
solved_api = Routes(__name__, tag="help", part="tickets", access="customer")
editors_api = Routes(__name__, tag="help", access="staff")
clock = SystemClock()


def _language(language: str) -> Language:
    """A version's language from the path: one of the portal's, or there is no such version."""
    if language not in LANGUAGES:
        raise NotFound("The portal has no such language.", code="article_version_not_found")
    return language


def _may_read() -> None:
    if not help_is_public():
        require_signed_in(readers_api)


@readers_api.get("/help/articles", "The help centre's categories and articles: searched (?q=, best first) or browsed")
def help_index(query: HelpQuery) -> HelpIndex:
    _may_read()
    return help_centre.find(query)


@readers_api.get(
    "/help/articles/{article_id}", "A published article, in the reader's language where written", errors=(404,)
)
def help_article(article_id: str, query: ArticleQuery) -> HelpArticle:
    _may_read()
    return help_centre.read(article_id, query.lang)


@readers_api.get(
    "/help/articles/{article_id}/files/{file_id}",
    "One of a published article's files: a redirect to a 5-minute link",
    status=302,
    errors=(404,),
)
def help_article_file(article_id: str, file_id: str) -> Response:
    _may_read()
    found = help_files.link(help_centre.published_article(article_id), file_id)
    return Response(body="", status_code=302, headers={"Location": found.url, "Cache-Control": "no-store"})


@readers_api.post(
    "/help/articles/{article_id}/votes", "Was this helpful? One vote per reader, which may change", errors=(404, 409)
)
def vote_on_article(article_id: str, body: Vote) -> Votes:
    _may_read()
    return help_centre.vote(article_id, body, clock)


@solved_api.post(
    "/help/articles/{article_id}/solved",
    "This article solved it: the ticket being written is not needed (counted once per Idempotency-Key)",
    errors=(404,),
    headers=("Idempotency-Key",),
)
def article_solved_it(article_id: str, principal: Principal) -> Solved:
    return help_centre.solved(article_id, principal, idempotency_key(solved_api), clock)


@editors_api.get("/operator/help/articles", "Every article, drafts too, with views, votes and tickets avoided")
def staff_articles() -> StaffArticles:
    return help_centre.articles()


@editors_api.post(
    "/operator/help/articles",
    "Write an article: its first language's version, a draft (once per Idempotency-Key)",
    status=201,
    headers=("Idempotency-Key",),
)
def create_article(body: NewArticle, principal: Principal) -> StaffArticle:
    return help_centre.create({body.language: body}, "draft", principal, idempotency_key(editors_api), clock)


@editors_api.get(
    "/operator/help/articles/{article_id}", "An article: every version's source and figures", errors=(404,)
)
def staff_article(article_id: str) -> StaffArticle:
    return help_centre.article(article_id)


@editors_api.put(
    "/operator/help/articles/{article_id}/versions/{language}",
    "Write a language's version (a new one is a draft; a published one stays published)",
    errors=(404, 409),
)
def write_article_version(article_id: str, language: str, body: VersionChange, principal: Principal) -> StaffArticle:
    return help_centre.write_version(article_id, _language(language), body, principal, clock)


@editors_api.post(
    "/operator/help/articles/{article_id}/versions/{language}/publish",
    "Publish a language's version: readers find it at once",
    errors=(404, 409),
)
def publish_article_version(article_id: str, language: str, principal: Principal) -> StaffArticle:
    return help_centre.set_status(article_id, _language(language), "published", principal, clock)


@editors_api.post(
    "/operator/help/articles/{article_id}/versions/{language}/unpublish",
    "Take a language's version back to draft: readers no longer find it",
    errors=(404, 409),
)
def unpublish_article_version(article_id: str, language: str, principal: Principal) -> StaffArticle:
    return help_centre.set_status(article_id, _language(language), "draft", principal, clock)


# --- an article's files, through the documents path ------------------------------------------


@editors_api.post(
    "/operator/help/articles/{article_id}/files/uploads",
    "Start uploading a file for an article's readers: a presigned POST",
    status=201,
    errors=(404, 409, 413),
)
def start_article_file_upload(article_id: str, body: HelpFileUpload, principal: Principal) -> UploadStarted:
    return help_files.start(help_centre.article_item(article_id), body, principal.principal_id, clock)


@editors_api.post(
    "/operator/help/articles/{article_id}/files/uploads/{upload_id}/confirm",
    "Confirm the file once posted: it is checked, then listed on the article",
    errors=(404, 409, 413, 415),
)
def confirm_article_file(article_id: str, upload_id: str, principal: Principal) -> HelpFile:
    return help_files.confirm(help_centre.article_item(article_id), upload_id, principal.principal_id, clock)


@editors_api.get(
    "/operator/help/articles/{article_id}/files/{file_id}/download",
    "Download one of an article's files, drafts' too (a 5-minute link)",
    errors=(404,),
)
def download_article_file(article_id: str, file_id: str) -> Download:
    return help_files.link(help_centre.article_item(article_id), file_id)


@editors_api.delete(
    "/operator/help/articles/{article_id}/files/{file_id}",
    "Take a file off an article: its readers lose it at once, and its object is deleted",
    status=204,
    errors=(404,),
)
def remove_article_file(article_id: str, file_id: str) -> None:
    help_files.remove(help_centre.article_item(article_id), file_id, clock)
