"""``khaldun eval petrarch PATH``: the PETRARCH-2 validation suites, scored as dyads with PLOVER types.

Two files are supported, told apart by their ids:

* ``PETR2_GSR_validation.jsonl`` (real AFP sentences, hand-corrected CAMEO codes): coded with
  khaldun's own knowledge base.
* ``PETR.UnitTest.records.jsonl`` (fictional actors: Arnor, Gondor ...): these test mechanics
  (compounds, passives, agents), so their own validation dictionaries
  (``PETR.Validate.actors.txt`` / ``.agents.txt`` beside the file) are read by path at run
  time into a throw-away actor KB. Nothing from them enters the project.

A gold coding is found when one of our events in its sentence has the gold source country
(first three letters of the code), target country and PLOVER type (the gold CAMEO code mapped
through khaldun's CAMEO table). Sentences marked ``noevents`` count every event we emit as extra.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from khaldun.errors import InputError
from khaldun.evaluate import Report
from khaldun.evaluate.metrics import prf
from khaldun.kb.actors import ActorKB
from khaldun.kb.ontology import Ontology
from khaldun.kb.records import SECTORS, ActorRecord, AgentNoun
from khaldun.schema import Document, Event

_ENTRY = re.compile(r"^([^\s\[#+!<{][^\[#]*?)\s*(?:\{[^}]*\}\s*)?\[(~?[A-Z\-]{3,})(?:\s+[^\]]*)?\]")


def load_records(path: Path) -> list[dict[str, Any]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}", f"not valid JSON ({exc.msg})") from exc
    return rows


def validation_kb(folder: Path) -> ActorKB:
    """An actor KB from PETRARCH's validation dictionaries (read by path, never stored)."""
    actors_file, agents_file = folder / "PETR.Validate.actors.txt", folder / "PETR.Validate.agents.txt"
    if not actors_file.exists():
        raise InputError(str(actors_file), "the PETRARCH validation actor dictionary is not beside the records",
                         "keep PETR.Validate.actors.txt in the same folder")
    names: dict[str, list[str]] = {}
    current: str | None = None
    for raw in actors_file.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip() or line.lstrip().startswith("<"):
            continue
        if line.startswith("+") and current:
            names[current].append(line[1:].strip().replace("_", " "))
            continue
        m = _ENTRY.match(line.strip())
        if m and not m.group(2).startswith("~") and m.group(2) not in ("---",):
            current = m.group(2)
            names.setdefault(current, []).append(m.group(1).strip().rstrip("_").replace("_", " "))
    records: list[ActorRecord] = []
    states = sorted({code[:3] for code in names})
    for code in states:
        aliases = names.get(code, [])
        records.append(ActorRecord(id=code, name=(aliases or [code])[0], kind="state", country=code, sector="GOV",
                                   aliases=aliases))
    for code, aliases in names.items():
        if len(code) == 3:
            continue
        sector = code[3:6] if code[3:6] in SECTORS else None
        records.append(ActorRecord(id=code, name=aliases[0], kind="organization", country=code[:3], sector=sector,
                                   aliases=aliases[1:]))
    agents: list[AgentNoun] = []
    if agents_file.exists():
        for raw in agents_file.read_text(encoding="utf-8", errors="replace").splitlines():
            line = raw.split("#", 1)[0].strip()
            m = _ENTRY.match(line)
            if m and m.group(2).startswith("~") and m.group(2)[1:4] in SECTORS and "!" not in m.group(1):
                agents.append(AgentNoun(nouns=[m.group(1).replace("_", " ").lower()], sector=m.group(2)[1:4]))  # type: ignore[arg-type]
    return ActorKB(records, agents=agents, source=str(actors_file))


def _plover(ontology: Ontology, code: str) -> str | None:
    """PLOVER type of a gold CAMEO code; None for statements (01x) and codes CAMEO does not have."""
    try:
        return ontology.code(code).plover if ontology.code(code).code[:2] == code[:2] else None
    except KeyError:
        return None


def _found(coding: dict[str, str], events: list[Event], ontology: Ontology) -> bool:
    want = _plover(ontology, coding["event"])
    src, tgt = (None if c[:3] in ("---", "UNK") else c[:3] for c in (coding["source"], coding["target"]))
    for e in events:
        if e.event_type != want:
            continue
        s = e.source.country if e.source else None
        t = e.target.country if e.target else None
        if (s, t) == (src, tgt) or (e.evidence.get("symmetric") and (t, s) == (src, tgt)):
            return True
    return False


def evaluate(path: Path, *, limit: int | None = None, folds: int = 5) -> Report:
    from khaldun.pipeline import Coder, DocumentFailure

    rows = load_records(path)
    if limit:
        rows = rows[:limit]
    fictional = "unittest" in path.name.lower() or any(c.get("source") in ("ARN", "GON") for r in rows for c in r.get("codings", []))
    ontology = Ontology.load()
    coder = Coder(kb=validation_kb(path.parent)) if fictional else Coder()
    rows = [r for r in rows if str(r.get("evaluate", "true")).lower() != "false" and not r.get("category") == "ERROR"]
    docs = [Document(doc_id=r["id"], text=r["text"], date=_date(r.get("date"))) for r in rows]
    tp = fn = extra = 0
    by_cat: Counter[str] = Counter()
    by_cat_found: Counter[str] = Counter()
    emitted = unknown = 0
    for r, result in zip(rows, coder.pipe(docs), strict=True):
        events = [] if isinstance(result, DocumentFailure) else [e for e in result.events if e.factuality == "asserted"]
        emitted += len(events)
        codings = [c for c in r.get("codings", []) if _plover(ontology, c["event"])]
        unknown += sum(1 for c in r.get("codings", []) if _plover(ontology, c["event"]) is None)
        if r.get("noevents") or not codings:
            extra += len(events)
            continue
        hits = [c for c in codings if _found(c, events, ontology)]
        tp += len(hits)
        fn += len(codings) - len(hits)
        by_cat[r.get("category", "?")] += len(codings)
        by_cat_found[r.get("category", "?")] += len(hits)
        extra += max(0, len(events) - len(hits))
    p, rec, f = prf(tp, extra, fn)
    metrics: dict[str, Any] = {
        "sentences": len(rows), "gold_codings": tp + fn, "found": tp, "recall": round(rec, 4),
        "precision": round(p, 4), "f1": round(f, 4), "emitted_asserted_events": emitted, "extra_events": extra,
        "codings_without_plover_type": unknown,
        "recall_by_category": {k: round(by_cat_found[k] / v, 3) for k, v in sorted(by_cat.items())},
    }
    notes = ["a gold coding counts as found when an asserted event in its sentence has its source and target "
             "country codes and the PLOVER type of its CAMEO code"]
    if fictional:
        notes.append("fictional actors: PETRARCH's validation dictionaries were loaded by path for this run only")
    return Report("petrarch", str(path), metrics, notes)


def _date(raw: object) -> Any:
    import datetime as dt

    s = str(raw or "")
    if re.fullmatch(r"\d{8}", s):
        try:
            return dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
        except ValueError:
            return None
    return None
