"""Regenerate the generated parts of docs/: settings.md and event.schema.json. Run after changing either."""

from __future__ import annotations

import json
from pathlib import Path

from khaldun.schema import Event
from khaldun.settings import describe

ROOT = Path(__file__).resolve().parents[1]


def settings_md() -> str:
    lines = ["# Settings", "", "Every option of the coder, declared once in `khaldun/settings.py`. Set them with",
             "`Settings(...)` in Python, with the CLI flags where one exists, or with environment variables",
             "`KHALDUN_<NAME>` (paths separated by `:`). Precedence: arguments, then environment, then defaults.", "",
             "| setting | default | meaning |", "|---|---|---|"]
    for name, default, help_ in describe():
        lines.append(f"| `{name}` | `{default!r}` | {help_} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    (ROOT / "docs" / "settings.md").write_text(settings_md())
    (ROOT / "docs" / "event.schema.json").write_text(json.dumps(Event.model_json_schema(), indent=2) + "\n")
