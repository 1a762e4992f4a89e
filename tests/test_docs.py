"""The docs cannot drift from the code: settings, commands, the schema."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from khaldun.cli import cli

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))


def test_settings_doc_is_generated_from_the_code():
    from gen_docs import settings_md

    assert (ROOT / "docs" / "settings.md").read_text() == settings_md(), "run: python scripts/gen_docs.py"


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_is_in_the_readme(command):
    assert f"khaldun {command}" in (ROOT / "README.md").read_text()


@pytest.mark.parametrize("command", sorted(cli.commands.values(), key=lambda c: c.name))
def test_every_command_has_help(command):
    assert command.help


def test_readme_names_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()
