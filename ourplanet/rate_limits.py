"""Requests per person per minute, counted in the cache (shared through Redis when several
processes serve the site), so no editor can keep a worker busy with previews or autosaves."""

from django.core.cache import cache
from django.utils import timezone


def allow(action, user, per_minute):
    """Count one ``action`` by ``user`` in this minute; False once ``per_minute`` is reached."""
    window = int(timezone.now().timestamp() // 60)
    key = f"rate:{action}:{user.pk}:{window}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count <= per_minute
