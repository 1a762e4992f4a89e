"""Reading inputs: every supported format, and a one-line error for every bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from khaldun.errors import InputError
from khaldun.ingest.readers import read_inputs
from khaldun.schema import Document

ARTICLE = """<html><head><title>Clashes in Kirkuk</title>
<meta property="article:published_time" content="2017-10-16T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Clashes in Kirkuk</h1>
<p>Iraqi forces entered the city of Kirkuk on Monday after Kurdish fighters withdrew from their positions.</p>
<p>Officials in Baghdad said the operation was meant to restore federal authority over the province.</p>
</article><footer>Subscribe to our newsletter. Cookie settings.</footer></body></html>"""


def _read(*paths: str | Path, **kw) -> tuple[list[Document], list[InputError]]:
    items = list(read_inputs([str(p) for p in paths], **kw))
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, InputError)]


def test_txt_is_one_document(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Turkish jets struck targets near Sinjar.\r\nSecond line.")
    docs, errs = _read(p)
    assert not errs
    assert docs[0].doc_id == str(p) and docs[0].text == "Turkish jets struck targets near Sinjar.\nSecond line."


def test_jsonl_fields_and_default_ids(tmp_path):
    p = tmp_path / "d.jsonl"
    p.write_text(json.dumps({"id": "x1", "text": "A text.", "date": "2014-06-10", "title": "T", "url": "u", "source": "s"})
                 + "\n\n" + json.dumps({"text": "Another text."}) + "\n")
    docs, errs = _read(p)
    assert not errs and [d.doc_id for d in docs] == ["x1", f"{p}:3"]
    assert str(docs[0].date) == "2014-06-10" and docs[0].title == "T" and docs[0].url == "u"


def test_html_article_extracted_with_date(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(ARTICLE)
    docs, errs = _read(p)
    assert not errs
    assert "Iraqi forces entered the city of Kirkuk" in docs[0].text
    assert "Subscribe" not in docs[0].text and "Home" not in docs[0].text
    assert str(docs[0].date) == "2017-10-16"


def test_directory_is_recursive_and_sorted(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second.")
    (tmp_path / "1.txt").write_text("First.")
    (tmp_path / ".hidden.txt").write_text("Hidden.")
    (tmp_path / "notes.csv").write_text("a,b")
    docs, errs = _read(tmp_path)
    assert [Path(d.doc_id).name for d in docs] == ["1.txt", "2.txt"] and not errs


def test_stdin_text_and_jsonl():
    docs = [i for i in read_inputs(["-"], stdin=io.BytesIO(b"Plain text from a pipe."))]
    assert docs[0].doc_id == "-" and docs[0].text == "Plain text from a pipe."
    docs = [i for i in read_inputs(["-"], stdin=io.BytesIO(b'{"id": "s1", "text": "One."}\n{"id": "s2", "text": "Two."}\n'))]
    assert [d.doc_id for d in docs] == ["s1", "s2"]


# The bad-input table of docs/reliability.md: (name, bytes or None for a missing path, expected reason).
BAD_INPUTS = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n ", "empty file"),
    ("binary.txt", b"\x00\x01\x02\x03PNG\x00\x00data", "binary file"),
    ("latin1.txt", "Caf\u00e9 in Mosul".encode("latin-1"), "not valid UTF-8"),
    ("noarticle.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text"),
    ("missing.txt", None, "no such file"),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD_INPUTS)
def test_bad_input_gets_one_line_error(tmp_path, name, data, reason):
    p = tmp_path / name
    if data is not None:
        p.write_bytes(data)
    docs, errs = _read(p)
    assert not docs and len(errs) == 1
    assert errs[0].source == str(p) and reason in errs[0].reason and "\n" not in str(errs[0])


def test_malformed_jsonl_line_names_line_and_keeps_others(tmp_path):
    p = tmp_path / "mixed.jsonl"
    p.write_text('{"id": "ok1", "text": "Fine."}\n{"id": broken\n["not", "object"]\n{"id": "nt"}\n'
                 '{"id": "bad-date", "text": "x", "date": "last year"}\n{"id": "ok2", "text": "Also fine."}\n')
    docs, errs = _read(p)
    assert [d.doc_id for d in docs] == ["ok1", "ok2"]
    assert [e.source for e in errs] == [f"{p}:2", f"{p}:3", f"{p}:4", f"{p}:5"]
    assert "not valid JSON" in errs[0].reason and "not a JSON object" in errs[1].reason
    assert "'text'" in errs[2].reason and "not a date" in errs[3].reason


def test_huge_single_line_document_is_refused_with_the_limit(tmp_path):
    p = tmp_path / "huge.txt"
    p.write_text("word " * (1_100_000))  # 5.5 MB on one line
    docs, errs = _read(p)
    assert not docs and "over the limit of 1,000,000" in errs[0].reason and "--max-chars" in errs[0].fix


def test_directory_mixing_bad_and_good(tmp_path):
    for name, data, _ in BAD_INPUTS:
        if data is not None:
            (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text("Iraqi forces attacked Kurdish fighters in Kirkuk.")
    docs, errs = _read(tmp_path)
    assert [Path(d.doc_id).name for d in docs] == ["good.txt"]
    assert len(errs) == len([b for b in BAD_INPUTS if b[1] is not None])
