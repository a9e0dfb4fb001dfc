"""Analyze stage: a parsed page and its scores become tidy rows, one table per unit.

Units and how scores reach them:

- ``sentence``: every article sentence is scored on its own (VADER saturates on long texts);
- ``paragraph``: the aggregate of its sentences' scores;
- ``article``: the aggregate of all its sentences' scores (the article's *tone*);
- ``comment``: every comment is scored whole; a long one (over ``LONG_COMMENT_CHARS``) reaches
  sentiment scorers sentence by sentence and is aggregated, while scorers that read long texts
  themselves (``whole_texts``: the toxicity models' windows) get it whole.

Sentiment columns aggregate by mean, toxicity columns by max (each scorer says which).
Every unit has a language (``languages``); a scorer reads only the units in its languages, its
columns stay NaN for the others, and aggregates skip those.
Rows are plain dicts so that the report stage can hand them to pandas as they are.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from comments.analyze import discourse
from comments.analyze import languages as lang
from comments.analyze.columns import TONE, TOXICITY, Rows
from comments.analyze.commenters import commenter_rows
from comments.analyze.discourse import DiscoursePlan
from comments.analyze.moderation import default_hold_threshold
from comments.model import STATUSES, Page
from comments.score import (
    Cache,
    ScoreCounts,
    Scorer,
    comment_units,
    default_threshold,
    score_table,
    split_table,
)
from comments.score.base import reads
from comments.settings import AnalyzeSettings


@dataclass(frozen=True, slots=True, kw_only=True)
class PageTables:
    """Everything the report writes about one page."""

    article_id: str
    article: dict[str, Any]
    paragraphs: Rows
    sentences: Rows
    comments: Rows
    commenters: Rows
    clutter: Rows
    score_columns: tuple[str, ...]
    threads: Rows = ()
    targets: Rows = ()
    entities: Rows = ()
    held: Rows = ()

    def relabelled(self, article_id: str) -> PageTables:
        """The same tables under another article id, in every row."""
        changes: dict[str, Any] = {"article_id": article_id, "article": {**self.article, "article_id": article_id}}
        for part in fields(self):
            value = getattr(self, part.name)
            if isinstance(value, tuple) and value and isinstance(value[0], dict):
                changes[part.name] = tuple({**row, "article_id": article_id} for row in value)
        return replace(self, **changes)


#: the sentences of each paragraph and long comment, by its text
_Sentences = Mapping[str, tuple[str, ...]]


def _mean(values: Iterable[float]) -> float:
    values = [value for value in values if not math.isnan(value)]
    return statistics.fmean(values) if values else math.nan


def _aggregate(rows: Sequence[Mapping[str, Any]], scorers: Sequence[Scorer]) -> dict[str, float]:
    """Each column over the rows that have a score in it (a unit in a language its scorer does not read has none)."""
    out: dict[str, float] = {}
    if len(rows) == 1:  # a comment of one unit, most of them: its scores, as the aggregate of one would give them
        return _aggregate_one(rows[0], scorers)
    for scorer in scorers:
        combine = max if scorer.aggregate == "max" else statistics.fmean
        for col in scorer.columns:
            values = [value for row in rows if not math.isnan(value := row[col])]
            out[col] = combine(values) if values else math.nan
    return out


def _aggregate_one(row: Mapping[str, Any], scorers: Sequence[Scorer]) -> dict[str, float]:
    """``_aggregate([row], scorers)`` without a list per column: the max of one float is that float, and its
    mean (``statistics.fmean``: ``math.fsum`` over the count) is its ``math.fsum`` (which makes -0.0 0.0)."""
    out: dict[str, float] = {}
    fsum, isnan, nan = math.fsum, math.isnan, math.nan
    for scorer in scorers:
        highest = scorer.aggregate == "max"
        for col in scorer.columns:
            value = row[col]
            if type(value) is not float:
                out[col] = (max if highest else statistics.fmean)([value]) if not isnan(value) else nan
            elif isnan(value):
                out[col] = nan
            else:
                out[col] = value if highest else fsum((value,))
    return out


@dataclass(frozen=True, slots=True)
class _Plan:
    """What of one page gets scored: its article sentences by paragraph, and its comments' units."""

    split: list[tuple[str, ...]]
    sentence_texts: list[str]
    comment_units: list[tuple[str, ...]]
    discourse: discourse.DiscoursePlan
    """Each comment's own words (what it quotes set aside: it is scored on these), its sentences and names."""
    languages: lang.PageLanguages
    sentence_langs: list[str]
    """The language of each of ``sentence_texts``."""

    @classmethod
    def of(cls, page: Page, settings: AnalyzeSettings, read: DiscoursePlan, sentences_of: _Sentences) -> _Plan:
        """``read``: the page's discourse plan; ``sentences_of``: the sentences of every paragraph and long
        comment of the page (``_plans`` splits them)."""
        split = [sentences_of[p] for p in page.article.paragraphs]
        sentence_texts = [s for sentences in split for s in sentences]
        units = [comment_units(own.text, settings.long_comment_chars, sentences_of.__getitem__) for own in read.own]
        # a comment is in the language of its own words: what it quotes is set aside, as for its scores
        languages = lang.page_languages(page, split, settings.language, [own.text for own in read.own])
        sentence_langs = [language for languages in languages.sentences for language in languages]
        return cls(split, sentence_texts, units, read, languages, sentence_langs)

    def unit_texts(self) -> Iterator[tuple[str, str]]:
        """(text, language) of every sentence and comment unit: what the scorers of units read."""
        yield from zip(self.sentence_texts, self.sentence_langs, strict=True)
        for units, language in zip(self.comment_units, self.languages.comments, strict=True):
            yield from ((unit, language) for unit in units)

    def mention_texts(self) -> Iterator[tuple[str, str]]:
        """(text, language) of every comment sentence that mentions a name (``discourse.mention_sentences``)."""
        for spots in self.discourse.mentions.comments.values():
            yield from ((self.discourse.sentences[c][s], self.languages.comments[c]) for c, s in spots)

    def whole_texts(self) -> Iterator[tuple[str, str]]:
        """(text, language) of every sentence and comment's own words: what the scorers of whole texts read."""
        yield from zip(self.sentence_texts, self.sentence_langs, strict=True)
        yield from zip((own.text for own in self.discourse.own), self.languages.comments, strict=True)


