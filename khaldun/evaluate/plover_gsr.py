"""``khaldun eval plover-gsr PATH``: actor coding (country, country+sector) and event type on the PLOVER GSR.

The PLOVER gold standard records (OEDA, from the CAMEO manual) give, for each
sentence, its source and target actors as text with a country code and a sector.
We run the pipeline on each sentence, find our mention at each gold actor's span
and compare. The gold codes predate khaldun's scheme, so they are mapped first
(decisions documented in ``docs/actors.md``):

* countries: ``JAP`` -> JPN, ``ITL`` -> ITA, ``VTN`` -> VNM (old CAMEO codes used
  there); ``IGO``, ``NGO``, ``IMG`` (international militarized group) and ``ISM``
  are transnational: the gold country is null.
* sectors: the first three letters are the role (``REBkur`` -> REB; the rest is an
  ethnic or religious code we do not score). The GSR has no INS: its REB covers
  every armed non-state group, so REB accepts khaldun's REB or INS. For IGO and
  NGO codes khaldun's own IGO / NGO sector counts besides the gold one (an IGO's
  council coded IGO GOV: khaldun says IGO). Codes without a khaldun sector map to
  the nearest one: REF EDU LAB AGR SOC CIV -> CVL, JRN (journalists) -> MED,
  MOS CHR -> REL, SPY -> GOV, CRM -> INS; the GSR's MED marks medical actors
  (doctors, medical relief agencies), not media, and accepts CVL or NGO; ELI (elites:
  former officials, notables) accepts CVL, PTY, OPP or REL; UAF (unidentified
  armed attackers) accepts INS or REB.
* a null sector means the national actor as a whole, with no agent: for a state
  code khaldun writes that as GOV (a state name, a capital) or CVL (its people:
  "Palestinians"), and either counts; a specific agent (MIL, REB ...) does not.
  For IGO / NGO codes the sector is IGO / NGO, for IMG / ISM INS or REB. ``***``
  (sector left open by the gold coders) is scored on the country only and left
  out of the country+sector figure. The report also gives country+sector over
  the actors whose gold sector is given, which no such decision touches.

Nothing here is trained on the GSR: the ``folds`` figures are the same rules
scored on five disjoint parts of the set, to show how much the accuracy varies.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from khaldun.doc import CodedDoc, Mention
from khaldun.errors import InputError
from khaldun.evaluate import Report
from khaldun.evaluate.metrics import overlaps
from khaldun.schema import Document

if TYPE_CHECKING:
    from khaldun.pipeline import Coder

COUNTRY_MAP: dict[str, str] = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
TRANSNATIONAL: frozenset[str] = frozenset({"IGO", "NGO", "IMG", "ISM"})
SECTOR_MAP: dict[str, frozenset[str]] = {
    **{s: frozenset({s}) for s in ("GOV", "MIL", "INS", "OPP", "PTY", "COP", "JUD", "LEG", "REL", "CVL",
                                   "IGO", "NGO", "BUS")},
    "REB": frozenset({"REB", "INS"}),
    **{s: frozenset({"CVL"}) for s in ("REF", "EDU", "LAB", "AGR", "SOC", "CIV")},
    "JRN": frozenset({"MED"}), "MED": frozenset({"CVL", "NGO"}), "MOS": frozenset({"REL"}), "CHR": frozenset({"REL"}), "SPY": frozenset({"GOV"}),
    "CRM": frozenset({"INS"}), "ELI": frozenset({"CVL", "PTY", "OPP", "REL"}), "UAF": frozenset({"INS", "REB"}),
}
NULL_SECTOR: dict[str, frozenset[str]] = {
    "IGO": frozenset({"IGO"}), "NGO": frozenset({"NGO"}), "IMG": frozenset({"INS", "REB"}),
    "ISM": frozenset({"INS", "REB"}),
}
# The GSR readme: "All date fields are set to 2000-01-01"; the sentences are news of around that time.
GSR_DATE = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class GoldActor:
    """One gold source or target, with its codes mapped to khaldun's scheme."""

    role: str  # "source" | "target"
    text: str
    code: str
    raw_sector: str | None
    country: str | None
    sectors: frozenset[str] | None  # None: sector not scored ("***")


