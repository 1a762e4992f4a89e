"""The one version string of khaldun."""

__version__ = "0.1.0"
