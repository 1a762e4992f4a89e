"""Speed and accuracy of the event-type model: fp32 against int8, and its cost against spaCy's parse.

    nice -n 10 python scripts/bench_event_model.py --model khaldun/data/models/event-type-<date> --docs 80

All timings are taken in one process, alternating the contenders and keeping
the fastest of ``--rounds`` runs, and reported as ratios against the spaCy
parse of the same text (timings on a shared machine are noisy; ratios less so).

Candidates: the coder's own (trigger lexicon + roles) when the lexicon has
patterns; with an empty lexicon, every verb that has a subject actor-like noun
phrase gives one (subject = source, object = target), which over-counts the
coder's candidates and so over-states the model's cost.

With ``--cv-dir``, the accuracy cost of int8: each fold model, quantized and
not, types its own out-of-fold PLV pairs.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from khaldun.evaluate.metrics import classification_report  # noqa: E402
from khaldun.events.classify import MarkedPair  # noqa: E402
from khaldun.events.encoder import EncoderClassifier  # noqa: E402
from khaldun.kb.ontology import PLV_ROOTS, plv_root  # noqa: E402
from khaldun.nlp.parse import load_spacy  # noqa: E402


def corpus_texts(path: Path, n: int) -> list[str]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            if obj.get("corpus") == "NGEC-synthetic" or not (obj.get("text") or "").strip():
                continue
            out.append(obj["text"])
            if len(out) >= n:
                break
    return out


def heuristic_candidates(doc: Any) -> list[list[MarkedPair]]:
    """Per document, one candidate per verb with a nominal subject (a generous stand-in for the coder's)."""
    chunks = {t.i: c for c in doc.noun_chunks for t in c}
    out: list[MarkedPair] = []
    for sent in doc.sents:
        off = sent.start_char
        for tok in sent:
            if tok.pos_ != "VERB":
                continue
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None or subj.i not in chunks:
                continue
            obj = next((c for c in tok.children if c.dep_ in ("dobj", "dative")), None)
            s = chunks[subj.i]
            o = chunks.get(obj.i) if obj is not None else None
            out.append(MarkedPair(sent.text, (tok.idx - off, tok.idx - off + len(tok.text)),
                                  (s.start_char - off, s.end_char - off),
                                  (o.start_char - off, o.end_char - off) if o is not None else None))
    return [out]


def coder_candidates(coder: Any, texts: list[str]) -> list[list[MarkedPair]]:
    from khaldun.events.classify import TypeDecider
    from khaldun.schema import Document

    got: list[list[MarkedPair]] = []

    class Spy:
        name, labels = "spy", ()

        def predict(self, items):  # noqa: ANN001
            got.append(list(items))
            return [{} for _ in items]

    coder.decider = TypeDecider(coder.ontology, Spy(), coder.decider.combiner)
    for stage in coder.stages:
        if getattr(stage, "name", "") == "events":
            stage.decider = coder.decider
    list(coder.pipe([Document(doc_id=str(i), text=t, origin=str(i)) for i, t in enumerate(texts)]))
    return got


def timed(fn: Any) -> float:
    gc.collect()
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def oof_accuracy(cv_dir: Path, examples: Path) -> dict[str, Any]:
    rows = [json.loads(line) for line in (cv_dir / "oof.jsonl").open(encoding="utf-8")]
    out: dict[str, Any] = {}
    for quant in (False, True):
        pred: dict[str, str] = {}
        for fold_dir in sorted(p for p in cv_dir.glob("fold*") if p.is_dir()):
            k = int(fold_dir.name.removeprefix("fold"))
            clf = EncoderClassifier.load(fold_dir, quantize=quant)
            mine = [r for r in rows if r["fold"] == k]
            items = [MarkedPair(r["sentence"], tuple(r["trigger"]) if r["trigger"] else (0, 0),
                                tuple(r["source"]) if r["source"] else None,
                                tuple(r["target"]) if r["target"] else None) for r in mine]
            for r, p in zip(mine, clf.predict(items), strict=True):
                pred[r["uid"]] = plv_root(max(p, key=lambda t: p[t]))
        rep = classification_report([r["gold"] for r in rows], [pred[r["uid"]] for r in rows], PLV_ROOTS)
        out["int8" if quant else "fp32"] = {"macro_f1": rep["macro_f1"], "accuracy": rep["accuracy"], "n": rep["n"]}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Speed (fp32/int8 vs spaCy parse) and int8 accuracy of the event model.")
    ap.add_argument("--model", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "news.jsonl")
    ap.add_argument("--docs", type=int, default=80)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--cv-dir", type=Path, default=None)
    ap.add_argument("--examples", type=Path, default=ROOT / "build" / "event_model" / "examples.jsonl")
    ap.add_argument("--write", action="store_true", help="store the figures as speed.json in the model dir")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        args.corpus = ROOT.parent.parent / "shared" / "corpus" / "news.jsonl"
    torch.set_num_threads(args.threads)
    texts = corpus_texts(args.corpus, args.docs)
    nlp = load_spacy("auto")
    from khaldun.pipeline import Coder
    from khaldun.settings import Settings

    coder = Coder(Settings(classifier="none"), model=None)
    if len(coder.lexicon):
        per_doc = coder_candidates(coder, texts)
        source = f"the coder's candidates ({len(coder.lexicon)} lexicon patterns)"
    else:
        per_doc = [c for d in nlp.pipe(texts) for c in heuristic_candidates(d)]
        source = "verb-with-subject stand-ins (the lexicon is empty)"
    fp32 = EncoderClassifier.load(args.model, quantize=False)
    int8 = EncoderClassifier.load(args.model, quantize=True)
    n_cands = sum(len(c) for c in per_doc)
    n_sent_with = sum(len({c.sentence for c in d}) for d in per_doc)
    one_each = [[next(c for c in d if c.sentence == s) for s in dict.fromkeys(c.sentence for c in d)] for d in per_doc]
    parse, t32, t8, t8_one = [], [], [], []
    for _ in range(args.rounds):
        parse.append(timed(lambda: list(nlp.pipe(texts, batch_size=32))))
        t32.append(timed(lambda: [fp32.predict(d) for d in per_doc]))
        t8.append(timed(lambda: [int8.predict(d) for d in per_doc]))
        t8_one.append(timed(lambda: [int8.predict(d) for d in one_each]))
    n_sents = sum(len(list(d.sents)) for d in nlp.pipe(texts))
    p, a, b, c = min(parse), min(t32), min(t8), min(t8_one)
    extra = max(b - c, 0.0) / max(n_cands - n_sent_with, 1)
    out = {
        "documents": len(texts), "characters": sum(len(t) for t in texts), "sentences": n_sents,
        "candidates": n_cands, "sentences_with_candidates": n_sent_with, "candidates_from": source,
        "threads": args.threads,
        "spacy_parse_sentences_per_s": round(n_sents / p, 1),
        "model_fp32_candidate_sentences_per_s": round(n_sent_with / a, 1),
        "model_int8_candidate_sentences_per_s": round(n_sent_with / b, 1),
        "model_fp32_over_parse": round(a / p, 3),
        "model_int8_over_parse": round(b / p, 3),
        "int8_one_candidate_per_sentence_over_parse": round(c / p, 3),
        "int8_each_further_candidate_over_parse_per_sentence": round(extra / (p / n_sents), 4),
    }
    if args.cv_dir is not None:
        out["out_of_fold_plv"] = oof_accuracy(args.cv_dir, args.examples)
    print(json.dumps(out, indent=2))
    if args.write:
        (args.model / "speed.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
