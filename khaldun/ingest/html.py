"""Article text, title and date from an HTML page (boilerplate dropped), via trafilatura."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Article:
    text: str
    title: str | None
    date: dt.date | None


def extract_article(html: str) -> Article | None:
    """The main text of a news page, or None when the page has no article."""
    import trafilatura  # imported here: it is slow to import and only HTML inputs need it

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    result = trafilatura.bare_extraction(
        html, include_comments=False, include_tables=False, favor_precision=True, with_metadata=True,
    )
    if result is None:
        return None
    get = result.get if isinstance(result, dict) else lambda k: getattr(result, k, None)
    text = (get("text") or "").strip()
    if len(text.split()) < 5:
        return None
    date = None
    raw_date = get("date")
    if raw_date:
        try:
            date = dt.date.fromisoformat(str(raw_date)[:10])
        except ValueError:
            _LOG.debug("unparsable HTML date %r", raw_date)
    title = get("title")
    return Article(text=_paragraphs(text), title=str(title) if title else None, date=date)


def _paragraphs(text: str) -> str:
    """trafilatura separates paragraphs by single newlines; blank lines make sentence breaks certain."""
    lines = [ln.strip() for ln in text.split("\n")]
    return "\n\n".join(ln for ln in lines if ln)