@dataclass
class ActorResult:
    """How one gold actor fared: the mention we matched, and why it missed if it did."""

    record_id: str
    gold: GoldActor
    span: tuple[int, int] | None
    mention: Mention | None
    country_ok: bool
    sector_ok: bool | None
    cause: str | None = None
    fold: int = 0

    @property
    def both_ok(self) -> bool | None:
        return None if self.sector_ok is None else (self.country_ok and self.sector_ok)

    def row(self) -> dict[str, Any]:
        m = self.mention
        return {
            "id": self.record_id, "role": self.gold.role, "gold_text": self.gold.text, "gold_code": self.gold.code,
            "gold_sector": self.gold.raw_sector, "country_ok": self.country_ok, "sector_ok": self.sector_ok,
            "cause": self.cause, "text": m.text if m else None, "country": m.country if m else None,
            "sector": m.sector if m else None, "actor_id": m.actor_id if m else None, "method": m.method if m else None,
        }


@dataclass
class RecordResult:
    record_id: str
    gold_type: list[str]
    actors: list[ActorResult] = field(default_factory=list)
    predicted_type: str | None = None
    fold: int = 0


# -- gold ---------------------------------------------------------------------------------------
def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """Records of the flat GSR file (``plover_gsr_flat.jsonl``) or of the original JSON array."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror})", "give the path of plover_gsr_flat.jsonl") from exc
    if text.lstrip().startswith("["):
        items = json.loads(text)
    else:
        items = [json.loads(line) for line in text.splitlines() if line.strip()]
    for item in items:
        if item.get("event") == "DOCUMENT":
            continue
        yield item


def gold_actor(role: str, raw: dict[str, Any]) -> GoldActor:
    code = str(raw.get("code") or "").upper()
    sector = raw.get("sector")
    country = None if code in TRANSNATIONAL else COUNTRY_MAP.get(code, code or None)
    sectors: frozenset[str] | None
    if sector is None:
        sectors = NULL_SECTOR.get(code, frozenset({"GOV", "CVL"}))
    elif sector.startswith("*"):
        sectors = None
    else:
        sectors = SECTOR_MAP.get(sector[:3].upper(), frozenset({sector[:3].upper()}))
        if code in ("IGO", "NGO"):
            sectors = sectors | {code}  # khaldun codes any body of an IGO (its council, its troops) IGO
    return GoldActor(role, str(raw.get("text") or raw.get("actorText") or ""), code, sector, country, sectors)


def _fold_chars(text: str) -> tuple[str, list[int]]:
    """Lower-case, dots dropped, hyphens and runs of spaces made one space; with each kept char's offset."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch == ".":
            continue
        ch = " " if ch in "-\u2010\u2011\u2013\u2014" or ch.isspace() else ch.lower()
        if ch == " " and (not out or out[-1] == " "):
            continue
        out.append(ch)
        where.append(i)
    return "".join(out), where


def find_span(sentence: str, actor_text: str) -> tuple[int, int] | None:
    """Character span of a gold actor text in its sentence.

    Case, dots ("U.S." = "US"), hyphens and spacing are folded; "A ... B" spans A to B.
    """
    parts = [p for p in (_fold_chars(x)[0].strip() for x in re.split(r"\.{2,}", actor_text.strip())) if p]
    if not parts:
        return None
    folded, where = _fold_chars(sentence)
    words = " ".join(parts).split()
    if len(parts) == 1 and not re.search(r"(?<!\w)" + re.escape(parts[0]) + r"(?!\w)", folded) and len(words) > 1:
        parts = [words[0], words[-1]]  # "French troops" in "French and Italian troops": first word to last
    start = end = None
    pos = 0
    for part in parts:
        hit = re.compile(r"(?<!\w)" + re.escape(part) + r"(?!\w)").search(folded, pos)  # "us" is not in "pushing"
        i = hit.start() if hit else -1
        if i < 0 or (start is not None and i - pos > 60):
            return None
        if start is None:
            start = i
        end = i + len(part)
        pos = end
    assert start is not None and end is not None
    stop = where[end - 1] + 1
    if stop < len(sentence) and sentence[stop] == "." and stop >= 2 and sentence[stop - 2] == ".":
        stop += 1  # the closing dot of an acronym: "U.S."
    return where[start], stop


