"""A fixed-window limit per client, counted in Django's cache (shared between processes and
machines when the cache is Redis), so one client's flood cannot crowd out other readers."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string


def client_key(request):
    """The client's address (``WARNINGS_CLIENT_ADDRESS``: the connection's, or a function that
    knows the proxies in front), hashed so the cache holds no addresses."""
    address = _client_address()(request)
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def _client_address():
    path = getattr(settings, "WARNINGS_CLIENT_ADDRESS", None)
    return import_string(path) if path else (lambda request: request.META.get("REMOTE_ADDR", ""))


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
