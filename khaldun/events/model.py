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


MODEL_PACKAGES = ("torch", "safetensors", "tokenizers")


def missing_packages() -> list[str]:
    """The packages the classifier needs that are not installed."""
    return [m for m in MODEL_PACKAGES if importlib.util.find_spec(m) is None]


def load_model(choice: str = "auto", *, quantize: bool | None = None) -> EventTypeModel | None:
    """The classifier named by the ``classifier`` setting, or None for lexicon-only coding.

    ``auto`` takes the newest shipped model and falls back to the lexicon (with a
    log line) when torch or the MiniLM base model is not installed; a model named
    by path must load, or the error says how to fix it."""
    if choice == "none":
        return None
    if choice == "auto":
        models = shipped_models()
        missing = missing_packages()
        if not models or missing:
            _LOG.info("no event-type model available (shipped: %d, missing packages: %s); coding with the lexicon only",
                      len(models), ", ".join(missing) or "none")
            return None
        path = models[-1]
    else:
        path = Path(choice)
        if not (path / "config.json").exists():
            raise ConfigError(f"classifier {choice!r}: no model there (expected {path / 'config.json'}); use 'auto' or 'none'")
        missing = missing_packages()
        if missing:
            raise ConfigError(f"the event-type classifier needs {', '.join(missing)}: pip install 'khaldun[model]', "
                              "or set classifier = 'none'")
    from khaldun.events.encoder import BaseModelMissing, EncoderClassifier

    try:
        return EncoderClassifier.load(path, quantize=quantize)
    except BaseModelMissing as exc:
        if choice != "auto":
            raise
        _LOG.warning("%s; coding with the lexicon only", exc.message)
        return None
