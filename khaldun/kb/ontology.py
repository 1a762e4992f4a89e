"""PLOVER types and modes, CAMEO codes, and the mapping between them, loaded from data files."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from khaldun.errors import DataFileError
from khaldun.kb.files import data_path, read_yaml

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
# PLV and other older gold sets merge CONCEDE and RETREAT as YIELD.
PLV_ROOTS: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "YIELD", "COOPERATE", "AID", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


def plv_root(event_type: str) -> str:
    """The PLV label of a current PLOVER type (CONCEDE and RETREAT become YIELD)."""
    return "YIELD" if event_type in ("CONCEDE", "RETREAT") else event_type


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    plover: str | None
    mode: str | None
    context: str | None
    goldstein: float


@dataclass(frozen=True)
class PloverType:
    name: str
    quad_class: int
    score: float
    description: str
    modes: dict[str, float]


class Ontology:
    """Lookups between CAMEO codes and PLOVER types; immutable after loading."""

    def __init__(self, types: dict[str, PloverType], cameo: dict[str, CameoCode], legacy: dict[str, list[str]],
                 defaults: dict[str, str] | None = None) -> None:
        self.types = types
        self.cameo = cameo
        self.legacy = legacy
        self._default_code: dict[tuple[str, str | None], str] = {(t, None): c for t, c in (defaults or {}).items()}
        for code in sorted(cameo, key=lambda c: (len(c), c)):
            c = cameo[code]
            if c.plover:
                self._default_code.setdefault((c.plover, c.mode), code)
                self._default_code.setdefault((c.plover, None), code)

    @classmethod
    def load(cls, plover_path: Path | None = None, cameo_path: Path | None = None) -> "Ontology":
        plover_path = plover_path or data_path("ontology", "plover.v1.yaml")
        cameo_path = cameo_path or data_path("ontology", "cameo.v1.tsv")
        doc = read_yaml(plover_path)
        types: dict[str, PloverType] = {}
        for name, spec in (doc.get("types") or {}).items():
            if name not in PLOVER_TYPES:
                raise DataFileError(str(plover_path), None, f"unknown PLOVER type {name!r}")
            types[name] = PloverType(name, int(spec["quad_class"]), float(spec["score"]),
                                     str(spec.get("description", "")), {k: float(v) for k, v in (spec.get("modes") or {}).items()})
        missing = set(PLOVER_TYPES) - set(types)
        if missing:
            raise DataFileError(str(plover_path), None, f"PLOVER types missing: {sorted(missing)}")
        aliases: dict[str, str | None] = doc.get("mode_aliases") or {}
        legacy = {k: (v if isinstance(v, list) else [v]) for k, v in (doc.get("legacy_types") or {}).items()}
        cameo: dict[str, CameoCode] = {}
        with cameo_path.open(encoding="utf-8") as fh:
            for line_no, row in enumerate(csv.DictReader(fh, delimiter="\t"), start=2):
                try:
                    code, plover = row["cameo"], row["plover"] or None
                    if plover is not None and plover not in types:
                        raise ValueError(f"unknown PLOVER type {plover!r}")
                    mode = row["mode"] or None
                    if mode is not None and plover is not None and mode not in types[plover].modes:
                        mode = aliases.get(mode, None) if mode in aliases else None
                    cameo[code] = CameoCode(code, row["name"], plover, mode, row["context"] or None, float(row["goldstein"]))
                except (KeyError, ValueError) as exc:
                    raise DataFileError(str(cameo_path), line_no, str(exc)) from exc
        defaults = {str(k): str(v) for k, v in (doc.get("default_cameo") or {}).items()}
        for plover, code in defaults.items():
            if code not in cameo or cameo[code].plover != plover:
                raise DataFileError(str(plover_path), None, f"default_cameo {plover}: {code} is not a CAMEO code of that type")
        return cls(types, cameo, legacy, defaults)

    def code(self, code: str) -> CameoCode:
        """The CAMEO record of ``code``, falling back to its parent codes."""
        for n in (len(code), 3, 2):
            hit = self.cameo.get(code[:n])
            if hit is not None:
                return hit
        raise KeyError(code)

    def quad_class(self, plover: str) -> int:
        return self.types[plover].quad_class

    def default_cameo(self, plover: str, mode: str | None = None) -> str:
        """The most general CAMEO code of a PLOVER type (and mode), for events a model typed."""
        return self._default_code.get((plover, mode)) or self._default_code[(plover, None)]

    def modern(self, label: str) -> list[str]:
        """Current PLOVER types for a label that may use an older name (DEMAND, YIELD ...)."""
        label = label.upper()
        if label in self.types:
            return [label]
        return list(self.legacy.get(label, []))
