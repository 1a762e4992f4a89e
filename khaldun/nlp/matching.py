"""Fast phrase lookup over parsed documents (spaCy's PhraseMatcher), keyed by our own ids.

Stages build a ``PhraseIndex`` from knowledge-base phrases once, at start-up, and
query it per document; they never touch spaCy's matcher API directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from khaldun.kb.actors import normalize


class PhraseIndex:
    """Case-insensitive phrase -> keys index, matched on token sequences."""

    def __init__(self, nlp: Any) -> None:
        from spacy.matcher import PhraseMatcher

        self._nlp = nlp
        self._matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._keys: dict[int, str] = {}

    def add(self, key: str, phrases: Iterable[str]) -> None:
        """Register phrases (with quote and hyphen variants) under ``key``."""
        variants: set[str] = set()
        for phrase in phrases:
            p = phrase.strip()
            if not p:
                continue
            variants.add(p)
            variants.add(p.replace("\u2019", "'"))
            variants.add(p.replace("'", "\u2019"))
            if "-" in p:
                variants.add(p.replace("-", " "))
            if p.lower().startswith("the "):
                variants.add(p[4:])
        if not variants:
            return
        docs = list(self._nlp.tokenizer.pipe(sorted(variants)))
        self._matcher.add(key, docs)
        self._keys[self._nlp.vocab.strings[key]] = key

    def find(self, doc: Any, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        """(token_start, token_end, key) of every match, longest-first non-overlapping spans kept per key set."""
        target = doc[start:end] if (start or end is not None) else doc
        offset = start if (start or end is not None) else 0
        return [(s + offset, e + offset, self._keys.get(mid) or self._nlp.vocab.strings[mid])
                for mid, s, e in self._matcher(target)]


def longest_spans(matches: list[tuple[int, int, str]]) -> dict[tuple[int, int], list[str]]:
    """Keep the longest non-overlapping spans; keys of identical spans are grouped."""
    by_span: dict[tuple[int, int], list[str]] = {}
    for s, e, k in matches:
        by_span.setdefault((s, e), []).append(k)
    kept: dict[tuple[int, int], list[str]] = {}
    taken: set[int] = set()
    for (s, e) in sorted(by_span, key=lambda se: (-(se[1] - se[0]), se[0])):
        if any(i in taken for i in range(s, e)):
            continue
        kept[(s, e)] = by_span[(s, e)]
        taken.update(range(s, e))
    return dict(sorted(kept.items()))


__all__ = ["PhraseIndex", "longest_spans", "normalize"]
