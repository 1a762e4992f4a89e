"""``python -m khaldun``: the command line."""

from khaldun.cli import cli

cli()
