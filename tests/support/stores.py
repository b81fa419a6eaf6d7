"""Opening a test server's database from the test process."""
from __future__ import annotations

import contextlib
from typing import Iterator


@contextlib.contextmanager
def store_at(url: str) -> Iterator["object"]:
    """The server's database, opened the way the app opens it (closed afterwards)."""
    from incidents.store import Store

    store = Store(url)
    try:
        yield store
    finally:
        store.engine.dispose()
