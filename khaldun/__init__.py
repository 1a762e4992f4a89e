"""khaldun: political event data from text (who did what to whom, when and where).

The public API::

    from khaldun import Coder
    events = Coder().code("Iraqi forces attacked Kurdish fighters in Kirkuk on Friday.", date="2017-10-20")
"""

from khaldun.errors import ConfigError, DataFileError, InputError, KhaldunError, StoreError, UsageError
from khaldun.schema import CodedDocument, Document, Event
from khaldun.version import __version__

__all__ = [
    "Coder", "Store", "Event", "Document", "CodedDocument", "Settings",
    "KhaldunError", "InputError", "UsageError", "ConfigError", "DataFileError", "StoreError", "__version__",
]


def __getattr__(name: str) -> object:
    """Heavy parts (spaCy, SQLite) load on first use, not on ``import khaldun``."""
    if name == "Coder":
        from khaldun.pipeline import Coder

        return Coder
    if name == "Store":
        from khaldun.store.db import Store

        return Store
    if name == "Settings":
        from khaldun.settings import Settings

        return Settings
    raise AttributeError(name)
