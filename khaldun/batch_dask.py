"""Scale-out on an existing Dask cluster: workers code, this process keeps the only database writer.

Every worker needs khaldun installed; each builds one Coder when it joins (a
worker plugin), so spaCy and the knowledge base load once per worker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from distributed import Client, get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from khaldun.batch import CHUNK, Result, drain
from khaldun.errors import InputError
from khaldun.pipeline import Coder, DocumentFailure
from khaldun.schema import CodedDocument, Document
from khaldun.settings import Settings

PLUGIN_NAME = "khaldun-coder"


class CoderPlugin(WorkerPlugin):
    """Builds one Coder per worker when it joins and keeps it on the plugin (no module state)."""

    name = PLUGIN_NAME

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.coder: Coder | None = None

    def setup(self, worker: Any) -> None:
        self.coder = Coder(self.settings)

    def teardown(self, worker: Any) -> None:
        self.coder = None


def _code_chunk(docs: list[Document], default_date: dt.date | None) -> list[CodedDocument | DocumentFailure]:
    coder = get_worker().plugins[PLUGIN_NAME].coder  # type: ignore[attr-defined]
    if coder is None:
        raise RuntimeError("the khaldun plugin is not set up on this worker")
    return list(coder.pipe(docs, default_date=default_date))


def code_items_dask(items: Iterable[Document | InputError], client: Client, *, settings: Settings | None = None,
                    default_date: dt.date | None = None, chunk: int = CHUNK) -> Iterator[Result]:
    """Code on the cluster behind ``client``; results come back in input order."""
    client.register_plugin(CoderPlugin(settings or Settings.from_env()), name=PLUGIN_NAME)
    it = iter(items)
    pending: list[tuple[list[Document | InputError], Any]] = []
    window = 4 * max(1, len(client.scheduler_info().get("workers", {})))
    while True:
        part = list(islice(it, chunk))
        if not part:
            break
        docs = [c for c in part if isinstance(c, Document)]
        pending.append((part, client.submit(_code_chunk, docs, default_date, pure=False) if docs else None))
        while len(pending) > window:
            yield from drain(pending.pop(0))
    for entry in pending:
        yield from drain(entry)
