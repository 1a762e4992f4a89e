"""Reading inputs into Documents: .txt, .html/.htm, .jsonl, directories and stdin.

``read_inputs`` yields a ``Document`` for every document it can read and an
``InputError`` (yielded, not raised) for every one it cannot, so that one bad
file never stops a run. Each error names the input and says how to fix it.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from khaldun.errors import InputError
from khaldun.ingest.html import extract_article
from khaldun.schema import Document

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
ACCEPTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
STDIN = "-"

Item = Document | InputError


def read_inputs(inputs: Iterable[str], *, max_chars: int = 1_000_000, stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Expand files, directories (recursively, sorted) and ``-`` into documents and input errors."""
    for given in inputs:
        if given == STDIN:
            yield from _read_stdin(stdin or sys.stdin.buffer, max_chars)
            continue
        path = Path(given)
        if not path.exists():
            yield InputError(given, "no such file or directory", "check the path")
        elif path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path))
            for p in files:
                if p.suffix.lower() in ACCEPTED:
                    yield from read_file(p, str(p), max_chars=max_chars)
        else:
            yield from read_file(path, given, max_chars=max_chars)


def _hidden(p: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in p.relative_to(root).parts)


def read_file(path: Path, name: str, *, max_chars: int = 1_000_000) -> Iterator[Item]:
    """Read one file by its suffix; unknown suffixes are read as plain text."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield InputError(name, f"cannot be read ({exc.strerror})", "check the file's permissions")
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl_bytes(raw, name, max_chars=max_chars)
        return
    text = _decode(raw, name)
    if isinstance(text, InputError):
        yield text
        return
    title: str | None = None
    date: dt.date | None = None
    if suffix in HTML_SUFFIXES:
        article = extract_article(text)
        if article is None:
            yield InputError(name, "no article text found in the HTML page", "pass the article page itself, or its text as .txt")
            return
        text, title, date = article.text, article.title, article.date
    yield from _checked(Document(doc_id=name, text=text, title=title, date=date, origin=name), max_chars)


def read_jsonl_bytes(raw: bytes, name: str, *, max_chars: int = 1_000_000) -> Iterator[Item]:
    """One document per line; a bad line is an error naming ``file:line``, the other lines are read."""
    text = _decode(raw, name)
    if isinstance(text, InputError):
        yield text
        return
    seen_any = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        seen_any = True
        where = f"{name}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"not valid JSON ({exc.msg} at column {exc.colno})", "each line must be one JSON object")
            continue
        if not isinstance(obj, dict):
            yield InputError(where, "line is not a JSON object", 'write {"text": "...", "id": "..."}')
            continue
        body = obj.get("text")
        if not isinstance(body, str):
            yield InputError(where, "no 'text' field (a string) in the object", 'every line needs "text"')
            continue
        try:
            date = parse_date(obj.get("date"))
        except ValueError:
            yield InputError(where, f"'date' {obj.get('date')!r} is not a date", "use YYYY-MM-DD")
            continue
        doc_id = obj.get("id")
        doc = Document(
            doc_id=str(doc_id) if doc_id not in (None, "") else where,
            text=body, title=_opt_str(obj.get("title")), date=date,
            url=_opt_str(obj.get("url")), source=_opt_str(obj.get("source")), origin=where,
        )
        yield from _checked(doc, max_chars)
    if not seen_any:
        yield InputError(name, "empty file: no JSON lines", "each line must be one JSON object with 'text'")


def _read_stdin(stream: BinaryIO, max_chars: int) -> Iterator[Item]:
    raw = stream.read()
    head = raw.lstrip()[:1]
    if head == b"{":
        first = raw.lstrip().split(b"\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                yield from read_jsonl_bytes(raw, STDIN, max_chars=max_chars)
                return
        except (json.JSONDecodeError, UnicodeDecodeError):
            pass
    text = _decode(raw, STDIN)
    if isinstance(text, InputError):
        yield text
        return
    yield from _checked(Document(doc_id=STDIN, text=text, origin=STDIN), max_chars)


def _checked(doc: Document, max_chars: int) -> Iterator[Item]:
    if not doc.text.strip():
        yield InputError(doc.origin or doc.doc_id, "empty document: no text to code", "remove it or add its text")
    elif len(doc.text) > max_chars:
        yield InputError(
            doc.origin or doc.doc_id,
            f"document has {len(doc.text):,} characters, over the limit of {max_chars:,}",
            "split it into articles, or raise the limit with --max-chars",
        )
    else:
        yield doc


def _decode(raw: bytes, name: str) -> str | InputError:
    if not raw.strip():
        return InputError(name, "empty file", "remove it or add text")
    sample = raw[:8192]
    if b"\x00" in sample or _control_ratio(sample) > 0.1:
        return InputError(name, "binary file, not text", "pass .txt, .html or .jsonl files")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return InputError(name, f"not valid UTF-8 (byte {exc.start})", "re-save the file as UTF-8")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _control_ratio(sample: bytes) -> float:
    if not sample:
        return 0.0
    bad = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bad / len(sample)


def _opt_str(v: object) -> str | None:
    return None if v is None else str(v)


def parse_date(value: object) -> dt.date | None:
    """ISO dates and datetimes (``2014-06-10``, ``2014-06-10T08:00:00Z``); None stays None."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        v = value.strip()
        try:
            return dt.date.fromisoformat(v[:10])
        except ValueError:
            pass
    raise ValueError(f"not an ISO date: {value!r}")