# -- matching -----------------------------------------------------------------------------------
def match_mention(doc: CodedDoc, span: tuple[int, int]) -> Mention | None:
    """Our mention for a gold span: the one whose extent agrees best with it.

    A member of a compound ("Italian" in "French and Italian troops") extends to its
    parent's head noun, so that "Italian troops" finds it; places rank below actors.
    """
    sp = doc.parse
    chars = sp.char_span(span[0], span[1], alignment_mode="expand")
    root = chars.root.idx if chars is not None and len(chars) else None
    best: tuple[tuple[int, int, float, int], Mention] | None = None
    for m in doc.mentions:
        for cand, extent in [(m, (m.start_char, m.end_char)), *((x, (x.start_char, m.end_char)) for x in m.members)]:
            if not overlaps(extent, span):
                continue
            inter = min(extent[1], span[1]) - max(extent[0], span[0])
            union = max(extent[1], span[1]) - min(extent[0], span[0])
            holds_root = int(root is not None and extent[0] <= root < extent[1])
            key = (int(not m.is_place), holds_root, inter / union, -(extent[1] - extent[0]))
            if best is None or key > best[0]:
                best = (key, cand)
    return best[1] if best else None


def miss_cause(res: ActorResult, kb: Any) -> str:
    """Why an actor was missed, in words a maintainer can act on."""
    m, g = res.mention, res.gold
    if res.span is None:
        return "gold text not found in sentence"
    if m is None:
        return "no mention found"
    if m.is_place:
        return "read as a place"
    if not res.country_ok:
        if m.method.startswith("coref"):
            return "coreference"
        if m.country is None and g.country is not None:
            if m.method.startswith("ner") or m.method == "":
                return "not in KB (unknown name, no country in text)"
            if m.method.startswith(("agent", "title", "definite")):
                return "no country in the phrase"
            return "KB actor without country"
        if m.country is not None and g.country is None:
            return "transnational actor given a country"
        if m.method == "kb" and m.actor_id:
            alias_ids = {e.actor_id for e in kb.find(m.text)}
            if any(kb.actors[a].country == g.country for a in alias_ids if a in kb.actors):
                return "wrong homonym"
            return "KB country differs from gold"
        if m.method.startswith("office"):
            return "wrong office holder or country"
        return "wrong country from modifier"
    if m.method.startswith("coref"):
        return "coreference (sector)"
    if m.sector == "UNK":
        return "sector unknown"
    return "sector rule"


# -- running ------------------------------------------------------------------------------------
def _fold(record_id: str, folds: int) -> int:
    return int(hashlib.sha1(record_id.encode()).hexdigest(), 16) % max(folds, 1)


def _record_date(item: dict[str, Any]) -> dt.date:
    raw = item.get("date")
    try:
        return dt.date.fromisoformat(raw) if raw else GSR_DATE
    except ValueError:
        return GSR_DATE


def code_record(coder: "Coder", item: dict[str, Any]) -> tuple[CodedDoc, list[Any]]:
    """Run every stage on one record, keeping the working document (its mentions) and the events."""
    from khaldun.events.emit import build_events

    doc = CodedDoc(Document(doc_id=str(item.get("id")), text=item["text"], date=_record_date(item),
                            origin=str(item.get("id"))))
    doc = coder.parser(doc)
    for stage in coder.stages:
        doc = stage(doc)
    events = build_events(doc, coder.ontology, min_confidence=coder.settings.min_confidence,
                          keep_unresolved=coder.settings.keep_unresolved)
    return doc, events


