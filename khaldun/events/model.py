"""Loading the shipped event-type classifier (a fine-tuned MiniLM encoder), when torch is installed.

The model lives in ``khaldun/data/models/<name>/`` with its card (``MODEL_CARD.md``:
data, split, seed, cross-validated metrics) and the combiner weights; it is
produced by ``scripts/train_event_model.py``. Without torch, or with
``classifier = "none"``, khaldun codes with the lexicon alone.
"""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

from khaldun.errors import ConfigError
from khaldun.events.classify import EventTypeModel
from khaldun.kb.files import data_path

_LOG = logging.getLogger(__name__)
MODELS_DIR = ("models",)


def shipped_models() -> list[Path]:
    root = data_path(*MODELS_DIR)
    if not root.exists():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / "config.json").exists())


def load_model(choice: str = "auto") -> EventTypeModel | None:
    """The classifier named by the ``classifier`` setting, or None for lexicon-only coding."""
    if choice == "none":
        return None
    if choice == "auto":
        models = shipped_models()
        if not models or importlib.util.find_spec("torch") is None:
            _LOG.info("no event-type model available (torch installed: %s); coding with the lexicon only",
                      importlib.util.find_spec("torch") is not None)
            return None
        path = models[-1]
    else:
        path = Path(choice)
        if not (path / "config.json").exists():
            raise ConfigError(f"classifier {choice!r}: no model there (expected {path / 'config.json'}); use 'auto' or 'none'")
        if importlib.util.find_spec("torch") is None:
            raise ConfigError("the event-type classifier needs torch: pip install 'khaldun[model]'")
    from khaldun.events.encoder import EncoderClassifier

    return EncoderClassifier.load(path)
