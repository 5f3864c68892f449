"""A fixed-window limit per client, counted in Django's cache (shared between processes and
machines when the cache is Redis), so one client's flood cannot crowd out other readers."""

import hashlib

from django.core.cache import cache


def client_key(request):
    """The client, as the connection says; hashed so the cache holds no addresses."""
    address = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def over_limit(request, scope, *, limit, window):
    """Count one more attempt by this client; True once it has made more than ``limit`` in
    the current ``window`` seconds."""
    key = f"ratelimit:{scope}:{client_key(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
