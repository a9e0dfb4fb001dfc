"""comments: how readers answer an article — parse pages, score their tone and toxicity, report."""

from comments.errors import CommentsError, InputError, ParseError, ScorerUnavailable
from comments.model import Article, Clutter, Comment, Page
from comments.parse import find_pages, parse_page, parse_text

__all__ = [
    "Article",
    "Clutter",
    "Comment",
    "CommentsError",
    "InputError",
    "Page",
    "ParseError",
    "ScorerUnavailable",
    "find_pages",
    "parse_page",
    "parse_text",
]
__version__ = "0.1.0"