def score_records(coder: "Coder", items: Iterable[dict[str, Any]], *, folds: int = 5) -> list[RecordResult]:
    out: list[RecordResult] = []
    for item in items:
        rid = str(item.get("id"))
        doc, events = code_record(coder, item)
        gold_label = str(item.get("event") or "")
        rec = RecordResult(rid, coder.ontology.modern(gold_label) or [gold_label.upper()], fold=_fold(rid, folds))
        spans: list[tuple[int, int]] = []
        for role in ("source", "target"):
            for raw in item.get(role) or []:
                g = gold_actor(role, raw)
                span = find_span(item["text"], g.text)
                m = match_mention(doc, span) if span else None
                country_ok = m is not None and m.country == g.country
                sector_ok = None if g.sectors is None else (m is not None and m.sector in g.sectors)
                res = ActorResult(rid, g, span, m, country_ok, sector_ok, fold=rec.fold)
                if not (country_ok and sector_ok is not False):
                    res.cause = miss_cause(res, coder.kb)
                rec.actors.append(res)
                if span:
                    spans.append(span)
        rec.predicted_type = _event_type(events, spans)
        out.append(rec)
    return out


def _event_type(events: list[Any], spans: list[tuple[int, int]]) -> str | None:
    """The type of our most confident event whose source or target overlaps a gold actor."""
    hits = []
    for e in events:
        for a in (e.source, e.target):
            if a is not None and any(overlaps((a.start, a.end), s) for s in spans):
                hits.append(e)
                break
    if not hits:
        return None
    return max(hits, key=lambda e: e.confidence).event_type


def _acc(values: list[bool]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def summarize(results: list[RecordResult], *, folds: int = 5) -> dict[str, Any]:
    actors = [a for r in results for a in r.actors]
    scored = [a for a in actors if a.both_ok is not None]
    non_null = [a for a in scored if a.gold.raw_sector is not None]
    causes = Counter(a.cause for a in actors if a.cause)
    per_fold = {}
    for f in range(folds):
        fa = [a for a in actors if a.fold == f]
        fs = [a for a in fa if a.both_ok is not None]
        per_fold[f"fold{f}"] = {"n": len(fa), "country": _acc([a.country_ok for a in fa]),
                                "country+sector": _acc([bool(a.both_ok) for a in fs])}
    typed = [r for r in results if r.predicted_type is not None]
    return {
        "records": len(results),
        "actors": len(actors),
        "country_accuracy": _acc([a.country_ok for a in actors]),
        "country_sector_accuracy": _acc([bool(a.both_ok) for a in scored]),
        "country_sector_n": len(scored),
        "country_sector_accuracy_gold_sector_given": _acc([bool(a.both_ok) for a in non_null]),
        "country_sector_gold_sector_given_n": len(non_null),
        "sector_not_scored_n": len(actors) - len(scored),
        "mention_found": _acc([a.mention is not None for a in actors]),
        "event_type_accuracy": _acc([r.predicted_type in r.gold_type for r in results]),
        "event_type_accuracy_when_event_found": _acc([r.predicted_type in r.gold_type for r in typed]),
        "event_found": _acc([r.predicted_type is not None for r in results]),
        "actor_misses_by_cause": dict(causes.most_common()),
        "folds": per_fold,
    }


def evaluate(path: Path, *, limit: int | None = None, folds: int = 5, coder: "Coder | None" = None) -> Report:
    """Score actor coding and event types on the PLOVER GSR file at ``path``."""
    from khaldun.pipeline import Coder

    items = list(read_records(Path(path)))
    if limit is not None:
        items = items[:limit]
    coder = coder or Coder()
    results = score_records(coder, items, folds=folds)
    notes = [
        "gold codes mapped: JAP->JPN, ITL->ITA, VTN->VNM; IGO/NGO/IMG/ISM have no country",
        "sector: first three letters of the gold code; REB in {REB,INS}; REF/EDU/LAB/AGR/SOC/CIV->CVL, JRN->MED, "
        "MOS/CHR->REL, SPY->GOV, CRM->INS, ELI in {CVL,PTY,OPP,REL}, UAF in {INS,REB}; IGO/NGO codes also accept "
        "khaldun's IGO/NGO sector",
        "GSR MED (medical) in {CVL,NGO}; null sector: GOV or CVL for a state, IGO/NGO for those codes, INS or REB "
        "for IMG/ISM; '***' scored on country only",
        f"record date: the record's own, else {GSR_DATE} (the GSR readme sets every date to it)",
        "rules, not trained on this set: folds show the spread over five disjoint parts",
    ]
    return Report("plover-gsr", str(path), summarize(results, folds=folds), notes)
