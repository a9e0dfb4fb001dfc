"""Hand checks of two rule-based analyses, on a report folder: the entity list and the hostility targets.

A person judges what the rules found; this script picks what to judge (a fixed sample, chosen before
anyone looks), prints it for judging, and scores the verdicts. Verdict files stay outside the
repository when the pages are evaluation data (shared/ is never copied into the project).

    # 1. a report of the pages to check (the evaluation pages' lynx dumps here)
    .venv/bin/comments report ../shared/eval/pages/text/lynx --out /tmp/lynx --charts none --quiet
    # 2. entities: print each sampled page's entity list, judge every name, then score the verdicts
    .venv/bin/python bench/check_discourse.py entities /tmp/lynx --pages 6 > /tmp/entities.txt
    .venv/bin/python bench/check_discourse.py entities /tmp/lynx --pages 6 --verdicts /tmp/entity_verdicts.csv
    # 3. targets: print a sample of toxic comments without the rule's answer, label them, then score
    .venv/bin/python bench/check_discourse.py targets /tmp/lynx --sample 60 > /tmp/targets.txt
    .venv/bin/python bench/check_discourse.py targets /tmp/lynx --sample 60 --labels /tmp/target_labels.csv

Entity verdicts: a CSV ``article_id,entity,correct`` (1: a proper name of a person, organisation,
place, nationality or group, or work, written whole; 0: a common word, a fragment of a name, a date).
Target labels: a CSV ``article_id,comment_id,target`` with one of commenter, article, named, none.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pandas as pd

TARGETS = ("commenter", "article", "named", "none")


def _read(report: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(
        report / name, keep_default_na=False, na_values=[""], dtype={"comment_id": str, "parent_id": str}
    )


def _sampled_pages(report: Path, n: int, offset: int) -> list[str]:
    """Every k-th page with comments that mention a name, in report order, starting ``offset`` pages
    in: fixed before looking (a second offset gives a second sample, untouched by the first)."""
    entities = _read(report, "entities.csv")
    pages = list(dict.fromkeys(entities.loc[entities["n_comment_mentions"] > 0, "article_id"]))
    step = max(1, len(pages) // n)
    return pages[offset % step :: step][:n]


def entities(report: Path, pages: int, offset: int, verdicts: Path | None) -> int:
    table = _read(report, "entities.csv")
    chosen = _sampled_pages(report, pages, offset)
    table = table[table["article_id"].isin(chosen)]
    if verdicts is None:
        for article_id, rows in table.groupby("article_id", sort=False):
            print(f"\n== {article_id} ({len(rows)} names)")
            for row in rows.itertuples():
                print(f"  {row.entity}\tarticle {row.n_article_mentions}\tcomments {row.n_comment_mentions}")
        return 0
    judged = pd.read_csv(verdicts, keep_default_na=False)
    merged = table.merge(judged, on=["article_id", "entity"], how="left")
    missing = merged["correct"].isna().sum()
    if missing:
        print(f"{missing} names have no verdict yet", file=sys.stderr)
    merged = merged.dropna(subset=["correct"])
    print("page                                   names  correct  precision")
    for article_id, rows in merged.groupby("article_id", sort=False):
        print(f"{article_id:38s} {len(rows):5d} {int(rows['correct'].sum()):8d} {rows['correct'].mean():10.3f}")
    print(f"{'all':38s} {len(merged):5d} {int(merged['correct'].sum()):8d} {merged['correct'].mean():10.3f}")
    in_comments = merged[merged["n_comment_mentions"] > 0]
    print(f"{'named in comments':38s} {len(in_comments):5d} {int(in_comments['correct'].sum()):8d} "
          f"{in_comments['correct'].mean():10.3f}")  # fmt: skip
    return 0


def targets(report: Path, sample: int, offset: int, labels: Path | None) -> int:
    comments = _read(report, "comments.csv")
    toxic = comments[comments["toxic"].astype(str) == "True"]
    step = max(1, len(toxic) // sample)
    chosen = toxic.iloc[offset % step :: step].head(sample)
    if labels is None:
        text_of = dict(
            zip(zip(comments["article_id"], comments["comment_id"], strict=True), comments["text"], strict=True)
        )
        for row in chosen.itertuples():
            parent = text_of.get((row.article_id, row.parent_id), "") if isinstance(row.parent_id, str) else ""
            print(f"\n== {row.article_id},{row.comment_id}  depth {row.depth}, author {row.author}")
            if parent:
                print(textwrap.indent(textwrap.shorten(parent, 300), "   parent: "))
            print(textwrap.indent(textwrap.fill(" ".join(str(row.text).split())[:700], 100), "   "))
        return 0
    given = pd.read_csv(labels, keep_default_na=False, dtype={"comment_id": str})
    merged = chosen.rename(columns={"target": "by_rule"}).merge(given, on=["article_id", "comment_id"], how="inner")
    print(f"{len(merged)} labelled of {len(chosen)} sampled toxic comments")
    said, truth = merged["by_rule"], merged["target"]
    print(f"agreement {(said == truth).mean():.3f}")
    print("target       labelled  rule says  precision  recall")
    for target in TARGETS:
        labelled, predicted = (truth == target).sum(), (said == target).sum()
        both = ((truth == target) & (said == target)).sum()
        precision = both / predicted if predicted else float("nan")
        recall = both / labelled if labelled else float("nan")
        print(f"{target:12s} {labelled:8d} {predicted:10d} {precision:10.3f} {recall:7.3f}")
    print("confusion (rows: label, columns: rule):")
    counts = Counter(zip(truth, said, strict=True))
    print("             " + " ".join(f"{t:>9s}" for t in TARGETS))
    for t in TARGETS:
        print(f"{t:12s} " + " ".join(f"{counts[(t, s)]:9d}" for s in TARGETS))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("entities")
    one.add_argument("report", type=Path)
    one.add_argument("--pages", type=int, default=6)
    one.add_argument("--offset", type=int, default=0)
    one.add_argument("--verdicts", type=Path)
    two = commands.add_parser("targets")
    two.add_argument("report", type=Path)
    two.add_argument("--sample", type=int, default=60)
    two.add_argument("--offset", type=int, default=0)
    two.add_argument("--labels", type=Path)
    args = parser.parse_args()
    if args.command == "entities":
        return entities(args.report, args.pages, args.offset, args.verdicts)
    return targets(args.report, args.sample, args.offset, args.labels)


if __name__ == "__main__":
    sys.exit(main())