def _plans(pages: Sequence[Page], settings: AnalyzeSettings, cache: Cache | None) -> list[_Plan]:
    """Each page's plan; every distinct paragraph and long comment of the pages split once (or read from ``cache``)."""
    paragraphs = split_table((p for page in pages for p in page.article.paragraphs), cache)
    reads = [discourse.plan(page, [s for p in page.article.paragraphs for s in paragraphs[p]]) for page in pages]
    long_chars = settings.long_comment_chars
    long = split_table((own.text for read in reads for own in read.own if len(own.text) > long_chars), cache)
    sentences_of = paragraphs | long
    return [_Plan.of(page, settings, read, sentences_of) for page, read in zip(pages, reads, strict=True)]


def resolved_thresholds(settings: AnalyzeSettings, scorers: Sequence[Scorer]) -> AnalyzeSettings:
    """``settings`` with the toxicity and hold thresholds it leaves to the scorers decided."""
    if settings.toxicity_threshold is None:
        settings = replace(settings, toxicity_threshold=default_threshold(scorers))
    if settings.hold_threshold is None:
        settings = replace(settings, hold_threshold=default_hold_threshold(scorers))
    return settings


def _score_read(
    texts: Iterable[tuple[str, str]],
    scorers: Sequence[Scorer],
    cache: Cache | None,
    counts: ScoreCounts | None,
) -> dict[str, dict[str, float]]:
    """Each scorer's columns for the distinct texts in languages it reads (each scorer called once)."""
    texts = list(texts)
    by_text: dict[str, dict[str, float]] = {}
    languages = {language for _, language in texts}
    for scorer in scorers:
        read_in = {language: reads(scorer, language) for language in languages}
        read = (text for text, language in texts if read_in[language])
        for text, columns in score_table(read, [scorer], cache, counts).items():
            by_text.setdefault(text, {}).update(columns)
    return by_text


