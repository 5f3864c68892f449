"""One number that moves whenever anything a reader can see changes.

Every page-cache key and every ETag carries it, so invalidating the whole public site is one
increment: no list of URLs to purge, and nothing served from before the change can be found
again. It lives in the default cache (shared through Redis when ``REDIS_URL`` is set).

Call ``bump()`` after any change that can alter a public page. Inside a transaction it moves
the number at once *and* again when the transaction commits: a reader who rendered a page
between the two (from data not yet committed) stored it under a number nobody asks for.
"""

import time

from django.core.cache import cache
from django.db import transaction

KEY = "content-generation"


def _fresh_start():
    # If the counter was evicted, start above any value it can have reached, so pages stored
    # under an old number are never found again: milliseconds since the epoch.
    return int(time.time() * 1000)


def current():
    """The generation now (creating it if the cache has none)."""
    generation = cache.get(KEY)
    if generation is None:
        cache.add(KEY, _fresh_start(), timeout=None)
        generation = cache.get(KEY)
    return generation


def _increment():
    try:
        cache.incr(KEY)
    except ValueError:  # missing: evicted or never set
        cache.add(KEY, _fresh_start(), timeout=None)


def bump():
    """Make every cached public page and every ETag given out so far stale."""
    _increment()
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        transaction.on_commit(_increment)
