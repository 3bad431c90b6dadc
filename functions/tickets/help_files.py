"""An article's files (a form to print, a price list, a screenshot): uploaded in the console
through the documents path (a presigned POST, then the confirm step that checks what S3 holds),
kept in the documents bucket under the help centre's own prefix, listed on the article's item,
and handed to readers as a short-lived link only while the article is published.

The list lives on the article's item (files: file id -> what the reader is shown and where the
object is), so the read that counts a view returns it too: a page with files costs no call more.
"""

from typing import Any, cast

from pynamodb.exceptions import UpdateError
from pynamodb.transactions import TransactWrite

from functions.core.clock import Clock
from functions.core.errors import Conflict, NotFound
from functions.core.storage import Download, delete_object, download_url
from functions.documents import uploads
from functions.documents.schemas import UploadStarted
from functions.tickets.help_models import ARTICLES, ArticleItem, article_sk
from functions.tickets.help_schemas import HelpFile, HelpFileUpload

PURPOSE = "help"
OWNER = "HELP"  # uploads are filed under a customer; the help centre's files are the business's own
MOST_FILES = 10  # an article's: its item stays small, and a reader's list short
NO_FILE = "This article has no such file."


def file_url(article_id: str, file_id: str) -> str:
    return f"/api/tickets/help/articles/{article_id}/files/{file_id}"


def files_of(item: ArticleItem) -> list[HelpFile]:
    """The article's files, oldest first, as readers and the console see them."""
    found = cast(dict[str, dict[str, Any]], item.files.as_dict() if item.files else {})  # type: ignore[no-untyped-call]
    return sorted(
        (
            HelpFile(
                file_id=file_id,
                file_name=str(entry["file_name"]),
                content_type=str(entry["content_type"]),
                size=int(entry["size"]),
                added_at=str(entry["added_at"]),
                url=file_url(item.article_id, file_id),
            )
            for file_id, entry in found.items()
        ),
        key=lambda file: (file.added_at, file.file_id),
    )


def start(article: ArticleItem, facts: HelpFileUpload, by: str, clock: Clock) -> UploadStarted:
    """Record an upload for `article` and sign the POST the browser sends the file with."""
    if len(files_of(article)) >= MOST_FILES:
        raise Conflict(f"An article has at most {MOST_FILES} files.", code="article_files_full")
    return uploads.start(PURPOSE, OWNER, by, facts, clock)


def confirm(article: ArticleItem, upload_id: str, by: str, clock: Clock) -> HelpFile:
    """Make a checked upload one of the article's files, in one write with the upload's done."""
    article_id = article.article_id

    def finish(uploaded: uploads.UploadedFile, transaction: TransactWrite, at: Clock) -> HelpFile:
        now = at.now().isoformat()
        entry = {
            "file_name": uploaded.file_name,
            "content_type": uploaded.content_type,
            "size": uploaded.size,
            "s3_key": uploaded.s3_key,
            "added_at": now,
        }
        # An article's first file makes its map (DynamoDB sets no path inside a map not there):
        # each write's condition says which it found, so two first files cannot overwrite each
        # other (the second is refused, and its confirm asked again).
        first = article.files is None  # a map emptied by removals is still there
        transaction.update(
            ArticleItem(ARTICLES, article_sk(article_id)),
            actions=[
                ArticleItem.files.set({uploaded.upload_id: entry})
                if first
                else ArticleItem.files[uploaded.upload_id].set(entry),
                ArticleItem.updated_at.set(now),
            ],
            condition=ArticleItem.pk.exists()
            & (ArticleItem.files.does_not_exist() if first else ArticleItem.files.exists()),
        )
        return HelpFile(
            file_id=uploaded.upload_id,
            file_name=uploaded.file_name,
            content_type=uploaded.content_type,
            size=uploaded.size,
            added_at=now,
            url=file_url(article_id, uploaded.upload_id),
        )

    def replay(uploaded: uploads.UploadedFile, at: Clock) -> HelpFile:
        return _file(article, uploaded.upload_id)

    return cast(HelpFile, uploads.confirm_file(upload_id, by, PURPOSE, finish, replay, clock)[1])


def remove(article: ArticleItem, file_id: str, clock: Clock) -> None:
    """Take a file off the article, then delete its object: readers lose it at once, and a
    stop between the two leaves an object nobody can reach, not a link to nothing."""
    entry = _entry(article, file_id)
    try:
        article.update(
            actions=[ArticleItem.files[file_id].remove(), ArticleItem.updated_at.set(clock.now().isoformat())],
            condition=ArticleItem.files[file_id].exists(),
        )
    except UpdateError as exc:  # removed meanwhile
        raise NotFound(NO_FILE, code="article_file_not_found") from exc
    delete_object(str(entry["s3_key"]))


def link(article: ArticleItem, file_id: str) -> Download:
    """A 5-minute link to one of the article's files, saved under its own name."""
    entry = _entry(article, file_id)
    return download_url(str(entry["s3_key"]), str(entry["file_name"]), str(entry["content_type"]))


def _entry(article: ArticleItem, file_id: str) -> dict[str, Any]:
    found = cast(dict[str, dict[str, Any]], article.files.as_dict() if article.files else {})  # type: ignore[no-untyped-call]
    if file_id not in found:
        raise NotFound(NO_FILE, code="article_file_not_found")
    return found[file_id]


def _file(article: ArticleItem, file_id: str) -> HelpFile:
    _entry(article, file_id)
    return next(file for file in files_of(article) if file.file_id == file_id)
