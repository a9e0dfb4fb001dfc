"""The selector table for HTML pages: named CSS selectors, tried in order.

This module is data. Adding a comment platform's markup is adding a line here.
Item selectors name one element per comment; the first selector whose items hold
enough text wins. Within an item, the first matching body, author and time
selectors give those parts; interface selectors name controls whose text is
never comment text.
"""

from __future__ import annotations

#: Subtrees dropped before anything else: never visible text.
DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas", "head", "select")

#: Elements a browser does not show.
HIDDEN_SELECTORS: tuple[str, ...] = (
    "[hidden]",
    "[aria-hidden='true']",
    "[style*='display:none']",
    "[style*='display: none']",
    "[style*='visibility:hidden']",
    ".hidden",
    ".hiddenBox",
    ".hide",
    ".screen-reader-text",
    # the accessibility frameworks' "visually hidden" text (Drupal, Bootstrap, XenForo): for screen readers only
    ".visually-hidden",
    ".sr-only",
    ".u-srOnly",
    ".element-invisible",
)

#: Elements per comment, most specific first: (name, selector).
ITEM_SELECTORS: tuple[tuple[str, str], ...] = (
    ("wordpress_li", "li.comment, li.pingback, li.trackback"),
    ("wordpress_li_id", "li[id^='comment-'], li[id^='li-comment-']"),
    ("disqus", "li[id^='dsq-comment-'], div.dsq-comment, li.post[id^='post-']"),
    ("blogger", "dl#comments-block > dd.comment-body, div.comment-block, dd.comment-body"),
    ("dl_comment", "dl > dd.comment"),
    ("microdata", "[itemtype$='schema.org/Comment'], [itemprop='comment']"),
    ("wordpress_article", "article.comment, article[id^='comment-']"),
    ("comment_div_id", "div[id^='comment-'], div[id^='comment_'], div[id^='c'][class*='comment']"),
    ("comment_div", "div.comment, div.comment-item, div.comment_item, div.commentItem, div.comment-wrapper"),
    ("comment_list_li", "ol.commentlist > li, ul.commentlist > li, ol.comment-list > li, ul.comment-list > li"),
    ("comments_list_li", "ol.comments-list > li, ul.comments-list > li, ol.comments > li, ul.comments > li"),
    ("livefyre", "div.fyre-comment-article, div.lf_comment_container"),
    ("js_comment", "div.js-comment, div.the-comment, li.the-comment, div.comment-entry, div.commentbody"),
)

#: The comment's own words inside an item, when the markup marks them.
BODY_SELECTORS: tuple[str, ...] = (
    "[itemprop='text']",
    ".comment-content",
    ".comment-text",
    ".comment_text",
    ".commenttext",
    ".comment-body-text",
    ".dsq-comment-message",
    ".fyre-comment",
    ".comment-entry",
    ".format_text",
)

#: The commenter's name inside an item (or, for Blogger's dl, the dt before it).
AUTHOR_SELECTORS: tuple[str, ...] = (
    "[itemprop='author'] [itemprop='name']",
    "[itemprop='author']",
    ".comment-author .fn",
    ".comment-author cite",
    ".vcard .fn",
    "cite.fn",
    ".fn",
    ".comment-author",
    ".comment_author",
    ".commentauthor",
    ".comment-author-name",
    ".dsq-commenter-name",
    ".fyre-comment-username",
    ".comment-footer a:first-of-type",
    ".comment-head .name",
    ".comment-name",
    ".comment_name",
    ".commentAuthor",
    ".comment-author-link",
    ".commenter",
    ".commenter-name",
    ".author",
    ".username",
    ".user-name",
    "a.url[rel~='nofollow']",
    "cite",
    ".name",
    ".user",
)

#: When the comment was posted.
TIME_SELECTORS: tuple[str, ...] = (
    "time",
    "[itemprop='dateCreated']",
    "[itemprop='datePublished']",
    "abbr.published",
    ".comment-date",
    ".comment_date",
    ".comment-time",
    ".comment_time",
    ".comment-timestamp",
    ".commentmetadata",
    ".comment-meta",
    ".comment-footer a:last-of-type",
    ".dsq-comment-header .dsq-comment-meta",
    ".date",
)

#: Controls and widgets inside a comment whose text is interface, not comment.
INTERFACE_SELECTORS: tuple[str, ...] = (
    "form",
    "textarea",
    "input",
    "button",
    ".reply",
    ".comment-reply",
    ".comment-reply-link",
    ".comment-edit-link",
    "a[href*='replytocom']",
    ".reply-link",
    ".item-control",
    ".comment-actions",
    ".comment-tools",
    ".comment-vote",
    ".vote",
    ".voting",
    ".rating",
    ".report",
    ".flag",
    ".share",
    ".sharing",
    ".like",
    ".likes",
    ".comm-num",
)

#: The comment section as a whole and the reply form: never article text.
SECTION_SELECTORS: tuple[str, ...] = (
    "#comments",
    "#comment_list",
    "#comments-block",
    "#disqus_thread",
    "#respond",
    "#commentform",
    ".comments-area",
    ".comment-respond",
    ".commentlist",
    ".comment-list",
    ".post-comments",
)
