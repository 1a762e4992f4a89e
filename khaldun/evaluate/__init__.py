"""``khaldun eval DATASET PATH``: scoring the coder against gold sets.

Each dataset has one evaluator, named here; evaluators read the gold file by
path (gold text never enters the project) and return a ``Report``.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from khaldun.errors import UsageError

EVALUATORS: dict[str, str] = {
    "plv": "khaldun.evaluate.plv:evaluate",
    "plover-gsr": "khaldun.evaluate.plover_gsr:evaluate",
    "petrarch": "khaldun.evaluate.petrarch:evaluate",
    "tr-news": "khaldun.evaluate.geo:evaluate_tr_news",
    "geovirus": "khaldun.evaluate.geo:evaluate_geovirus",
    "event-location": "khaldun.evaluate.geo:evaluate_event_location",
    "sample": "khaldun.evaluate.sample:evaluate",
}


@dataclass
class Report:
    """Metrics of one evaluation run, with the lines a person reads."""

    dataset: str
    path: str
    metrics: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    def text(self) -> str:
        lines = [f"{self.dataset}: {self.path}"]
        for k, v in self.metrics.items():
            if isinstance(v, dict):
                lines.append(f"  {k}:")
                lines += [f"    {a}: {_fmt(b)}" for a, b in v.items()]
            else:
                lines.append(f"  {k}: {_fmt(v)}")
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)

    def json(self) -> str:
        return json.dumps({"dataset": self.dataset, "path": self.path, "metrics": self.metrics, "notes": self.notes}, indent=2)


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4f}"
    if isinstance(v, dict):
        return ", ".join(f"{a}={_fmt(b)}" for a, b in v.items())
    return str(v)


class Evaluator(Protocol):
    def __call__(self, path: Path, *, limit: int | None = None, folds: int = 5) -> Report: ...


def run_eval(dataset: str, path: Path, *, limit: int | None = None, folds: int = 5) -> Report:
    target = EVALUATORS.get(dataset)
    if target is None:
        raise UsageError(f"unknown dataset {dataset!r}; choose one of: {', '.join(sorted(EVALUATORS))}")
    module, func = target.split(":")
    fn: Evaluator = getattr(importlib.import_module(module), func)
    return fn(path, limit=limit, folds=folds)
