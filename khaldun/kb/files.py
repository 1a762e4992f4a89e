"""Reading knowledge files (JSONL and YAML) with errors that name the file and line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from khaldun.errors import DataFileError

M = TypeVar("M", bound=BaseModel)


def data_path(*parts: str) -> Path:
    """Path of a file shipped in ``khaldun/data``."""
    return Path(str(resources.files("khaldun") / "data" / Path(*parts)))


def _explain(err: ValidationError) -> str:
    first = err.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    msg = first.get("msg", str(err))
    return f"{where}: {msg}" if where else msg


def read_jsonl(path: Path, model: type[M]) -> Iterator[tuple[int, M]]:
    """Yield ``(line_number, record)``; blank lines and ``//`` comment lines are skipped."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(str(path), None, f"cannot be read ({exc.strerror}); check the path") from exc
    with handle:
        for number, line in enumerate(handle, start=1):
            stripped = line.strip()
            if not stripped or stripped.startswith("//"):
                continue
            try:
                raw = json.loads(stripped)
            except json.JSONDecodeError as exc:
                raise DataFileError(str(path), number, f"not valid JSON ({exc.msg})") from exc
            try:
                yield number, model.model_validate(raw)
            except ValidationError as exc:
                raise DataFileError(str(path), number, _explain(exc)) from exc


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; syntax errors name the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(str(path), None, f"cannot be read ({exc.strerror}); check the path") from exc
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataFileError(str(path), line, f"not valid YAML ({getattr(exc, 'problem', exc)})") from exc


def validate_items(path: Path, items: list[Any], model: type[M], what: str,
                   lines: list[int | None] | None = None) -> list[M]:
    """Validate a YAML list; errors name the item's position, and its line when ``lines`` gives it."""
    out: list[M] = []
    if not isinstance(items, list):
        raise DataFileError(str(path), None, f"'{what}' must be a list")
    for i, item in enumerate(items):
        try:
            out.append(model.model_validate(item))
        except ValidationError as exc:
            line = lines[i] if lines is not None and i < len(lines) else None
            raise DataFileError(str(path), line, f"{what}[{i}]: {_explain(exc)}") from exc
    return out


def yaml_item_lines(path: Path, key: str) -> list[int | None]:
    """1-based line of each item of the YAML list under ``key`` (or of a top-level list), for error messages."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError):
        return []
    if isinstance(node, yaml.MappingNode):
        node = next((v for k, v in node.value if getattr(k, "value", None) == key), None)
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [item.start_mark.line + 1 for item in node.value]


def read_records(path: Path, model: type[M], key: str) -> list[tuple[int | None, M]]:
    """Read a list of records from ``.jsonl`` (one per line) or ``.yaml`` (a list under ``key``)."""
    if path.suffix == ".jsonl":
        return list(read_jsonl(path, model))
    if path.suffix in (".yaml", ".yml"):
        doc = read_yaml(path)
        items = doc.get(key) if isinstance(doc, dict) else doc
        lines = yaml_item_lines(path, key)
        records = validate_items(path, items or [], model, key, lines)
        return [(lines[i] if i < len(lines) else None, r) for i, r in enumerate(records)]
    raise DataFileError(str(path), None, f"unknown file type {path.suffix!r}; use .jsonl or .yaml")
