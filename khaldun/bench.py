"""``khaldun bench``: throughput and memory of the full pipeline against bare spaCy parsing, in one run.

Timings on shared machines are noisy, so the figure that matters is the ratio
of the two measured in the same process, alternating runs and keeping the
fastest of each.
"""

from __future__ import annotations

import gc
import json
import resource
import time
from pathlib import Path
from typing import Any

from khaldun.errors import InputError
from khaldun.pipeline import Coder
from khaldun.schema import Document
from khaldun.settings import Settings


def load_corpus(path: Path, n_docs: int, *, real_only: bool = True) -> list[Document]:
    docs: list[Document] = []
    with path.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{line_no}", f"not valid JSON ({exc.msg})") from exc
            if real_only and obj.get("corpus") == "NGEC-synthetic":
                continue
            text = obj.get("text") or ""
            if not text.strip():
                continue
            docs.append(Document(doc_id=str(obj.get("id", line_no)), text=text, origin=f"{path}:{line_no}"))
            if len(docs) >= n_docs:
                break
    if not docs:
        raise InputError(str(path), "no documents with text", "pass a JSONL file with a 'text' field per line")
    return docs


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_bench(path: Path, *, n_docs: int = 200, rounds: int = 2, settings: Settings | None = None,
              coder: Coder | None = None) -> dict[str, Any]:
    docs = load_corpus(path, n_docs)
    rss_start = _rss_mb()
    t0 = time.perf_counter()
    coder = coder or Coder(settings)
    load_s = time.perf_counter() - t0
    rss_loaded = _rss_mb()
    nlp = coder.parser.nlp
    texts = [d.text for d in docs]
    list(coder.pipe(docs[:3]))  # warm up caches
    parse_times, full_times = [], []
    stage_totals: dict[str, float] = {}
    n_events = n_tokens = 0
    for _ in range(rounds):
        gc.collect()
        t = time.perf_counter()
        n_tokens = sum(len(d) for d in nlp.pipe(texts, batch_size=coder.settings.batch_size))
        parse_times.append(time.perf_counter() - t)
        gc.collect()
        coder.profile, coder.timings = True, type(coder.timings)()
        t = time.perf_counter()
        results = list(coder.pipe(docs))
        full_times.append(time.perf_counter() - t)
        coder.profile = False
        stage_totals = dict(coder.timings)
        n_events = sum(len(getattr(r, "events", [])) for r in results)
    parse_s, full_s = min(parse_times), min(full_times)
    chars = sum(len(t) for t in texts)
    return {
        "documents": len(docs), "characters": chars, "tokens": n_tokens, "events": n_events,
        "spacy_model": coder.parser.model_name, "classifier": getattr(coder.model, "name", None) or "none",
        "load_seconds": round(load_s, 2),
        "parse_seconds": round(parse_s, 3), "pipeline_seconds": round(full_s, 3),
        "pipeline_over_parse": round(full_s / parse_s, 3),
        "added_over_parse_percent": round(100 * (full_s - parse_s) / parse_s, 1),
        # The steadier figure: the coding stages against the parse, both timed inside the same pipeline run.
        "stages_over_parse_same_run_percent": round(
            100 * sum(v for k, v in stage_totals.items() if k != "parse") / max(stage_totals.get("parse", 0.0), 1e-9), 1),
        "tokens_per_second_parse": round(n_tokens / parse_s), "tokens_per_second_pipeline": round(n_tokens / full_s),
        "docs_per_hour_pipeline_1proc": round(3600 * len(docs) / full_s),
        "stage_seconds": {k: round(v, 3) for k, v in sorted(stage_totals.items(), key=lambda kv: -kv[1])},
        "memory_mb": {"rss_before_load": round(rss_start), "rss_after_load": round(rss_loaded), "rss_peak": round(_rss_mb())},
    }
