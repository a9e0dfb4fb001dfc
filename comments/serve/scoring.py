"""What the server scores a text with, by the report's rules, and the batcher that scores requests together.

A comment's scores are the report's (``comments.analyze``): scorers that read long texts
themselves (``whole_texts``, the toxicity models) get the text whole; the others get a
comment longer than ``long_comment_chars`` sentence by sentence and aggregate the sentences
as the scorer says (mean for sentiment). The same text therefore gets the same numbers here
as in ``comments.csv``.

The batcher keeps one scoring thread per worker. When it is idle and a request arrives while
others are still on their way in (their bodies being read or parsed), it waits for them, for
at most ``window`` seconds; a lone request is scored at once. Requests that arrive while it is
busy are scored together as soon as it is free. Each scorer is called once per batch, on the
distinct texts of every request in it.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import math
import statistics
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from comments.score import Scorer, comment_units, reads, score_table, split_sentences
from comments.score.base import unit_note
from comments.score.language import DEFAULT_LANGUAGE, language_of

log = logging.getLogger(__name__)

#: scorer name -> the texts it must score for one request
Needs = Mapping[str, Sequence[str]]
#: scorer name -> text -> that scorer's columns for the text
Tables = Mapping[str, Mapping[str, Mapping[str, float]]]
#: A batch stops growing once it holds this many texts (a request is never split across batches).
MAX_BATCH_TEXTS = 256


@dataclass(frozen=True, slots=True)
class Span:
    """A sentence of a text: ``text[begin:end]``, offsets in code points."""

    begin: int
    end: int
    text: str


class Engine:
    """The scorers of one worker, and the report's rules for what each reads of a comment."""

    def __init__(self, scorers: Sequence[Scorer], *, long_comment_chars: int, toxicity_threshold: float) -> None:
        names = [scorer.name for scorer in scorers]
        if len(set(names)) != len(names):
            raise ValueError(f"scorer names must be distinct, not {names}")
        self.scorers = tuple(scorers)
        self.long_comment_chars = long_comment_chars
        self.toxicity_threshold = toxicity_threshold
        self.columns = tuple(col for scorer in scorers for col in scorer.columns)
        self.by_column = {col: scorer for scorer in scorers for col in scorer.columns}
        whole = [scorer.name for scorer in scorers if scorer.whole_texts]
        self.long_unit = "comment: sentence scores aggregated" + (
            f" ({', '.join(whole)} on the whole comment)" if whole else ""
        )
        # a lone text has no page: its own language when the identifier is sure of it, else English
        self.language = functools.lru_cache(maxsize=4096)(lambda text: language_of(text, DEFAULT_LANGUAGE))

    def units(self, text: str) -> tuple[str, ...]:
        """What a sentence-level scorer reads of a comment: the whole, or its sentences when it is long."""
        return comment_units(text, self.long_comment_chars)

    def comment_needs(
        self, texts: Iterable[str], scorers: Sequence[Scorer], *, language: str | None = None
    ) -> dict[str, list[str]]:
        """The texts each scorer must score for these comments (in ``language`` when the client names it,
        else in each text's own)."""
        texts = list(texts)
        needs: dict[str, list[str]] = {}
        for scorer in scorers:
            # never a language it cannot read
            read = [text for text in texts if reads(scorer, language or self.language(text))]
            needs[scorer.name] = read if scorer.whole_texts else [u for text in read for u in self.units(text)]
        return needs

    def comment_scores(
        self, text: str, tables: Tables, scorers: Sequence[Scorer], *, language: str | None = None
    ) -> dict[str, float]:
        """One comment's columns from these scorers, exactly as the report's comment row has them."""
        out: dict[str, float] = {}
        for scorer in scorers:
            if not reads(scorer, language or self.language(text)):  # empty, as in the report: NaN, never 0
                out.update({col: math.nan for col in scorer.columns})
                continue
            table = tables[scorer.name]
            if scorer.whole_texts:
                out.update(table[text])
                continue
            rows = [table[unit] for unit in self.units(text)]
            for col in scorer.columns:
                values = [row[col] for row in rows]
                out[col] = max(values) if scorer.aggregate == "max" else statistics.fmean(values)
        return out

    def unit(self, text: str) -> str:
        """The ``unit`` the report writes for this comment."""
        return unit_note("comment" if len(self.units(text)) == 1 else self.long_unit, self.language(text), self.scorers)

    def score(self, jobs: Sequence[Needs]) -> dict[str, dict[str, dict[str, float]]]:
        """Every scorer called once on the distinct texts all these jobs need of it."""
        tables: dict[str, dict[str, dict[str, float]]] = {}
        for scorer in self.scorers:
            texts = [text for job in jobs for text in job.get(scorer.name, ())]
            if texts:
                tables[scorer.name] = score_table(texts, [scorer])
        return tables


