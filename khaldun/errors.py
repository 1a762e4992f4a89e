"""Typed errors raised by the khaldun library.

The library never prints or exits: it raises one of these. Only the CLI and the
API turn them into exit codes and HTTP statuses (``exit_code`` / ``status``).
Every message says what went wrong, with which input, and what to do about it.
"""

from __future__ import annotations


class KhaldunError(Exception):
    """Base class of every error khaldun raises on purpose."""

    code = "K000"
    exit_code = 1
    status = 500

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class InputError(KhaldunError):
    """One input (file, line, stdin) cannot be coded; the rest of a run goes on."""

    code = "K100"
    exit_code = 1
    status = 422

    def __init__(self, source: str, reason: str, fix: str = "") -> None:
        self.source = source
        self.reason = reason
        self.fix = fix
        text = f"{source}: {reason}"
        if fix:
            text += f" ({fix})"
        super().__init__(text)


class UsageError(KhaldunError):
    """The caller asked for something that cannot be done as asked (bad option, bad date)."""

    code = "K200"
    exit_code = 2
    status = 400


class ConfigError(KhaldunError):
    """A setting or an installed component (spaCy model, trained weights) is missing or wrong."""

    code = "K300"
    exit_code = 2
    status = 500


class ModelNotInstalledError(ConfigError):
    """No spaCy English pipeline could be loaded."""

    code = "K301"


class DataFileError(KhaldunError):
    """A knowledge file (ontology, lexicon, actors, places) failed validation on load."""

    code = "K400"
    exit_code = 2
    status = 500

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        where = f"{path} line {line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class StoreError(KhaldunError):
    """The database cannot be opened, migrated or written."""

    code = "K500"
    exit_code = 1
    status = 500


class NotFound(KhaldunError):
    """A requested record does not exist."""

    code = "K404"
    exit_code = 1
    status = 404
