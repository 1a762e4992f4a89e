"""Small trained scorers shipped as data files: logistic weights over named features, a threshold, a card.

The event-location scorer and the event-pair scorer are both of this kind: trained by a script in
``scripts/``, read and validated here, so that a malformed file is an error naming it and a model is
nothing more than a versioned data file.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from khaldun.errors import DataFileError


class ScorerFile(BaseModel):
    """The file: ``version``, ``weights`` (feature name -> weight), ``threshold`` in (0, 1), ``card``."""

    model_config = ConfigDict(extra="forbid")

    version: int
    weights: dict[str, float]
    threshold: float = Field(gt=0, lt=1)
    card: dict[str, Any]


@dataclass(frozen=True)
class LogisticScorer:
    """A probability from sparse named features; what to do with it is the caller's (``threshold``)."""

    weights: dict[str, float]
    threshold: float
    card: dict[str, Any]

    @classmethod
    def read(cls, path: Path, what: str) -> dict[str, Any]:
        """The validated fields of a scorer file; a missing or malformed file is a ``DataFileError`` naming it."""
        try:
            m = ScorerFile.model_validate(json.loads(Path(path).read_text(encoding="utf-8")))
        except (OSError, ValueError) as e:
            raise DataFileError(str(path), None, f"{what}: {e}") from e
        return {"weights": m.weights, "threshold": m.threshold, "card": m.card}

    def score(self, feats: dict[str, float]) -> float:
        z = sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
