"""What the help centre's API accepts and returns (docs/help.md)."""

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from functions.core.contact import Language, MultiLine, OneLine
from functions.core.paging import in_digits
from functions.core.schemas import Form
from functions.core.shape import Schema
from functions.documents.schemas import FileFacts

ArticleStatus = Literal["draft", "published"]
# 5,000 characters, as a ticket's: escaped the longest way in JSON (a character beyond the BMP is
# twelve bytes, "\\udXXX\\udXXX"), one too many still fits the 64 KB body limit and is a 400, not a 413.
ArticleBody = Annotated[str, MultiLine(5000)]
Category = Annotated[str, OneLine(60)]
Title = Annotated[str, OneLine(200)]
SearchText = Annotated[str, Field(min_length=1, max_length=200)]
Voter = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9_-]{16,64}$",
        description="A random id the reader's browser keeps: one vote per reader, which they may change.",
    ),
]
ArticleCount = Annotated[int, Field(ge=1, le=200), BeforeValidator(in_digits)]


class HelpQuery(Schema):
    """?lang=, and ?q= to search (best first) or ?category= to browse one category."""

    lang: Language = Field(default="en", description="The reader's language: articles in it first.")
    q: SearchText | None = Field(default=None, description="Words to search, accents and capitals aside.")
    category: Category | None = Field(default=None, description="One category, as the list names it.")
    count: ArticleCount = Field(default=50, description="How many articles at most (one answer, not pages).")


class ArticleQuery(Schema):
    lang: Language = Field(default="en", description="The reader's language, if the article has it.")


class HelpCategory(Schema):
    name: str
    articles: int


class ArticleSummary(Schema):
    article_id: str
    language: Language = Field(description="The version's: the reader's, or another when theirs is not written.")
    category: str
    title: str
    excerpt: str
    updated_at: str


class HelpIndex(Schema):
    """The published articles in the reader's language: every category, and the articles asked
    (ranked by the search, or by category and title)."""

    language: Language
    categories: list[HelpCategory]
    articles: list[ArticleSummary]


class HelpFile(Schema):
    """One of an article's files (a form, a price list): its link serves it for 5 minutes."""

    file_id: str
    file_name: str
    content_type: str
    size: int
    added_at: str
    url: str = Field(description="Where the file is served: a redirect to a 5-minute link.")


class HelpFileUpload(FileFacts):
    """A file for an article's readers: a type the documents path accepts, checked on confirm."""


class HelpArticle(ArticleSummary):
    html: str = Field(description="The body's Markdown rendered: no raw HTML, no script, safe to insert.")
    helpful: int
    not_helpful: int
    files: list[HelpFile]


class Vote(Form):
    helpful: bool
    voter: Voter


class Votes(Schema):
    helpful: int
    not_helpful: int


class Solved(Schema):
    article_id: str
    avoided: int = Field(description="Tickets this article has saved, this one included.")


# --- the console ----------------------------------------------------------------------------


class VersionText(Form):
    category: Category
    title: Title
    body: ArticleBody


class VersionChange(VersionText):
    version: int = Field(ge=1, description="The article's version as read: saved by someone since, the write is a 409.")


class NewArticle(VersionText):
    language: Language


class VersionState(Schema):
    language: Language
    category: str
    title: str
    status: ArticleStatus
    updated_at: str


class StaffArticleSummary(Schema):
    article_id: str
    version: int = Field(description="Each save makes it one more: send it back with a change (VersionChange).")
    versions: list[VersionState]
    created_at: str
    updated_at: str
    views: int
    helpful: int
    not_helpful: int
    avoided: int = Field(description="Tickets not opened: the article solved it in the ticket form.")


class StaffArticles(Schema):
    items: list[StaffArticleSummary]


class ArticleVersion(VersionState):
    body: str
    html: str
    published_at: str | None


class StaffArticle(StaffArticleSummary):
    files: list[HelpFile]
    texts: list[ArticleVersion] = Field(description="Every language's version with its source and rendering.")