def analyze_page(
    page: Page, settings: AnalyzeSettings | None = None, *, article_id: str, scorers: Sequence[Scorer]
) -> PageTables:
    """Score one page and lay its results out as rows."""
    return analyze_pages([page], settings, article_ids=[article_id], scorers=scorers)[0]


def analyze_pages(
    pages: Sequence[Page],
    settings: AnalyzeSettings | None = None,
    *,
    article_ids: Sequence[str],
    scorers: Sequence[Scorer],
    cache: Cache | None = None,
    counts: ScoreCounts | None = None,
) -> list[PageTables]:
    """Score several pages at once (each scorer called once for all their texts, each distinct text
    scored once or read from ``cache``) and lay each page's results out as rows.

    ``settings.toxicity_threshold`` None takes the toxicity scorer's own, ``settings.hold_threshold`` None
    the one measured for it (``default_hold_threshold``)."""
    settings = resolved_thresholds(settings or AnalyzeSettings(), scorers)
    assert settings.toxicity_threshold is not None
    toxicity_threshold, hold_threshold = settings.toxicity_threshold, settings.hold_threshold
    plans = _plans(pages, settings, cache)
    by_units = [s for s in scorers if not s.whole_texts]
    whole = [s for s in scorers if s.whole_texts]
    unit_scores = _score_read((t for plan in plans for t in plan.unit_texts()), by_units, cache, counts)
    whole_scores = _score_read((t for plan in plans for t in plan.whole_texts()), whole, cache, counts)
    # a mention in a comment its tone scorer does not read has no tone: {} (its .get(TONE) is None)
    mention_scores: defaultdict[str, dict[str, float]] = defaultdict(dict)
    mention_scores |= _score_read(
        (t for plan in plans for t in plan.mention_texts()), [s for s in scorers if TONE in s.columns], cache, counts
    )
    thresholds = (toxicity_threshold, hold_threshold)
    # what each scorer reads in each language, worked out once for all the pages
    units_scored = (lang.ScorerReads(by_units), unit_scores)
    whole_scored = (lang.ScorerReads(whole), whole_scores)
    every = lang.ScorerReads(scorers)
    return [
        _page_tables(page, plan, article_id, every, units_scored, whole_scored, mention_scores, thresholds)
        for page, plan, article_id in zip(pages, plans, article_ids, strict=True)
    ]


