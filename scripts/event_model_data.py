"""Training examples for the event-type model, read by path from ../shared/eval (never copied into khaldun).

Each example is a sentence with character spans for source, target and trigger
and the set of PLOVER types its label allows (PLV's YIELD allows CONCEDE and
RETREAT; the loss is the log of their summed probability). Sources:

- plv: PLV train pairs; spans from the markers; trigger = the word linking
  the two spans in the spaCy parse (``khaldun.events.pairs.link_trigger``).
- gsr: PLOVER gold standard records; PLOVER 0.5 names mapped to current ones
  through the ontology's legacy table; spans found by the actor texts; trigger
  = the first word of the coded event text.
- ngec: NGEC synthetic stories; the lead sentence only, with subject, object
  and main verb from the parse as source, target and trigger (labels are the
  prompt, so these are down-weighted and never used for testing).

conflibert-cameo is NOT used for the type model: its labels are quad classes
only, and about half of its sentences are PLV sentences (including, per its
SOURCE.txt, PLV test sentences), so training on it would leak held-out labels.

    python scripts/event_model_data.py --out build/event_model/examples.jsonl
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from khaldun.evaluate.plv import read_plv, span_tokens  # noqa: E402
from khaldun.events.pairs import link_trigger  # noqa: E402
from khaldun.kb.ontology import PLOVER_TYPES, Ontology  # noqa: E402
from khaldun.nlp.parse import load_spacy  # noqa: E402



def _eval_root() -> Path:
    """../shared/eval next to the checkout (CI), or one level up (a worktree under /work/wt)."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "eval").is_dir():
            return base / "shared" / "eval"
    return ROOT.parent / "shared" / "eval"


EVAL = _eval_root()
csv.field_size_limit(10_000_000)


def allowed(label: str, ontology: Ontology) -> list[str]:
    """Current PLOVER types a gold label stands for (YIELD -> CONCEDE, RETREAT; DEMAND -> REQUEST ...)."""
    out = ontology.modern(label)
    if not out or any(t not in PLOVER_TYPES for t in out):
        raise ValueError(f"label {label!r} has no current PLOVER type")
    return out


def _span(tok: Any) -> list[int] | None:
    return None if tok is None else [tok.idx, tok.idx + len(tok.text)]


def _chars(span: Any) -> list[int] | None:
    return None if span is None else [span.start_char, span.end_char]


def plv_examples(path: Path, nlp: Any, ontology: Ontology) -> list[dict[str, Any]]:
    pairs = read_plv(path)
    texts = list(dict.fromkeys(p.text for p in pairs))
    parsed = dict(zip(texts, nlp.pipe(texts, batch_size=64), strict=True))
    out = []
    for p in pairs:
        sp = parsed[p.text]
        trig = link_trigger(sp, span_tokens(sp, p.source), span_tokens(sp, p.target))
        out.append({"uid": f"plv:{p.uid}", "domain": "plv", "sentence": p.text, "group": p.text,
                    "source": list(p.source) if p.source else None, "target": list(p.target) if p.target else None,
                    "trigger": _span(trig), "labels": allowed(p.root, ontology), "gold": p.root})
    return out


def _find_word(text: str, needle: str | None) -> list[int] | None:
    if not needle:
        return None
    m = re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text)
    return [m.start(), m.end()] if m else None


def gsr_examples(path: Path, ontology: Ontology) -> list[dict[str, Any]]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            text = row["text"]
            try:
                labels = allowed(row["event"], ontology)
            except ValueError:
                continue
            srcs = [_find_word(text, a.get("text")) for a in row.get("source") or []]
            tgts = [_find_word(text, a.get("text")) for a in row.get("target") or []]
            srcs, tgts = [s for s in srcs if s], [t for t in tgts if t]
            if not tgts and len(srcs) >= 2:  # "Hungarian and Romanian officials agreed": symmetric
                srcs, tgts = srcs[:1], srcs[1:2]
            words = (row.get("event_text") or "").split()
            trigger = next((s for s in (_find_word(text, w) for w in words) if s), None)
            out.append({"uid": f"gsr:{row['id']}", "domain": "gsr", "sentence": text, "group": text,
                        "source": srcs[0] if srcs else None, "target": tgts[0] if tgts else None,
                        "trigger": trigger, "labels": labels, "gold": row["event"]})
    return out


def _phrase(tok: Any) -> Any:
    """The noun chunk (or the token) an argument token stands in."""
    for chunk in tok.doc.noun_chunks:
        if chunk.start <= tok.i < chunk.end:
            return chunk
    return tok.doc[tok.i:tok.i + 1]


def ngec_examples(path: Path, nlp: Any, ontology: Ontology) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    leads = [(r["text"] or "").strip()[:600] for r in rows]
    out = []
    for i, (row, sp) in enumerate(zip(rows, nlp.pipe(leads, batch_size=64), strict=True)):
        sent = next(iter(sp.sents), None)
        if sent is None or len(sent) < 5:
            continue
        try:
            labels = allowed(row["label"], ontology)
        except ValueError:
            continue
        root = sent.root
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        agent = next((c for c in root.children if c.dep_ == "agent"), None)
        if subj is not None and subj.dep_ == "nsubjpass":
            target_tok = subj
            subj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        else:
            target_tok = next((c for c in root.children if c.dep_ in ("dobj", "dative")), None)
            if target_tok is None:
                for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ in ("on", "against", "with", "to", "into")):
                    target_tok = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    if target_tok is not None:
                        break
        offset = sent.start_char
        text = sent.text

        def rel(span: Any) -> list[int] | None:
            return None if span is None else [span.start_char - offset, span.end_char - offset]

        out.append({"uid": f"ngec:{i}", "domain": "ngec", "sentence": text, "group": text,
                    "source": rel(_phrase(subj)) if subj is not None else None,
                    "target": rel(_phrase(target_tok)) if target_tok is not None else None,
                    "trigger": [root.idx - offset, root.idx - offset + len(root.text)],
                    "labels": labels, "gold": row["label"]})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plv", type=Path, default=EVAL / "plv" / "plv_train.jsonl")
    ap.add_argument("--gsr", type=Path, default=EVAL / "plover-gsr" / "plover_gsr_flat.jsonl")
    ap.add_argument("--ngec", type=Path, default=EVAL / "ngec-synthetic" / "gpt_synthetic_events_2023-10-19_19.csv")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "event_model" / "examples.jsonl")
    args = ap.parse_args(argv)
    nlp = load_spacy("auto")
    ontology = Ontology.load()
    examples = plv_examples(args.plv, nlp, ontology)
    print(f"plv: {len(examples)}", flush=True)
    if args.gsr and args.gsr.exists():
        gsr = gsr_examples(args.gsr, ontology)
        print(f"gsr: {len(gsr)}", flush=True)
        examples += gsr
    if args.ngec and args.ngec.exists():
        ngec = ngec_examples(args.ngec, nlp, ontology)
        print(f"ngec: {len(ngec)}", flush=True)
        examples += ngec
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for ex in examples:
            fh.write(json.dumps(ex, ensure_ascii=False) + "\n")
    print(f"wrote {len(examples)} examples to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
