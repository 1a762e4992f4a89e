"""Coding many documents: in process, or with N worker processes that code while this process stores.

Each worker builds its own Coder once (spaCy, KB, lexicon, model) and returns
``CodedDocument`` records, which hold no spaCy objects and pickle cheaply. The
caller keeps the only database connection: one writer.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

from khaldun.errors import InputError
from khaldun.pipeline import Coder, DocumentFailure
from khaldun.schema import CodedDocument, Document
from khaldun.settings import Settings

Result = CodedDocument | DocumentFailure | InputError
CHUNK = 8

_worker_coder: Coder | None = None  # one per worker process, set by its initializer


def _init_worker(settings: Settings) -> None:
    global _worker_coder
    _worker_coder = Coder(settings)
    if "torch" in sys.modules:  # N workers on N cores: one torch thread each, not N each
        sys.modules["torch"].set_num_threads(1)


def _context() -> mp.context.BaseContext:
    """Fork is cheapest, but a process whose torch has started its thread pool deadlocks its forked children:
    then workers are spawned."""
    if "fork" in mp.get_all_start_methods() and "torch" not in sys.modules:
        return mp.get_context("fork")
    return mp.get_context("spawn")


def _code_chunk(docs: list[Document], default_date: dt.date | None) -> list[CodedDocument | DocumentFailure]:
    assert _worker_coder is not None
    return list(_worker_coder.pipe(docs, default_date=default_date))


def code_items(items: Iterable[Document | InputError], *, coder: Coder | None = None, settings: Settings | None = None,
               workers: int = 1, default_date: dt.date | None = None) -> Iterator[Result]:
    """Code documents, passing input errors through in order; ``workers > 1`` uses processes."""
    if workers <= 1:
        coder = coder or Coder(settings)
        pending: list[Document] = []
        for item in items:
            if isinstance(item, InputError):
                yield from coder.pipe(pending, default_date=default_date) if pending else ()
                pending = []
                yield item
            else:
                pending.append(item)
                if len(pending) >= coder.settings.batch_size:
                    yield from coder.pipe(pending, default_date=default_date)
                    pending = []
        if pending:
            yield from coder.pipe(pending, default_date=default_date)
        return
    settings = settings or (coder.settings if coder else Settings.from_env())
    ctx = _context()
    it = iter(items)
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(settings,)) as pool:
        futures = []
        while True:
            chunk = list(islice(it, CHUNK))
            if not chunk:
                break
            docs = [c for c in chunk if isinstance(c, Document)]
            futures.append((chunk, pool.submit(_code_chunk, docs, default_date) if docs else None))
            while len(futures) > workers * 4:
                yield from drain(futures.pop(0))
        for f in futures:
            yield from drain(f)


def drain(entry: tuple[list[Document | InputError], object]) -> Iterator[Result]:
    """A chunk's results in input order: input errors where they stood, coded documents in between."""
    chunk, fut = entry
    results = iter(fut.result() if fut is not None else ())  # type: ignore[attr-defined]
    for item in chunk:
        yield item if isinstance(item, InputError) else next(results)

