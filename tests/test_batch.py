"""Coding in worker processes and on a Dask cluster gives the same events as coding in process."""

from __future__ import annotations

import pytest

from khaldun.batch import code_items
from khaldun.errors import InputError
from khaldun.schema import CodedDocument, Document

TEXTS = [
    "Iraqi forces attacked Kurdish fighters in Kirkuk on Friday.",
    "Turkish warplanes bombed PKK positions in northern Iraq on Monday.",
    "Iran condemned the US strike near Baghdad airport.",
]


def _items():
    return [Document(doc_id=f"d{i}", text=t) for i, t in enumerate(TEXTS[:2])] + [
        InputError("bad.txt", "empty file")] + [Document(doc_id="d2", text=TEXTS[2])]


def _events(results):
    return [(type(r).__name__, [e.id for e in r.events] if isinstance(r, CodedDocument) else None) for r in results]


@pytest.mark.slow
def test_worker_processes_match_in_process(coder):
    import datetime as dt

    day = dt.date(2020, 1, 5)
    local = _events(code_items(_items(), coder=coder, default_date=day))
    parallel = _events(code_items(_items(), settings=coder.settings, workers=2, default_date=day))
    assert local == parallel and local[2] == ("InputError", None)


@pytest.mark.slow
def test_dask_cluster_matches_in_process(coder):
    distributed = pytest.importorskip("distributed")
    import datetime as dt

    from khaldun.batch_dask import code_items_dask

    day = dt.date(2020, 1, 5)
    local = _events(code_items(_items(), coder=coder, default_date=day))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        remote = _events(code_items_dask(_items(), client, settings=coder.settings, default_date=day))
    assert local == remote
