"""The discourse analyses of one page, in the order they need each other: quotes (before scoring), then
threads, hostility targets, named entities and the moderation view (from the scores).

``plan`` reads the page's text before it is scored: each comment's own words, its sentences and the
names it mentions, so that the sentences that mention a name are scored with the rest of the page.
``page_discourse`` then adds the discourse columns to the page's comment rows and builds its
threads.csv, targets.csv, entities.csv and held.csv rows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from comments.analyze.authors import person_key
from comments.analyze.columns import TONE, TOXICITY, Rows, comment_discourse_columns
from comments.analyze.entities import Mentions, comment_sentences, page_mentions
from comments.analyze.moderation import held_rows
from comments.analyze.quotes import OwnWords, page_own_words
from comments.analyze.stats import mean_known
from comments.analyze.targets import TARGETS, CommenterNames, target_of
from comments.analyze.targets import Comment as TargetComment
from comments.analyze.threads import link_threads, thread_rows
from comments.model import Page

DISCOURSE_COLUMNS = comment_discourse_columns()


@dataclass(frozen=True, slots=True)
class DiscoursePlan:
    """What the analyses read of a page's text before it is scored."""

    own: tuple[OwnWords, ...]
    """Each comment's own words (its text less what it quotes)."""
    sentences: tuple[tuple[str, ...], ...]
    """Each comment's own words, sentence by sentence."""
    mentions: Mentions

    @property
    def mention_sentences(self) -> list[str]:
        """The comment sentences that mention a name: their tone is the tone towards it."""
        return [self.sentences[c][s] for spots in self.mentions.comments.values() for c, s in spots]


def plan(page: Page, article_sentences: Sequence[str]) -> DiscoursePlan:
    own = page_own_words(page)
    sentences = tuple(comment_sentences(words.text) for words in own)
    commenters = [comment.author for comment in page.comments if comment.author and person_key(comment.author)]
    mentions = page_mentions(article_sentences, sentences, exclude=commenters)
    return DiscoursePlan(own, sentences, mentions)


@dataclass(frozen=True, slots=True, kw_only=True)
class DiscourseTables:
    threads: Rows
    targets: Rows
    entities: Rows
    held: Rows


def page_discourse(
    comments: Sequence[dict[str, Any]],
    sentences: Sequence[Mapping[str, Any]],
    plan: DiscoursePlan,
    mention_scores: Mapping[str, Mapping[str, float]],
    *,
    article_id: str,
    score_columns: Sequence[str],
    attributes: Sequence[str],
    hold_threshold: float | None,
) -> DiscourseTables:
    """Add the discourse columns to ``comments`` (the page's comment rows, in page order) and build the
    page's discourse tables. ``sentences`` are the article's sentence rows; ``mention_scores`` the
    scores of ``plan.mention_sentences``."""
    names = CommenterNames([row["author"] for row in comments if person_key(row["author"])])
    mentioned: dict[int, set[str]] = {}
    for entity, spots in plan.mentions.comments.items():
        for c, _ in spots:
            mentioned.setdefault(c, set()).add(entity)
    ids = {row["comment_id"] for row in comments}
    for i, (row, own) in enumerate(zip(comments, plan.own, strict=True)):
        row["quoted_chars"] = own.quoted_chars
        about = TargetComment(
            own_words=own.text,
            is_reply=row["parent_id"] in ids,
            commenters=names.named(own.text, author=row["author"]),
            entities=tuple(sorted(mentioned.get(i, ()))),
        )
        row["target"], row["target_rule"] = target_of(about)
    link_threads(comments)
    for row in comments:  # in the order of comments.csv's header
        for col in DISCOURSE_COLUMNS:
            if col in row:
                row[col] = row.pop(col)
    threads = thread_rows(comments, article_id=article_id, hold_threshold=hold_threshold)
    return DiscourseTables(
        threads=threads,
        targets=_target_rows(comments, article_id),
        entities=_entity_rows(comments, sentences, plan, mention_scores, article_id, score_columns),
        held=held_rows(comments, threads, attributes=attributes, hold_threshold=hold_threshold),
    )


def _target_rows(comments: Sequence[dict[str, Any]], article_id: str) -> Rows:
    """targets.csv: per target, the page's comments aimed at it and how many of them are toxic."""
    if not comments:
        return ()
    toxic = TOXICITY in comments[0]
    all_toxic = sum(bool(row["toxic"]) for row in comments) if toxic else 0
    out = []
    for target in TARGETS:
        rows = [row for row in comments if row["target"] == target]
        entry: dict[str, Any] = {"article_id": article_id, "target": target, "n_comments": len(rows)}
        if toxic:
            n_toxic = sum(bool(row["toxic"]) for row in rows)
            scored = sum(row["toxic"] is not None for row in rows)  # None: a language the toxicity model cannot read
            entry |= {
                "n_toxic": n_toxic,
                "share_of_toxic": n_toxic / all_toxic if all_toxic else math.nan,
                "share_toxic": n_toxic / scored if scored else math.nan,
            }
        out.append(entry)
    return tuple(out)


def _entity_rows(
    comments: Sequence[dict[str, Any]],
    sentences: Sequence[Mapping[str, Any]],
    plan: DiscoursePlan,
    mention_scores: Mapping[str, Mapping[str, float]],
    article_id: str,
    score_columns: Sequence[str],
) -> Rows:
    """entities.csv: per named entity, its mentions and the tone of the sentences that mention it."""
    tone, toxic = TONE in score_columns, TOXICITY in score_columns
    nan = math.nan
    out = []
    for entity in plan.mentions.order():
        in_article = plan.mentions.article.get(entity, [])
        in_comments = plan.mentions.comments.get(entity, [])
        commented = sorted({c for c, _ in in_comments}) if in_comments else []
        row: dict[str, Any] = {
            "article_id": article_id,
            "entity": entity,
            "n_article_mentions": len(in_article),
            "n_comment_mentions": len(in_comments),
            "n_comments": len(commented),
        }
        if tone:  # (mean_known of nothing is NaN: most entities are mentioned in the article or in comments alone)
            article_tone = mean_known(sentences[s].get(TONE) for s in sorted(set(in_article))) if in_article else nan
            comments_tone = (
                mean_known(mention_scores[plan.sentences[c][s]].get(TONE) for c, s in sorted(set(in_comments)))
                if in_comments
                else nan
            )
            row |= {
                "article_tone": article_tone,
                "comments_tone": comments_tone,
                "tone_gap": comments_tone - article_tone,
            }
        if toxic:
            row["comments_toxicity"] = mean_known(comments[c][TOXICITY] for c in commented) if commented else nan
        out.append(row)
    return tuple(out)
