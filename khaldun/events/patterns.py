"""The trigger lexicon's record type: one pattern that maps words in a parse to a CAMEO code.

Patterns are data (``khaldun/data/lexicon/triggers.v1.jsonl``); this module
only says what a pattern may contain, so that a bad pattern fails on load.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

_CAMEO = re.compile(r"^[0-2][0-9]{1,3}$")

TargetSlot = Literal["dobj", "prep", "iobj", "none", "nsubj"]


class TriggerPattern(BaseModel):
    """A trigger: a head word plus the particles, objects and prepositions it must come with.

    ``lemma`` is the head (a verb, noun or adjective, as spaCy lemmatizes it);
    ``particle`` a phrasal-verb particle ("call *off*"); ``object`` the direct
    objects of a light verb, one of which must be present ("launch" + "offensive");
    ``prep`` a preposition attached to the head or to its object whose object is
    the target when ``target == "prep"`` ("clashes *with*", "take control *of*");
    ``prep_object`` the words that preposition must govern ("took to the *streets*",
    "came under *fire*").
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    cameo: str
    lemma: str
    pos: Literal["VERB", "NOUN", "ADJ"] = "VERB"
    particle: str | None = None
    object: list[str] | None = None
    not_object: list[str] = Field(default_factory=list)
    prep: str | None = None
    prep_object: list[str] | None = None
    target: TargetSlot = "dobj"
    symmetric: bool = False
    plover: str | None = None
    mode: str | None = None
    example: str | None = None
    note: str | None = None

    @field_validator("cameo")
    @classmethod
    def _cameo(cls, v: str) -> str:
        if not _CAMEO.match(v):
            raise ValueError(f"cameo {v!r} is not a 2-4 digit CAMEO code")
        return v

    @field_validator("lemma", "particle", "prep")
    @classmethod
    def _lower(cls, v: str | None) -> str | None:
        if v is not None and (v != v.strip() or not v):
            raise ValueError("must be a non-empty word without surrounding spaces")
        return v

    @model_validator(mode="after")
    def _check(self) -> "TriggerPattern":
        if self.target == "prep" and not self.prep:
            raise ValueError("target 'prep' needs a 'prep'")
        if self.prep_object and not self.prep:
            raise ValueError("'prep_object' needs a 'prep'")
        return self

    @property
    def specificity(self) -> int:
        """More constrained patterns win over bare lemmas."""
        return 1 + 2 * bool(self.object) + bool(self.particle) + bool(self.prep) + 2 * bool(self.prep_object)