def sentence_spans(text: str) -> list[Span]:
    """The sentences of a text with where each lies in it (the sentence splitter strips and cuts, never rewrites)."""
    spans: list[Span] = []
    position = 0
    for sentence in split_sentences(text):
        begin = text.find(sentence, position)
        if begin < 0:  # cannot happen with the splitter as built; never invent an offset
            log.debug("a sentence was not found in its text; its span is left out")
            continue
        position = begin + len(sentence)
        spans.append(Span(begin, position, sentence))
    return spans


@dataclass
class _Pending:
    needs: Needs
    size: int
    future: asyncio.Future[Tables] = field(repr=False)


class Batcher:
    """Scores jobs on one thread, gathering the jobs that arrive together into one call per scorer.

    ``score`` must be deterministic per text: a text's scores do not depend on its batch.
    """

    def __init__(self, score: Callable[[Sequence[Needs]], Tables], *, window: float) -> None:
        self._score = score
        self._window = window
        self._pending: list[_Pending] = []
        self._wake = asyncio.Event()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="comments-score")
        self._task: asyncio.Task[None] | None = None
        self._arrived = asyncio.Event()
        self._in_progress = 0
        self.batches = 0
        self.jobs = 0

    @contextlib.contextmanager
    def tracking(self) -> Iterator[None]:
        """Around a request that may submit work: while it is on its way in, an idle batcher waits for it."""
        self._in_progress += 1
        try:
            yield
        finally:
            self._in_progress -= 1
            self._arrived.set()

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="comments-batcher")

    async def submit(self, needs: Needs) -> Tables:
        """The tables holding every text of ``needs``, once its batch is scored."""
        if self._task is None or self._task.done():
            raise RuntimeError("the batcher is not running")
        future: asyncio.Future[Tables] = asyncio.get_running_loop().create_future()
        self._pending.append(_Pending(needs, sum(len(texts) for texts in needs.values()), future))
        self._wake.set()
        self._arrived.set()
        return await future

    async def close(self) -> None:
        """Score what is queued, then stop the thread."""
        while self._pending:
            await asyncio.sleep(0.01)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._executor.shutdown(wait=True)

    def _take(self) -> list[_Pending]:
        batch: list[_Pending] = []
        size = 0
        while self._pending and (not batch or size + self._pending[0].size <= MAX_BATCH_TEXTS):
            item = self._pending.pop(0)
            if item.future.done():  # its client went away
                continue
            batch.append(item)
            size += item.size
        return batch

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            if not self._pending:
                self._wake.clear()
                await self._wake.wait()
                await self._gather(loop.time() + self._window)
            batch = self._take()
            if not batch:
                continue
            self.batches += 1
            self.jobs += len(batch)
            try:
                tables = await loop.run_in_executor(self._executor, self._score, [item.needs for item in batch])
            except Exception:
                await self._one_by_one(batch)
                continue
            for item in batch:
                if not item.future.done():
                    item.future.set_result(tables)

    async def _gather(self, deadline: float) -> None:
        """Wait, until ``deadline`` at most, for the requests on their way in (the scored ones are counted too)."""
        loop = asyncio.get_running_loop()
        while self._in_progress > len(self._pending) and sum(p.size for p in self._pending) < MAX_BATCH_TEXTS:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(remaining):
                    await self._arrived.wait()

    async def _one_by_one(self, batch: list[_Pending]) -> None:
        """A batch failed: score its jobs alone, so that only the job that fails gets the error."""
        loop = asyncio.get_running_loop()
        for item in batch:
            try:
                tables = await loop.run_in_executor(self._executor, self._score, [item.needs])
            except Exception as err:
                log.error("scoring failed: %s: %s", type(err).__name__, _first_line(err))
                if not item.future.done():
                    item.future.set_exception(err)
            else:
                if not item.future.done():
                    item.future.set_result(tables)


def _first_line(err: BaseException) -> str:
    """An error's message without anything after its first line (never a text being scored)."""
    message: Any = str(err)
    return message.splitlines()[0][:200] if message else ""
