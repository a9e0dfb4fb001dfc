"""Held-out figures for the parser: five fixed folds of the evaluation pages, tuned on four, scored on the fifth.

Everything in the parser chosen by looking at pages is a component or a threshold of
``comments/parse/tuning.py``. For each fold, the choices are made again on the other
four folds alone:

- a **component** (a cue, a selector, a way of reading a page) is left out when, on the
  four folds, the summed page utility (the mean of comment and article F1, summed over
  renderings) is higher without it; kept when leaving it out lowers the utility of at
  least ``MIN_SUPPORT`` pages (a rule that helps one page is a rule fitted to that page);
  and, when leaving it out alone changes nothing (another component does the same), kept
  where it touched at least ``MIN_NEUTRAL_SUPPORT`` pages;
- a **threshold** takes, of its candidate values, the one with the highest summed
  utility on the four folds (the default on ties).

The components that define what a comment's or an article's text is (``definitions()``)
are not tuned.

Each choice is judged against the defaults, one at a time. The fold's pages are then
parsed with its choices and scored: the *held-out* figures. Leaving out a component
that matched nothing on a page, or changing a threshold the parse of a page never read,
cannot change that page's parse, so each page is re-parsed only for the choices that
touched it (the parser traces them).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from comments.evaluate import PageScore, RenderingResult, score_page
from comments.parse import tuning
from comments.parse.comment_cues import ALL_CUES, INTERFACE_LINE_CUES
from comments.parse.cues import CLUTTER_CUES
from comments.parse.tuning import CANDIDATES, DEFAULT, Thresholds, Tuning, with_values

FOLDS = 5
#: a component is kept only where it helps at least this many pages of the tuning folds
MIN_SUPPORT = 2
#: a component that changes no page alone (another does the same) is kept where it touched this many
MIN_NEUTRAL_SUPPORT = 3
#: a page whose utility changes by less than this is not changed (the cut of one comment moves a word or two)
EPSILON = 0.002

Key = tuple[str, str]  # (rendering, page id)


def fold_of(page_id: str) -> int:
    """The fold of a page: fixed by its id, the same on every machine and for every set of pages."""
    return int(hashlib.sha256(page_id.encode("utf-8")).hexdigest(), 16) % FOLDS


def definitions() -> frozenset[str]:
    """Components that define what a comment's text and an article's text are, and so are not tuned: the
    selectors of comment bodies, controls and hidden elements, and the cues of control lines and clutter.

    Leaving them out would raise the scores by counting reply buttons, screen-reader text and captions as
    comment or article words (the gold's section text holds every visible word): a choice of the metric's,
    not of a parse's quality.
    """
    from comments.parse import selectors

    names = {cue.name for cue in INTERFACE_LINE_CUES + CLUTTER_CUES}
    names |= {f"body:{css}" for css in selectors.BODY_SELECTORS}
    names |= {f"interface:{css}" for css in selectors.INTERFACE_SELECTORS}
    names |= {f"hidden:{css}" for css in selectors.HIDDEN_SELECTORS}
    return frozenset(names)


def known_components() -> list[str]:
    """Every component name the parser has: cues, selectors and the structural finder."""
    from comments.parse import selectors

    names = [cue.name for cue in ALL_CUES]
    names += [f"item:{part.strip()}" for _, group in selectors.ITEM_SELECTORS for part in group.split(",")]
    tables = {
        "author": selectors.AUTHOR_SELECTORS,
        "time": selectors.TIME_SELECTORS,
        "body": selectors.BODY_SELECTORS,
        "interface": selectors.INTERFACE_SELECTORS,
        "section": selectors.SECTION_SELECTORS,
        "hidden": selectors.HIDDEN_SELECTORS,
    }
    names += [f"{table}:{css}" for table, table_selectors in tables.items() for css in table_selectors]
    return [*names, "structure", "text_path", "second_look"]


@dataclass(frozen=True, slots=True)
class _Task:
    data: Path
    rendering: str
    page_id: str
    tuning: Tuning
    trace: bool = False


def _run(task: _Task) -> tuple[PageScore, frozenset[str]]:
    with tuning.tuned(task.tuning):
        if not task.trace:
            return score_page(task.data, task.rendering, task.page_id), frozenset()
        with tuning.traced() as names:
            score = score_page(task.data, task.rendering, task.page_id)
        return score, frozenset(names)


@dataclass
class FoldReport:
    renderings: tuple[str, ...]
    ids: list[str]
    base: dict[Key, PageScore]
    held_out: dict[Key, PageScore]
    choices: list[Tuning]
    """per fold: the tuning chosen on the other folds"""
    touched: dict[str, set[str]] = field(default_factory=dict)
    """component -> the page ids it touched (any rendering)"""
    delta: dict[str, dict[str, float]] = field(default_factory=dict)
    """alternative -> page id -> utility change of it (summed over renderings) against the defaults"""

    def result(self, rendering: str, *, held_out: bool) -> RenderingResult:
        scores = self.held_out if held_out else self.base
        return RenderingResult(rendering, [scores[(rendering, page_id)] for page_id in self.ids])

    def components(self) -> list[tuple[str, int, int, int, float, int]]:
        """(component, pages touched, pages it helps, pages it hurts, utility it adds, folds keeping it)."""
        rows = []
        fixed = definitions()
        for name, pages in sorted(self.touched.items()):
            if name.startswith("=") or name in fixed:
                continue
            changes = self.delta.get(name, {}).values()
            helped = sum(change < -EPSILON for change in changes)
            hurt = sum(change > EPSILON for change in changes)
            kept = sum(name not in choice.off for choice in self.choices)
            rows.append((name, len(pages), helped, hurt, -sum(changes), kept))
        return rows


def _map(tasks: Sequence[_Task], jobs: int) -> list[tuple[PageScore, frozenset[str]]]:
    if jobs <= 1:
        return [_run(task) for task in tasks]
    with ProcessPoolExecutor(jobs) as pool:
        return list(pool.map(_run, tasks, chunksize=8))


def run_folds(
    data: Path,
    renderings: Sequence[str],
    ids: Sequence[str],
    *,
    jobs: int = 1,
    without: frozenset[str] = frozenset(),
    progress: Callable[[str], None] = lambda _: None,
) -> FoldReport:
    """Choose every component and threshold per fold on the other folds, and score each fold's pages.

    Components named in ``without`` are left out everywhere and never chosen (to measure the parser
    as it was before them).
    """
    start = Tuning(off=without)
    keys = [(rendering, page_id) for rendering in renderings for page_id in ids]
    progress(f"defaults, traced: {len(keys)} parses")
    traced = _map([_Task(data, r, p, start, trace=True) for r, p in keys], jobs)
    base = {key: score for key, (score, _) in zip(keys, traced, strict=True)}
    touches: dict[str, list[Key]] = defaultdict(list)
    for key, (_, names) in zip(keys, traced, strict=True):
        for name in names:
            touches[name].append(key)

    # the utility change of every alternative on every page it can change
    fixed = definitions()
    alternatives = [
        (name, replace(start, off=start.off | {name})) for name in touches if name[0] != "=" and name not in fixed
    ]
    for threshold in fields(Thresholds):
        for candidate in CANDIDATES[threshold.name]:
            if candidate != getattr(DEFAULT.thresholds, threshold.name) and f"={threshold.name}" in touches:
                alternative = replace(start, thresholds=with_values(DEFAULT.thresholds, {threshold.name: candidate}))
                alternatives.append((f"={threshold.name}={candidate}", alternative))
    tasks: list[_Task] = []
    owners: list[str] = []
    for label, alternative in alternatives:
        name = label if label[0] != "=" else "=" + label.split("=")[1]
        for rendering, page_id in touches[name]:
            tasks.append(_Task(data, rendering, page_id, alternative))
            owners.append(label)
    progress(f"{len(alternatives)} alternatives: {len(tasks)} parses")
    delta: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))  # label -> page id -> change
    for label, task, (score, _) in zip(owners, tasks, _map(tasks, jobs), strict=True):
        delta[label][task.page_id] += score.utility - base[(task.rendering, task.page_id)].utility

    touched = {name: {p for _, p in pages} for name, pages in touches.items()}
    choices = [_choose(fold, delta, touched, alternatives, start) for fold in range(FOLDS)]
    held_out = dict(base)
    redo = [
        _Task(data, r, p, choices[fold_of(p)]) for r, p in keys if _changes(choices[fold_of(p)], start, touches, (r, p))
    ]
    progress(f"held-out folds: {len(redo)} parses")
    for task, (score, _) in zip(redo, _map(redo, jobs), strict=True):
        held_out[(task.rendering, task.page_id)] = score
    return FoldReport(
        tuple(renderings), list(ids), base, held_out, choices, touched, {k: dict(v) for k, v in delta.items()}
    )


def _changes(choice: Tuning, start: Tuning, touches: dict[str, list[Key]], key: Key) -> bool:
    """Whether ``choice`` can change the parse of ``key``: it leaves out or re-sets something that touched it."""
    thresholds = choice.thresholds
    changed = [
        f"={f.name}" for f in fields(Thresholds) if getattr(thresholds, f.name) != getattr(start.thresholds, f.name)
    ]
    return any(key in touches.get(name, ()) for name in (*(choice.off - start.off), *changed))


def _choose(
    fold: int,
    delta: dict[str, dict[str, float]],
    touched: dict[str, set[str]],
    alternatives: Iterable[tuple[str, Tuning]],
    start: Tuning,
) -> Tuning:
    def train(changes: dict[str, float]) -> dict[str, float]:
        return {page_id: change for page_id, change in changes.items() if fold_of(page_id) != fold}

    off: set[str] = set(start.off)
    best: dict[str, tuple[float, float]] = {}  # threshold -> (gain, value)
    for label, alternative in alternatives:
        changes = train(delta.get(label, {}))
        if label[0] != "=":
            if not _keep(changes, sum(fold_of(p) != fold for p in touched[label])):
                off.add(label)
            continue
        _, name, _ = label.split("=")
        gain = sum(changes.values())
        if gain > EPSILON and gain > best.get(name, (0.0, 0.0))[0]:
            best[name] = (gain, getattr(alternative.thresholds, name))
    thresholds = with_values(DEFAULT.thresholds, {name: value for name, (_, value) in best.items()})
    return Tuning(off=frozenset(off), thresholds=thresholds)


def _keep(changes: dict[str, float], touched: int) -> bool:
    """Whether to keep a component, from what leaving it out changes on the tuning pages it touched.

    ``changes`` maps page id to the utility change of leaving the component out.
    """
    if sum(changes.values()) > MIN_SUPPORT * EPSILON:
        return False  # the parse is better without it
    helped = sum(change < -EPSILON for change in changes.values())
    if helped:
        return helped >= MIN_SUPPORT  # a component that helps one page is fitted to that page
    # it changes nothing alone (another component does the same), so keep it where it is common
    return touched >= MIN_NEUTRAL_SUPPORT


def score_with_choices(
    data: Path, renderings: Sequence[str], ids: Sequence[str], choices: Sequence[Tuning], *, jobs: int = 1
) -> FoldReport:
    """Held-out figures from recorded choices (``load_choices``): each page parsed with its fold's choices,
    without choosing them again; all-pages figures with the defaults. Quick, and held out as long as the
    parser's rules since the record were not chosen by looking at these pages."""
    keys = [(rendering, page_id) for rendering in renderings for page_id in ids]
    base = dict(zip(keys, (s for s, _ in _map([_Task(data, r, p, DEFAULT) for r, p in keys], jobs)), strict=True))
    again = [key for key in keys if choices[fold_of(key[1])] != DEFAULT]
    tasks = [_Task(data, r, p, choices[fold_of(p)]) for r, p in again]
    held_out = base | dict(zip(again, (s for s, _ in _map(tasks, jobs)), strict=True))
    return FoldReport(tuple(renderings), list(ids), base, held_out, list(choices))


def write_choices(path: Path, report: FoldReport) -> None:
    """Record each fold's choices, with every component known now (``load_choices`` reads them back)."""
    choices = [choice.to_json() for choice in report.choices]
    data = {"folds": FOLDS, "known_components": known_components(), "choices": choices}
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def load_choices(path: Path) -> list[Tuning]:
    """Each fold's choices as ``write_choices`` recorded them. A component the parser has gained since is left
    out (no fold chose it); one it has lost raises ValueError, as the record no longer describes this parser."""
    data = json.loads(path.read_text(encoding="utf-8"))
    known = set(known_components())
    gone = sorted({name for choice in data["choices"] for name in choice["off"]} - known)
    if gone:
        raise ValueError(f"{path}: names components the parser no longer has: {', '.join(gone)}")
    added = frozenset(known - set(data["known_components"]) - definitions())
    return [
        Tuning(off=frozenset(choice["off"]) | added, thresholds=with_values(DEFAULT.thresholds, choice["thresholds"]))
        for choice in data["choices"]
    ]