def _page_tables(
    page: Page,
    plan: _Plan,
    article_id: str,
    every: lang.ScorerReads,
    units_scored: tuple[lang.ScorerReads, Mapping[str, dict[str, float]]],
    whole_scored: tuple[lang.ScorerReads, Mapping[str, dict[str, float]]],
    mention_scores: Mapping[str, dict[str, float]],
    thresholds: tuple[float, float | None],
) -> PageTables:
    """One page's rows, from the scores of its units (by the scorers that read sentences of long
    comments), of its whole texts (by the scorers that read long comments whole) and of the comment
    sentences that mention a name (by the scorers that give the tone)."""
    toxicity_threshold, hold_threshold = thresholds
    scorers = every.scorers
    columns = tuple(col for scorer in scorers for col in scorer.columns)
    (by_units, unit_scores), (whole, whole_scores) = units_scored, whole_scored
    split, comment_units, languages = plan.split, plan.comment_units, plan.languages
    none: dict[str, float] = {}

    def read(language: str, text: str) -> dict[str, float]:
        """The columns of every scorer for one unit: the scores of those that read its language, NaN for the others."""
        return by_units.scores(language, unit_scores.get(text, none)) | whole.scores(
            language, whole_scores.get(text, none)
        )

    sentence_scores = [read(language, t) for t, language in zip(plan.sentence_texts, plan.sentence_langs, strict=True)]
    comment_scores = [
        _aggregate([by_units.scores(language, unit_scores.get(u, none)) for u in units], by_units.scorers)
        | whole.scores(language, whole_scores.get(own.text, none))
        for units, own, language in zip(comment_units, plan.discourse.own, languages.comments, strict=True)
    ]
    long_unit = "comment: sentence scores aggregated" + (
        f" ({', '.join(s.name for s in whole.scorers)} on the whole comment)" if whole.scorers else ""
    )

    sentences: list[dict[str, Any]] = []
    paragraphs: list[dict[str, Any]] = []
    position = 0
    for p_index, (paragraph, p_sentences) in enumerate(zip(page.article.paragraphs, split, strict=True)):
        p_rows = []
        for s_index, (text, language) in enumerate(zip(p_sentences, languages.sentences[p_index], strict=True)):
            row = {
                "article_id": article_id,
                "paragraph": p_index,
                "sentence": s_index,
                "unit": every.note("sentence", language),
                "language": language,
                "text": text,
            }
            row.update(sentence_scores[position])
            position += 1
            p_rows.append(row)
        sentences.extend(p_rows)
        paragraphs.append(
            {
                "article_id": article_id,
                "paragraph": p_index,
                "unit": "; ".join(
                    (
                        "paragraph: sentence scores aggregated",
                        *every.skipped(languages.sentences[p_index], "sentences"),
                    )
                ),
                "language": languages.paragraphs[p_index],
                "n_sentences": len(p_sentences),
                "text": paragraph,
                **_aggregate(p_rows, scorers),
            }
        )

    article_scores = _aggregate(sentences, scorers)
    tone = article_scores.get(TONE, math.nan)
    comments: list[dict[str, Any]] = []
    for comment, score, units, language in zip(
        page.comments, comment_scores, comment_units, languages.comments, strict=True
    ):
        row = {
            "article_id": article_id,
            "comment_id": comment.id,
            "parent_id": comment.parent_id,
            "depth": comment.depth,
            "author": comment.author,
            "posted_at": comment.posted_at,
            "status": comment.status,
            "unit": every.note("comment" if len(units) == 1 else long_unit, language),
            "language": language,
            "text": comment.text,
            **score,
        }
        if TONE in score:
            row["tone_gap"] = score[TONE] - tone
        if TOXICITY in score:  # None: not scored, neither toxic nor not
            row["toxic"] = None if math.isnan(score[TOXICITY]) else score[TOXICITY] >= toxicity_threshold
        comments.append(row)

    found = discourse.page_discourse(
        comments,
        sentences,
        plan.discourse,
        mention_scores,
        article_id=article_id,
        score_columns=columns,
        attributes=next((s.columns for s in scorers if TOXICITY in s.columns), ()),
        hold_threshold=hold_threshold,
    )
    commenters = commenter_rows(comments, article_id=article_id, scorers=scorers)
    article = {
        "article_id": article_id,
        "source": page.source,
        "title": page.article.title,
        "n_paragraphs": len(paragraphs),
        "n_sentences": len(sentences),
        "n_clutter": len(page.article.clutter),
        "n_comments": len(comments),
        "n_commenters": len(commenters),
        **{f"n_{status}": dict(page.status_counts).get(status, 0) for status in STATUSES},
        "language": languages.page,
        "share_other_languages": lang.share_other(languages.comments, languages.page),
        "notes": "; ".join((*page.notes, *every.skipped(languages.comments, "comments"))),
        "comment_system": page.comment_system,
        "tone_unit": "; ".join(
            ("article: sentence scores aggregated", *every.skipped(plan.sentence_langs, "sentences"))
        ),
        **{f"article_{col}": value for col, value in article_scores.items()},
        **{f"comments_mean_{col}": _mean(row[col] for row in comments) for col in columns},
        "tone_gap": _mean(row["tone_gap"] for row in comments) if TONE in columns else math.nan,
    }
    if TOXICITY in columns:
        scored = [row for row in comments if row["toxic"] is not None]
        article["comments_max_toxicity"] = max((row[TOXICITY] for row in scored), default=math.nan)
        article["share_toxic"] = _mean(float(row["toxic"]) for row in scored)
        article["toxicity_threshold"] = toxicity_threshold
        article["hold_threshold"] = hold_threshold
        article["n_held"] = len(found.held)
    clutter = tuple(
        {"article_id": article_id, "kind": c.kind, "cue": c.cue, "text": c.text} for c in page.article.clutter
    )
    return PageTables(
        article_id=article_id,
        article=article,
        paragraphs=tuple(paragraphs),
        sentences=tuple(sentences),
        comments=tuple(comments),
        commenters=commenters,
        clutter=clutter,
        score_columns=columns,
        threads=found.threads,
        targets=found.targets,
        entities=found.entities,
        held=found.held,
    )
